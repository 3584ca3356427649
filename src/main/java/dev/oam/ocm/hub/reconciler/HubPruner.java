package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.Pruning;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Deletes what {@link Pruning} says a hub no longer wants. Candidates come from the informers' caches; the
 * decision is Pruning's.
 */
final class HubPruner {
    private static final Logger LOG = LoggerFactory.getLogger(HubPruner.class);

    private final KubernetesClient client;
    private final SecondarySources sources;
    private final BundleApplier applier;

    HubPruner(KubernetesClient client, SecondarySources sources, BundleApplier applier) {
        this.client = client;
        this.sources = sources;
        this.applier = applier;
    }

    /** What was removed, and the API server's answer for the first object that could not be. */
    record Result(List<String> removed, String error) {
    }

    /** @param desired the hub's bundle objects; empty to remove everything the operator created for the hub */
    Result prune(String hubName, Collection<? extends HasMetadata> desired) {
        List<String> removed = new ArrayList<>();
        try {
            for (HasMetadata object : Pruning.unwanted(hubName, candidates(), desired, BundleApplier.FIELD_MANAGER)) {
                String what = Bundle.describe(object);
                client.resource(object).delete();
                applier.forget(object);
                removed.add(what);
                LOG.info("Removed {}: hub {} no longer wants it", what, hubName);
            }
        } catch (KubernetesClientException e) {
            return new Result(removed, "removing what hub " + hubName + " no longer wants failed: " + BundleApplier.apiMessage(e));
        }
        return new Result(removed, null);
    }

    private List<HasMetadata> candidates() {
        return sources.cached(); // the copied pull secret included: it is watched by name
    }
}
