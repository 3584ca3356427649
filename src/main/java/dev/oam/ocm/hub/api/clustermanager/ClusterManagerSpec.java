package dev.oam.ocm.hub.api.clustermanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oam.ocm.hub.api.NodePlacement;

/** ClusterManager spec fields the operator sets. Names follow operator.open-cluster-management.io/v1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterManagerSpec {
    private String registrationImagePullSpec;
    private String workImagePullSpec;
    private String placementImagePullSpec;
    private String addOnManagerImagePullSpec;
    private NodePlacement nodePlacement;
    private DeployOption deployOption;
    private RegistrationConfiguration registrationConfiguration;
    private WorkConfiguration workConfiguration;
    private FeatureGatesConfiguration addOnManagerConfiguration;
    private FeatureGatesConfiguration placementConfiguration;
    private ResourceRequirement resourceRequirement;

    public String getRegistrationImagePullSpec() {
        return registrationImagePullSpec;
    }

    public void setRegistrationImagePullSpec(String registrationImagePullSpec) {
        this.registrationImagePullSpec = registrationImagePullSpec;
    }

    public String getWorkImagePullSpec() {
        return workImagePullSpec;
    }

    public void setWorkImagePullSpec(String workImagePullSpec) {
        this.workImagePullSpec = workImagePullSpec;
    }

    public String getPlacementImagePullSpec() {
        return placementImagePullSpec;
    }

    public void setPlacementImagePullSpec(String placementImagePullSpec) {
        this.placementImagePullSpec = placementImagePullSpec;
    }

    public String getAddOnManagerImagePullSpec() {
        return addOnManagerImagePullSpec;
    }

    public void setAddOnManagerImagePullSpec(String addOnManagerImagePullSpec) {
        this.addOnManagerImagePullSpec = addOnManagerImagePullSpec;
    }

    public NodePlacement getNodePlacement() {
        return nodePlacement;
    }

    public void setNodePlacement(NodePlacement nodePlacement) {
        this.nodePlacement = nodePlacement;
    }

    public DeployOption getDeployOption() {
        return deployOption;
    }

    public void setDeployOption(DeployOption deployOption) {
        this.deployOption = deployOption;
    }

    public RegistrationConfiguration getRegistrationConfiguration() {
        return registrationConfiguration;
    }

    public void setRegistrationConfiguration(RegistrationConfiguration registrationConfiguration) {
        this.registrationConfiguration = registrationConfiguration;
    }

    public WorkConfiguration getWorkConfiguration() {
        return workConfiguration;
    }

    public void setWorkConfiguration(WorkConfiguration workConfiguration) {
        this.workConfiguration = workConfiguration;
    }

    public FeatureGatesConfiguration getAddOnManagerConfiguration() {
        return addOnManagerConfiguration;
    }

    public void setAddOnManagerConfiguration(FeatureGatesConfiguration addOnManagerConfiguration) {
        this.addOnManagerConfiguration = addOnManagerConfiguration;
    }

    public FeatureGatesConfiguration getPlacementConfiguration() {
        return placementConfiguration;
    }

    public void setPlacementConfiguration(FeatureGatesConfiguration placementConfiguration) {
        this.placementConfiguration = placementConfiguration;
    }

    public ResourceRequirement getResourceRequirement() {
        return resourceRequirement;
    }

    public void setResourceRequirement(ResourceRequirement resourceRequirement) {
        this.resourceRequirement = resourceRequirement;
    }

    /** spec.deployOption: Default (in the hub cluster) or Hosted; this operator installs Default. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class DeployOption {
        private String mode;

        public DeployOption() {
        }

        public DeployOption(String mode) {
            this.mode = mode;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }
    }

    /** spec.resourceRequirement. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ResourceRequirement {
        private String type;

        public ResourceRequirement() {
        }

        public ResourceRequirement(String type) {
            this.type = type;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }
    }
}
