package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The registration-operator Deployment: replicas (it elects a leader, so more than one is HA), sizing, placement. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OperatorOptions {
    @Min(1)
    @Max(5)
    @JsonPropertyDescription("Replicas of the registration-operator; 1 by default, 3 for HA.")
    private Integer replicas;

    // Claims name pod resource claims, which the operator never renders, so the API server would refuse any claim.
    // Quantities are not checked here: a regex over int-or-string values without maxLength exceeds the API server's
    // CEL cost budget (measured on kube-apiserver 1.34), and quantity() needs Kubernetes 1.29 or later.
    @ValidationRule(value = "!has(self.claims)",
            message = "resources.claims is not supported: the registration-operator pod declares no resource claims")
    @JsonPropertyDescription("Resources of the registration-operator container; default requests 2m CPU and 16Mi"
            + " memory, no limits.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node selector and tolerations of the registration-operator pods.")
    private NodePlacement nodePlacement;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public NodePlacement getNodePlacement() {
        return nodePlacement;
    }

    public void setNodePlacement(NodePlacement nodePlacement) {
        this.nodePlacement = nodePlacement;
    }
}
