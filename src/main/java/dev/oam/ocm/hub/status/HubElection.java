package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.BundleLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;

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
        String recorded = BundleLabels.hubOf(clusterManager);
        if (recorded != null && hubs.stream().anyMatch(h -> recorded.equals(h.getMetadata().getName()))) {
            return Optional.of(recorded);
        }
        return hubs.stream()
                .filter(h -> h.getMetadata().getDeletionTimestamp() == null)
                .min(Comparator.comparing((VelaOcmHub h) -> nullToEmpty(h.getMetadata().getCreationTimestamp()))
                        .thenComparing(h -> h.getMetadata().getName()))
                .map(h -> h.getMetadata().getName());
    }

    /**
     * Why deleting this hub must leave the OCM hub alone, or empty when it is the recorded owner and may remove
     * it. Winning the election is not enough: a hub that never applied anything (an invalid spec, deleted before
     * its first pass) would otherwise tear down a hub that clusteradm or Helm installed. While a ClusterManager
     * exists its label decides; once it is gone (this hub's own removal got that far) any object of the bundle
     * still labelled with this hub's name does, so an interrupted removal can finish.
     *
     * @param liveBundleObjects the live copies of the bundle's objects that exist
     */
    public static Optional<String> whyNotOwner(String hub, ClusterManager clusterManager,
                                               Collection<? extends HasMetadata> liveBundleObjects) {
        if (clusterManager != null) {
            String recorded = BundleLabels.hubOf(clusterManager);
            if (hub.equals(recorded)) {
                return Optional.empty();
            }
            return Optional.of(recorded == null
                    ? "the ClusterManager was installed by another tool and this VelaOcmHub never took it over"
                    : "the ClusterManager belongs to VelaOcmHub " + recorded);
        }
        if (liveBundleObjects.stream().anyMatch(o -> hub.equals(BundleLabels.hubOf(o)))) {
            return Optional.empty();
        }
        return Optional.of("this VelaOcmHub never installed anything");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
