package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.BundleLabels;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which VelaOcmHub owns the cluster's hub. The one recorded on the ClusterManager keeps it while it exists;
 * otherwise the oldest (then the first by name) wins. Every hub computes the same answer from the same
 * cache, so two never both write.
 */
public final class HubElection {
    private HubElection() {
    }

    public static Optional<String> owner(Collection<VelaOcmHub> hubs, ClusterManager clusterManager) {
        String recorded = clusterManager == null || clusterManager.getMetadata().getLabels() == null ? null
                : clusterManager.getMetadata().getLabels().get(BundleLabels.HUB);
        if (recorded != null && hubs.stream().anyMatch(h -> recorded.equals(h.getMetadata().getName()))) {
            return Optional.of(recorded);
        }
        return hubs.stream()
                .filter(h -> h.getMetadata().getDeletionTimestamp() == null)
                .min(Comparator.comparing((VelaOcmHub h) -> nullToEmpty(h.getMetadata().getCreationTimestamp()))
                        .thenComparing(h -> h.getMetadata().getName()))
                .map(h -> h.getMetadata().getName());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
