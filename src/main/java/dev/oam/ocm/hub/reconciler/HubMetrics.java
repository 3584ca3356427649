package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.VelaOcmHubStatus;

/** What the reconciler reports beyond JOSDK's own metrics; the runtime decides where it goes. */
public interface HubMetrics {
    HubMetrics NONE = new HubMetrics() {
    };

    /** The status just computed for a hub (written or not). */
    default void status(String hub, VelaOcmHubStatus status) {
    }

    /** A hub's VelaOcmHub is gone. */
    default void removed(String hub) {
    }

    /** One server-side apply request was sent. */
    default void applied(String kind) {
    }

    /**
     * A pass over a hub failed and is retried later (an apply or dry-run the API server failed to answer, an
     * unreadable pull secret, a failed prune): what an alert on reconcile errors counts. A spec the operator
     * refuses is not counted: it is the user's to fix and shows as Stalled.
     */
    default void reconcileError(String hub) {
    }

    /** An object someone deleted or changed was put back. */
    default void driftRepaired(String kind) {
    }
}
