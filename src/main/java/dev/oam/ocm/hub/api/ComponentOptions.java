package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** Options shared by every hub component: today only feature gates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentOptions {
    /**
     * Refused at admission when a feature repeats: OCM would pick one of the two silently. A CEL rule rather
     * than a list-map, for a message that says what is wrong; the size bound keeps the rule's cost within
     * what the API server accepts.
     */
    @Size(max = 64)
    @ValidationRule(value = "self.all(g, self.exists_one(h, h.feature == g.feature))",
            message = "a feature gate may appear only once per component")
    @JsonPropertyDescription("Feature gates {feature, mode: Enable|Disable} of this component; a feature may appear once.")
    private List<FeatureGate> featureGates;

    public List<FeatureGate> getFeatureGates() {
        return featureGates;
    }

    public void setFeatureGates(List<FeatureGate> featureGates) {
        this.featureGates = featureGates;
    }
}
