package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.status.ClusterCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The ManagedCluster informer's cache, keeping of each cluster only what the counts read (name, resourceVersion and
 * the two counted conditions), so memory does not grow with what thousands of clusters report about themselves
 * (labels, claims, capacity, version). The informer needs no more: it compares resourceVersions.
 */
final class TrimmedManagedClusters implements ItemStore<GenericKubernetesResource> {
    private final Map<String, GenericKubernetesResource> byKey = new ConcurrentHashMap<>();

    @Override
    public String getKey(GenericKubernetesResource cluster) {
        return Cache.metaNamespaceKeyFunc(cluster);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource cluster) {
        return byKey.put(key, trim(cluster));
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        return byKey.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return byKey.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return byKey.values().stream();
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return byKey.get(key);
    }

    static GenericKubernetesResource trim(GenericKubernetesResource cluster) {
        GenericKubernetesResource trimmed = new GenericKubernetesResource();
        trimmed.setApiVersion(cluster.getApiVersion());
        trimmed.setKind(cluster.getKind());
        trimmed.setMetadata(new ObjectMetaBuilder().withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withResourceVersion(cluster.getMetadata().getResourceVersion()).build());
        trimmed.setAdditionalProperty("status", Map.of("conditions", ClusterCounts.countedConditions(cluster)));
        return trimmed;
    }
}
