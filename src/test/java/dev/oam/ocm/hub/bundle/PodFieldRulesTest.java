package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.ClusterManagerOptions;
import dev.oam.ocm.hub.api.NodePlacement;
import dev.oam.ocm.hub.api.OperatorOptions;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Kubernetes would refuse in a pod template is refused at render, naming the spec field, before any write. */
class PodFieldRulesTest {

    private static VelaOcmHubSpec withOperatorSelector(String key, String value) {
        NodePlacement placement = new NodePlacement();
        placement.setNodeSelector(Map.of(key, value));
        OperatorOptions operator = new OperatorOptions();
        operator.setNodePlacement(placement);
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        spec.setOperator(operator);
        return spec;
    }

    private static void assertRefused(VelaOcmHubSpec spec, String... expected) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> HubBundle.render("hub", spec, null));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes.io/os", "node-role.kubernetes.io/control-plane", "zone", "a.b_c-d"})
    void acceptsLabelKeysKubernetesAccepts(String key) {
        assertDoesNotThrow(() -> HubBundle.render("hub", withOperatorSelector(key, "linux"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-zone", "zone-", "Bad_Prefix.io/zone", "a/b/c", "has space"})
    void refusesNodeSelectorKeysKubernetesRefuses(String key) {
        assertRefused(withOperatorSelector(key, "x"), "spec.operator.nodePlacement.nodeSelector", "not a valid label key");
    }

    @Test
    void refusesALabelValueTooLongOrMalformed() {
        assertRefused(withOperatorSelector("zone", "x".repeat(64)), "nodeSelector[zone]", "not a valid label value");
        assertRefused(withOperatorSelector("zone", "eu west"), "nodeSelector[zone]");
    }

    @Test
    void refusesABadTolerationKeyOfTheHubComponents() {
        NodePlacement placement = new NodePlacement();
        placement.setTolerations(List.of(new TolerationBuilder().withKey("bad key").withOperator("Exists").build()));
        ClusterManagerOptions cm = new ClusterManagerOptions();
        cm.setNodePlacement(placement);
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        spec.setClusterManager(cm);

        assertRefused(spec, "spec.clusterManager.nodePlacement.tolerations[0].key");
    }

    @Test
    void refusesMalformedQuantitiesAndRequestsAboveLimits() {
        VelaOcmHubSpec malformed = new VelaOcmHubSpec();
        malformed.setOperator(new OperatorOptions());
        malformed.getOperator().setResources(new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("lots")).build());
        assertRefused(malformed, "spec.operator.resources.requests.memory", "'lots'");

        VelaOcmHubSpec aboveLimit = new VelaOcmHubSpec();
        aboveLimit.setOperator(new OperatorOptions());
        aboveLimit.getOperator().setResources(new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("256Mi")).addToLimits("memory", new Quantity("128Mi")).build());
        assertRefused(aboveLimit, "requests.memory (256Mi) must not exceed", "limits.memory (128Mi)");
    }

    @Test
    void acceptsTheResourcesUsersWrite() {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        spec.setOperator(new OperatorOptions());
        spec.getOperator().setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("64Mi"))
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("0.5Gi")).build());
        assertDoesNotThrow(() -> HubBundle.render("hub", spec, null));
    }
}
