package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The OCM addons KubeVela's multi-cluster needs. cluster-gateway reaches clusters through the other two
 * (credentials from managed-serviceaccount, traffic through cluster-proxy), so it is accepted only with both.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddonsSpec {
    @JsonPropertyDescription("managed-serviceaccount: ServiceAccounts on managed clusters with their tokens on the hub.")
    private AddonOptions managedServiceAccount;

    @JsonPropertyDescription("cluster-proxy: a tunnel from the hub to each managed cluster's API server.")
    private AddonOptions clusterProxy;

    @JsonPropertyDescription("cluster-gateway: the cluster.core.oam.dev API KubeVela reaches managed clusters through;"
            + " needs managedServiceAccount and clusterProxy.")
    private AddonOptions clusterGateway;

    public AddonOptions getManagedServiceAccount() {
        return managedServiceAccount;
    }

    public void setManagedServiceAccount(AddonOptions managedServiceAccount) {
        this.managedServiceAccount = managedServiceAccount;
    }

    public AddonOptions getClusterProxy() {
        return clusterProxy;
    }

    public void setClusterProxy(AddonOptions clusterProxy) {
        this.clusterProxy = clusterProxy;
    }

    public AddonOptions getClusterGateway() {
        return clusterGateway;
    }

    public void setClusterGateway(AddonOptions clusterGateway) {
        this.clusterGateway = clusterGateway;
    }
}
