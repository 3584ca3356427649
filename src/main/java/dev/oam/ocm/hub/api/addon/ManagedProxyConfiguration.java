package dev.oam.ocm.hub.api.addon;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** cluster-proxy's configuration: its proxy server on the hub and its agents. */
@Group("proxy.open-cluster-management.io")
@Version("v1alpha1")
@Kind("ManagedProxyConfiguration")
@Plural("managedproxyconfigurations")
public class ManagedProxyConfiguration extends AddonResource {
    public static final String CRD_NAME = "managedproxyconfigurations.proxy.open-cluster-management.io";
}
