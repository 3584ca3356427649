package dev.oam.ocm.hub.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
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
// One line per hub answers "is it healthy, which version, and if not, why": the Ready reason is the word to
// look up in README's failure table. Age comes last, as in every built-in kind.
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "!has(self.spec) || !has(self.spec.deleteWithJoinedClusters)"
        + " || !self.spec.deleteWithJoinedClusters || self.spec.deletionPolicy == 'Delete'",
        message = "spec.deleteWithJoinedClusters only applies to spec.deletionPolicy Delete")
// Every object of the hub carries the name as the value of label ocm.oam.dev/hub, which allows 63 characters.
@ValidationRule(value = "self.metadata.name.size() <= 63",
        message = "metadata.name must be at most 63 characters: it is a label value on every object of the hub")
public class VelaOcmHub extends CustomResource<VelaOcmHubSpec, VelaOcmHubStatus> {
    public static final String GROUP = "ocm.oam.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected VelaOcmHubSpec initSpec() {
        return new VelaOcmHubSpec();
    }
}
