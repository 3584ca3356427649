package dev.oam.ocm.hub.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ClusterCountsTest {
    static GenericKubernetesResource cluster(String name, String joined, String available) {
        GenericKubernetesResource c = new GenericKubernetesResource();
        c.setApiVersion("cluster.open-cluster-management.io/v1");
        c.setKind("ManagedCluster");
        c.setMetadata(new ObjectMetaBuilder().withName(name).withResourceVersion("7").build());
        c.setAdditionalProperty("status", Map.of("version", Map.of("kubernetes", "v1.34.3"), "conditions", List.of(
                Map.of("type", "HubAcceptedManagedCluster", "status", "True", "reason", "HubClusterAdminAccepted"),
                Map.of("type", ClusterCounts.JOINED, "status", joined, "reason", "ManagedClusterJoined"),
                Map.of("type", ClusterCounts.AVAILABLE, "status", available, "reason", "ManagedClusterAvailable",
                        "message", "Managed cluster is available"))));
        return c;
    }

    @Test
    void countsJoinedAndAvailableFromTheConditions() {
        GenericKubernetesResource noStatus = new GenericKubernetesResource();
        noStatus.setMetadata(new ObjectMetaBuilder().withName("new").build());
        ClusterCounts counts = ClusterCounts.of(Stream.of(cluster("a", "True", "True"), cluster("b", "True", "Unknown"),
                cluster("c", "False", "False"), noStatus));

        assertEquals(new ClusterCounts(4, 2, 1), counts);
    }

    @Test
    void theSummaryChangesOnlyWithWhatIsCounted() {
        assertEquals(ClusterCounts.summary(cluster("a", "True", "True")), ClusterCounts.summary(cluster("a", "True", "True")));
        assertNotEquals(ClusterCounts.summary(cluster("a", "True", "True")), ClusterCounts.summary(cluster("a", "True", "False")));
    }

    @Test
    void keepsOnlyTheCountedConditionsReducedToTypeAndStatus() {
        assertEquals(List.of(Map.of("type", ClusterCounts.JOINED, "status", "True"),
                        Map.of("type", ClusterCounts.AVAILABLE, "status", "False")),
                ClusterCounts.countedConditions(cluster("a", "True", "False")));
    }
}
