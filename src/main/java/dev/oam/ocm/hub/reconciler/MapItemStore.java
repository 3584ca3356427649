package dev.oam.ocm.hub.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** An informer cache in a map, for stores that keep less than the objects they are given (they override put). */
abstract class MapItemStore<R extends HasMetadata> implements ItemStore<R> {
    protected final Map<String, R> byKey = new ConcurrentHashMap<>();

    @Override
    public String getKey(R object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public R remove(String key) {
        return byKey.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return byKey.keySet().stream();
    }

    @Override
    public Stream<R> values() {
        return byKey.values().stream();
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public R get(String key) {
        return byKey.get(key);
    }
}
