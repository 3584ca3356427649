package dev.oam.ocm.hub.api.addon;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** cluster-gateway's configuration: where its API server runs and how it reaches clusters. */
@Group("proxy.open-cluster-management.io")
@Version("v1alpha1")
@Kind("ClusterGatewayConfiguration")
@Plural("clustergatewayconfigurations")
public class ClusterGatewayConfiguration extends AddonResource {
    public static final String CRD_NAME = "clustergatewayconfigurations.proxy.open-cluster-management.io";
}
