package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Options shared by every hub component: today only feature gates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentOptions {
    private List<FeatureGate> featureGates;

    public List<FeatureGate> getFeatureGates() {
        return featureGates;
    }

    public void setFeatureGates(List<FeatureGate> featureGates) {
        this.featureGates = featureGates;
    }
}
