package dev.oam.ocm.hub.api.addon;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** How an addon is installed: the hub's addon-manager creates a ManagedClusterAddOn on every cluster its install strategy places. */
@Group("addon.open-cluster-management.io")
@Version("v1alpha1")
@Kind("ClusterManagementAddOn")
@Plural("clustermanagementaddons")
public class ClusterManagementAddOn extends AddonResource {
    public static final String CRD_NAME = "clustermanagementaddons.addon.open-cluster-management.io";
}
