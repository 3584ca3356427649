package dev.oam.ocm.hub.api.addon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;

import java.util.Map;

/**
 * A custom resource of OCM or of an addon that the operator writes whole and never reads field by field: the
 * spec is a plain map, so one class per kind (for its group, version and plural, which spare a discovery
 * request) is all the typing it needs. Status is left to the addon's controllers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public abstract class AddonResource extends CustomResource<Map<String, Object>, Map<String, Object>> {
}
