package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GatewayAddOnConfigurationTest {
    private static final String CRD = "clustergatewayconfigurations.proxy.open-cluster-management.io";

    @Test
    void pointsAtTheOperatorsClusterGatewayConfigurationByCrdAndName() {
        assertEquals("{\"status\":{\"addOnConfiguration\":{\"crdName\":\"" + CRD + "\",\"crName\":\"cluster-gateway\","
                        + "\"lastObservedGeneration\":3}}}",
                Serialization.asJson(GatewayAddOnConfiguration.statusPatch(3)),
                "a merge patch of the one field cluster-gateway's agent reads (crName) and its two companions");
    }

    @Test
    void patchesOnlyAnAddOnWithoutTheFieldOrWithAnotherValue() {
        record Case(String what, Map<String, Object> status, boolean deleting, boolean patch) {
        }
        List<Case> cases = List.of(
                new Case("no status yet (a fresh ManagedClusterAddOn)", null, false, true),
                new Case("status without the field (what OCM 1.2.1's hub writes)",
                        Map.of("conditions", List.of(Map.of("type", "Available", "status", "True"))), false, true),
                new Case("the field, as written, with the generation read back as an Integer",
                        Map.of("addOnConfiguration", coordinates(CRD, "cluster-gateway", 2)), false, false),
                new Case("an older generation of the configuration",
                        Map.of("addOnConfiguration", coordinates(CRD, "cluster-gateway", 1)), false, true),
                new Case("another configuration object",
                        Map.of("addOnConfiguration", coordinates(CRD, "other", 2)), false, true),
                new Case("a field without its generation",
                        Map.of("addOnConfiguration", Map.of("crdName", CRD, "crName", "cluster-gateway")), false, true),
                new Case("an addon being deleted", null, true, false));
        for (Case c : cases) {
            assertEquals(c.patch(), GatewayAddOnConfiguration.needsPatch(addOn(c.status(), c.deleting()), 2L), c.what());
        }
    }

    @Test
    void readsTheFieldOnlyWhereItIs() {
        assertNull(GatewayAddOnConfiguration.current(addOn(null, false)));
        assertNull(GatewayAddOnConfiguration.current(addOn(Map.of("addOnConfiguration", "not an object"), false)));
        assertEquals(coordinates(CRD, "cluster-gateway", 5), GatewayAddOnConfiguration.current(
                addOn(Map.of("addOnConfiguration", coordinates(CRD, "cluster-gateway", 5)), false)));
    }

    private static Map<String, Object> coordinates(String crd, String name, int generation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("crdName", crd);
        m.put("crName", name);
        m.put("lastObservedGeneration", generation);
        return m;
    }

    private static GenericKubernetesResource addOn(Map<String, Object> status, boolean deleting) {
        GenericKubernetesResource addOn = new GenericKubernetesResource();
        addOn.setApiVersion("addon.open-cluster-management.io/v1alpha1");
        addOn.setKind("ManagedClusterAddOn");
        addOn.setMetadata(new ObjectMetaBuilder().withName("cluster-gateway").withNamespace("cluster1")
                .withDeletionTimestamp(deleting ? "2026-12-07T00:00:00Z" : null).build());
        if (status != null) {
            addOn.setAdditionalProperty("status", status);
        }
        return addOn;
    }
}
