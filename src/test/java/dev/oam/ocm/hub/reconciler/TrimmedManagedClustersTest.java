package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.status.ClusterCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrimmedManagedClustersTest {

    @Test
    void keepsWhatTheCountsAndTheInformerReadAndNothingElse() {
        GenericKubernetesResource cluster = new GenericKubernetesResource();
        cluster.setApiVersion("cluster.open-cluster-management.io/v1");
        cluster.setKind("ManagedCluster");
        cluster.setMetadata(new ObjectMetaBuilder().withName("cluster1").withResourceVersion("42").withUid("u1")
                .addToLabels("feature.open-cluster-management.io/addon-x", "available").build());
        cluster.setAdditionalProperty("spec", Map.of("hubAcceptsClient", true));
        cluster.setAdditionalProperty("status", Map.of("allocatable", Map.of("cpu", "8"), "conditions", List.of(
                Map.of("type", ClusterCounts.JOINED, "status", "True", "message", "long text"),
                Map.of("type", ClusterCounts.AVAILABLE, "status", "True"),
                Map.of("type", "ManagedClusterConditionClockSynced", "status", "True"))));
        TrimmedManagedClusters store = new TrimmedManagedClusters();

        store.put(store.getKey(cluster), cluster);
        GenericKubernetesResource kept = store.get("cluster1");

        assertEquals("42", kept.getMetadata().getResourceVersion(), "the informer compares resourceVersions");
        assertEquals("cluster1", kept.getMetadata().getName());
        assertTrue(kept.getMetadata().getLabels() == null || kept.getMetadata().getLabels().isEmpty(), "no labels kept");
        assertNull(kept.getAdditionalProperties().get("spec"), "no spec kept");
        assertEquals(Map.of("conditions", List.of(Map.of("type", ClusterCounts.JOINED, "status", "True"),
                Map.of("type", ClusterCounts.AVAILABLE, "status", "True"))), kept.getAdditionalProperties().get("status"));
        assertEquals(new ClusterCounts(1, 1, 1), ClusterCounts.of(store.values()));

        store.remove("cluster1");
        assertEquals(0, store.size());
    }

    @Test
    void theKeptCountsAreThoseOfTheCacheAfterAnySequenceOfChanges() {
        Random random = new Random(20261207);
        TrimmedManagedClusters store = new TrimmedManagedClusters();
        for (int step = 0; step < 5_000; step++) {
            String name = "cluster" + random.nextInt(40);
            if (random.nextInt(5) == 0) {
                store.remove(name);
            } else {
                store.put(name, cluster(name, random.nextBoolean(), random.nextBoolean(), step));
            }
            assertEquals(ClusterCounts.of(store.values()), store.counts(), "after step " + step);
        }
        assertTrue(store.counts().total() > 0, "the walk ends with clusters in the cache");
    }

    private static GenericKubernetesResource cluster(String name, boolean joined, boolean available, int version) {
        GenericKubernetesResource cluster = new GenericKubernetesResource();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withResourceVersion(Integer.toString(version)).build());
        cluster.setAdditionalProperty("status", Map.of("conditions", List.of(
                Map.of("type", ClusterCounts.JOINED, "status", joined ? "True" : "False"),
                Map.of("type", ClusterCounts.AVAILABLE, "status", available ? "True" : "Unknown"))));
        return cluster;
    }
}
