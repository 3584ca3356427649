package dev.oam.ocm.hub.api.addon;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** The clusters an addon goes to when the user names no Placement. */
@Group("cluster.open-cluster-management.io")
@Version("v1beta1")
@Kind("Placement")
@Plural("placements")
public class Placement extends AddonResource implements Namespaced {
    public static final String CRD_NAME = "placements.cluster.open-cluster-management.io";
}
