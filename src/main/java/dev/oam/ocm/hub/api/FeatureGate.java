package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.Objects;

/** One feature gate of a hub component, copied into the ClusterManager as is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureGate {
    public enum Mode { Enable, Disable }

    @Required
    @Pattern("^[A-Za-z][A-Za-z0-9]*$")
    @Size(max = 128) // bounds the cost of the uniqueness rule on the list
    private String feature;

    @Default("Enable")
    private Mode mode;

    public FeatureGate() {
    }

    public FeatureGate(String feature, Mode mode) {
        this.feature = feature;
        this.mode = mode;
    }

    public String getFeature() {
        return feature;
    }

    public void setFeature(String feature) {
        this.feature = feature;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureGate g && Objects.equals(feature, g.feature) && mode == g.mode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(feature, mode);
    }
}
