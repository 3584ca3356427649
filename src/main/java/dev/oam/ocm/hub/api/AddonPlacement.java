package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A Placement the user manages, naming the clusters an addon goes to. The operator only points the addon's
 * ClusterManagementAddOn at it: the Placement and the ManagedClusterSetBinding it needs are the user's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddonPlacement {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    @JsonPropertyDescription("Name of the Placement.")
    private String name;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    @JsonPropertyDescription("Namespace of the Placement.")
    private String namespace;

    public AddonPlacement() {
    }

    public AddonPlacement(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }
}
