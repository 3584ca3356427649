package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The ClusterManager knobs users need; everything else keeps OCM's defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterManagerOptions {
    @JsonPropertyDescription("Registration controller; defaults to feature gate DefaultClusterSet=Enable.")
    private RegistrationOptions registration;
    private ComponentOptions work;
    private ComponentOptions placement;
    private ComponentOptions addOnManager;

    @JsonPropertyDescription("Node selector and tolerations of the hub component pods.")
    private NodePlacement nodePlacement;

    @JsonPropertyDescription("Resource requests of the hub component pods: Default or BestEffort.")
    private ResourceRequirementType resourceRequirement;

    @Min(1)
    @Max(5)
    @JsonPropertyDescription("Replicas of every hub component Deployment. Unset lets the registration-operator decide,"
            + " which gives 1 on clusters without the legacy master node label.")
    private Integer hubReplicas;

    public RegistrationOptions getRegistration() {
        return registration;
    }

    public void setRegistration(RegistrationOptions registration) {
        this.registration = registration;
    }

    public ComponentOptions getWork() {
        return work;
    }

    public void setWork(ComponentOptions work) {
        this.work = work;
    }

    public ComponentOptions getPlacement() {
        return placement;
    }

    public void setPlacement(ComponentOptions placement) {
        this.placement = placement;
    }

    public ComponentOptions getAddOnManager() {
        return addOnManager;
    }

    public void setAddOnManager(ComponentOptions addOnManager) {
        this.addOnManager = addOnManager;
    }

    public NodePlacement getNodePlacement() {
        return nodePlacement;
    }

    public void setNodePlacement(NodePlacement nodePlacement) {
        this.nodePlacement = nodePlacement;
    }

    public ResourceRequirementType getResourceRequirement() {
        return resourceRequirement;
    }

    public void setResourceRequirement(ResourceRequirementType resourceRequirement) {
        this.resourceRequirement = resourceRequirement;
    }

    public Integer getHubReplicas() {
        return hubReplicas;
    }

    public void setHubReplicas(Integer hubReplicas) {
        this.hubReplicas = hubReplicas;
    }
}
