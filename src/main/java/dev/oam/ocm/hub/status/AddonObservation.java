package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.bundle.Addon;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * One addon as the reconciler saw it in a pass: enabled and applied (or waiting, or failing), or being removed.
 * An addon that is off and fully removed has no observation.
 *
 * @param version    the release applied, null while removing
 * @param enabled    the spec wants it
 * @param error      the API server's answer to the first object that could not be applied or removed
 * @param waitingFor what applying or removing waits for (the hub's CRDs, an addon it needs, its clusters' agents)
 * @param manager    its manager Deployment as observed
 * @param clusters   its ManagedClusterAddOns; null before their CRD exists
 */
public record AddonObservation(Addon addon, String version, boolean enabled, String error, String waitingFor,
                               Deployment manager, AddonClusters clusters) {

    /** How many clusters the addon is installed on, and on how many its ManagedClusterAddOn says Available=True. */
    public record AddonClusters(int total, int available) {
        public static final AddonClusters NONE = new AddonClusters(0, 0);
    }
}
