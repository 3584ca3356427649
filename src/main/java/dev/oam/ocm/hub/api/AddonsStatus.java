package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** Each enabled addon as observed; an addon that is off has no entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddonsStatus {
    @JsonPropertyDescription("managed-serviceaccount.")
    private AddonStatus managedServiceAccount;

    @JsonPropertyDescription("cluster-proxy.")
    private AddonStatus clusterProxy;

    @JsonPropertyDescription("cluster-gateway.")
    private AddonStatus clusterGateway;

    public AddonStatus getManagedServiceAccount() {
        return managedServiceAccount;
    }

    public void setManagedServiceAccount(AddonStatus managedServiceAccount) {
        this.managedServiceAccount = managedServiceAccount;
    }

    public AddonStatus getClusterProxy() {
        return clusterProxy;
    }

    public void setClusterProxy(AddonStatus clusterProxy) {
        this.clusterProxy = clusterProxy;
    }

    public AddonStatus getClusterGateway() {
        return clusterGateway;
    }

    public void setClusterGateway(AddonStatus clusterGateway) {
        this.clusterGateway = clusterGateway;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return managedServiceAccount == null && clusterProxy == null && clusterGateway == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddonsStatus s && Objects.equals(managedServiceAccount, s.managedServiceAccount)
                && Objects.equals(clusterProxy, s.clusterProxy) && Objects.equals(clusterGateway, s.clusterGateway);
    }

    @Override
    public int hashCode() {
        return Objects.hash(managedServiceAccount, clusterProxy, clusterGateway);
    }
}
