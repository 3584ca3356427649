package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** One addon as observed: its release and how many clusters run its agent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddonStatus {
    @JsonPropertyDescription("Release of the addon whose hub side is applied.")
    private String version;

    @JsonPropertyDescription("Clusters the addon is installed on (its ManagedClusterAddOns).")
    private int clusters;

    @JsonPropertyDescription("Clusters whose ManagedClusterAddOn reports Available=True.")
    private int available;

    public AddonStatus() {
    }

    public AddonStatus(String version, int clusters, int available) {
        this.version = version;
        this.clusters = clusters;
        this.available = available;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public int getClusters() {
        return clusters;
    }

    public void setClusters(int clusters) {
        this.clusters = clusters;
    }

    public int getAvailable() {
        return available;
    }

    public void setAvailable(int available) {
        this.available = available;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddonStatus s && Objects.equals(version, s.version) && clusters == s.clusters
                && available == s.available;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, clusters, available);
    }
}
