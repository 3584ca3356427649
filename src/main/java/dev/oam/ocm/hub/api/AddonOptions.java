package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** One OCM addon: whether its hub side is installed, at which pinned release, and for which clusters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddonOptions {
    @Default("false")
    @JsonPropertyDescription("Install the addon's manager on the hub and its agent on the placed clusters.")
    private Boolean enabled;

    @Pattern("^v?[0-9]+\\.[0-9]+\\.[0-9]+$")
    @JsonPropertyDescription("Release of the addon; defaults to the newest the operator knows. An unknown release is"
            + " refused, never guessed.")
    private String version;

    @JsonPropertyDescription("Placement that selects the clusters; unset, every cluster of the global ManagedClusterSet.")
    private AddonPlacement placement;

    public AddonOptions() {
    }

    public AddonOptions(Boolean enabled, String version, AddonPlacement placement) {
        this.enabled = enabled;
        this.version = version;
        this.placement = placement;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public AddonPlacement getPlacement() {
        return placement;
    }

    public void setPlacement(AddonPlacement placement) {
        this.placement = placement;
    }
}
