package dev.oam.ocm.hub.api.clustermanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oam.ocm.hub.api.FeatureGate;

import java.util.List;

/** A component configuration that only carries feature gates (placement, addon manager). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class FeatureGatesConfiguration {
    private List<FeatureGate> featureGates;

    public List<FeatureGate> getFeatureGates() {
        return featureGates;
    }

    public void setFeatureGates(List<FeatureGate> featureGates) {
        this.featureGates = featureGates;
    }
}
