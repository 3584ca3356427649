package dev.oam.ocm.hub.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How many ManagedClusters the hub has, joined and available, as OCM's registration controller reports them in
 * each ManagedCluster's conditions (ManagedClusterJoined, ManagedClusterConditionAvailable): the two columns of
 * {@code kubectl get managedclusters} a user checks after a join.
 */
public record ClusterCounts(int total, int joined, int available) {
    public static final String JOINED = "ManagedClusterJoined";
    public static final String AVAILABLE = "ManagedClusterConditionAvailable";

    public static ClusterCounts of(Stream<GenericKubernetesResource> clusters) {
        int[] counts = new int[3];
        clusters.forEach(c -> {
            counts[0]++;
            counts[1] += isTrue(c, JOINED) ? 1 : 0;
            counts[2] += isTrue(c, AVAILABLE) ? 1 : 0;
        });
        return new ClusterCounts(counts[0], counts[1], counts[2]);
    }

    /** What of one ManagedCluster the counts depend on: a change of anything else changes no count. */
    public static String summary(GenericKubernetesResource cluster) {
        return (isTrue(cluster, JOINED) ? "joined" : "-") + "/" + (isTrue(cluster, AVAILABLE) ? "available" : "-");
    }

    /** The conditions the counts read, reduced to type and status: what a trimmed cache keeps of a ManagedCluster. */
    public static List<Map<String, Object>> countedConditions(GenericKubernetesResource cluster) {
        return conditions(cluster)
                .filter(c -> JOINED.equals(c.get("type")) || AVAILABLE.equals(c.get("type")))
                .map(c -> Map.<String, Object>of("type", c.get("type"), "status", Objects.toString(c.get("status"), "")))
                .toList();
    }

    private static boolean isTrue(GenericKubernetesResource cluster, String type) {
        return conditions(cluster).anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    @SuppressWarnings("unchecked")
    private static Stream<Map<String, Object>> conditions(GenericKubernetesResource cluster) {
        Object status = cluster.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
            return Stream.empty();
        }
        return list.stream().filter(Map.class::isInstance).map(c -> (Map<String, Object>) c);
    }
}
