package dev.oam.ocm.hub.api;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One OCM hub on the cluster this resource lives in. Cluster-scoped because the hub is cluster-wide
 * state: a ClusterManager, a CRD, ClusterRoles.
 */
@Group(VelaOcmHub.GROUP)
@Version(VelaOcmHub.VERSION)
@Kind("VelaOcmHub")
@Plural("velaocmhubs")
@ShortNames("ocmhub")
@ValidationRule(value = "!has(self.spec) || !has(self.spec.deleteWithJoinedClusters)"
        + " || !self.spec.deleteWithJoinedClusters || self.spec.deletionPolicy == 'Delete'",
        message = "spec.deleteWithJoinedClusters only applies to spec.deletionPolicy Delete")
public class VelaOcmHub extends CustomResource<VelaOcmHubSpec, VelaOcmHubStatus> {
    public static final String GROUP = "ocm.oam.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected VelaOcmHubSpec initSpec() {
        return new VelaOcmHubSpec();
    }
}
