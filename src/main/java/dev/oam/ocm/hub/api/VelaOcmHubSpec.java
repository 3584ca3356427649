package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** What the user asks for. Every field is optional: an empty spec installs the newest known release. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VelaOcmHubSpec {

    @PrinterColumn(name = "Wanted")
    @Pattern("^v?[0-9]+\\.[0-9]+\\.[0-9]+$")
    @JsonPropertyDescription("OCM release to install, e.g. 1.3.1. Defaults to the newest release the operator knows.")
    private String version;

    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$")
    @Size(max = 255)
    @JsonPropertyDescription("Registry (and path) that replaces quay.io/open-cluster-management for every OCM image,"
            + " for mirrors and air-gapped installs.")
    private String imageRegistry;

    @JsonPropertyDescription("Full image references that replace single OCM images; each must carry a tag or digest.")
    private ImageOverrides images;

    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    @JsonPropertyDescription("Name of a kubernetes.io/dockerconfigjson Secret in the operator's namespace; copied to"
            + " open-cluster-management/open-cluster-management-image-pull-credentials for every OCM pod.")
    private String imagePullSecret;

    @JsonPropertyDescription("Settings passed to the ClusterManager.")
    private ClusterManagerOptions clusterManager;

    @JsonPropertyDescription("Settings of the registration-operator Deployment.")
    private OperatorOptions operator;

    @JsonPropertyDescription("Bootstrap identities that clusteradm join and vela cluster join use.")
    private JoinAccess joinAccess;

    @JsonPropertyDescription("OCM addons installed with the hub (managed-serviceaccount, cluster-proxy, cluster-gateway).")
    private AddonsSpec addons;

    @Default("Delete")
    @JsonPropertyDescription("What deleting this resource does: Delete removes the hub (refused while ManagedClusters"
            + " exist unless deleteWithJoinedClusters), KeepHubCRDs removes the hub but keeps its CRDs and"
            + " ManagedClusters, Orphan leaves everything installed.")
    private DeletionPolicy deletionPolicy;

    @JsonPropertyDescription("With deletionPolicy Delete, delete even while ManagedClusters are joined: they are lost.")
    private Boolean deleteWithJoinedClusters;

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getImageRegistry() {
        return imageRegistry;
    }

    public void setImageRegistry(String imageRegistry) {
        this.imageRegistry = imageRegistry;
    }

    public ImageOverrides getImages() {
        return images;
    }

    public void setImages(ImageOverrides images) {
        this.images = images;
    }

    public String getImagePullSecret() {
        return imagePullSecret;
    }

    public void setImagePullSecret(String imagePullSecret) {
        this.imagePullSecret = imagePullSecret;
    }

    public ClusterManagerOptions getClusterManager() {
        return clusterManager;
    }

    public void setClusterManager(ClusterManagerOptions clusterManager) {
        this.clusterManager = clusterManager;
    }

    public OperatorOptions getOperator() {
        return operator;
    }

    public void setOperator(OperatorOptions operator) {
        this.operator = operator;
    }

    public JoinAccess getJoinAccess() {
        return joinAccess;
    }

    public void setJoinAccess(JoinAccess joinAccess) {
        this.joinAccess = joinAccess;
    }

    public AddonsSpec getAddons() {
        return addons;
    }

    public void setAddons(AddonsSpec addons) {
        this.addons = addons;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    public Boolean getDeleteWithJoinedClusters() {
        return deleteWithJoinedClusters;
    }

    public void setDeleteWithJoinedClusters(Boolean deleteWithJoinedClusters) {
        this.deleteWithJoinedClusters = deleteWithJoinedClusters;
    }
}
