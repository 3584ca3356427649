package dev.oam.ocm.hub.api.addon;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Lets a Placement in the addon namespace select the clusters of a ManagedClusterSet. */
@Group("cluster.open-cluster-management.io")
@Version("v1beta2")
@Kind("ManagedClusterSetBinding")
@Plural("managedclustersetbindings")
public class ManagedClusterSetBinding extends AddonResource implements Namespaced {
    public static final String CRD_NAME = "managedclustersetbindings.cluster.open-cluster-management.io";
}
