package dev.oam.ocm.hub.reconciler;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TrimmedCrdsTest {
    private static CustomResourceDefinition crd(String name, String manager) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(name).withUid("u-" + name).withGeneration(3L).withResourceVersion("7")
                .addToLabels("app.kubernetes.io/managed-by", "vela-ocm-hub-operator")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager(manager).withOperation("Apply").build())
                .endMetadata()
                .withNewSpec().withGroup("cluster.open-cluster-management.io")
                .withNewNames().withKind("ManagedCluster").withPlural("managedclusters").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withDescription("every field, described").build()).endSchema()
                .endVersion().endSpec()
                .withNewStatus().addNewCondition().withType("Established").withStatus("True").endCondition().endStatus()
                .build();
    }

    @Test
    void keepsWhatTheOperatorReadsAndDropsSchemas() {
        TrimmedCrds store = new TrimmedCrds();
        store.put("managedclusters", crd("managedclusters", "registration-operator"));

        CustomResourceDefinition kept = store.get("managedclusters");
        assertNull(kept.getSpec().getVersions().get(0).getSchema(), "schemas are not kept");
        assertNull(kept.getMetadata().getManagedFields(), "another installer's managedFields are not kept");
        assertEquals("u-managedclusters", kept.getMetadata().getUid());
        assertEquals(3L, kept.getMetadata().getGeneration(), "drift is told by uid and generation");
        assertEquals("vela-ocm-hub-operator", kept.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("Established", kept.getStatus().getConditions().get(0).getType());
        assertEquals("v1", kept.getSpec().getVersions().get(0).getName());
        assertEquals("ManagedCluster", kept.getSpec().getNames().getKind());
    }

    @Test
    void keepsManagedFieldsOfCrdsTheOperatorApplies() {
        TrimmedCrds store = new TrimmedCrds();
        store.put("clustermanagers", crd("clustermanagers", BundleApplier.FIELD_MANAGER));
        assertEquals(BundleApplier.FIELD_MANAGER,
                store.get("clustermanagers").getMetadata().getManagedFields().get(0).getManager(),
                "a contest over an applied CRD names the other field manager from these");
    }

    @Test
    void behavesAsAStore() {
        TrimmedCrds store = new TrimmedCrds();
        CustomResourceDefinition first = crd("a", "x");
        assertNull(store.put(store.getKey(first), first));
        CustomResourceDefinition second = crd("a", "y");
        assertEquals(first, store.put(store.getKey(second), second), "put answers the previous copy");
        store.put("b", crd("b", "x"));
        assertEquals(2, store.size());
        assertEquals(List.of("a", "b"), store.keySet().sorted().toList());
        assertEquals(second, store.remove("a"));
        assertEquals(1, store.values().count());
    }
}
