package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.reconciler.HubMetrics;

import java.util.List;

/** Hands every reconciler report to several listeners (metrics, heap trimming). */
final class HubListeners implements HubMetrics {
    private final List<HubMetrics> listeners;

    HubListeners(HubMetrics... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void status(String hub, VelaOcmHubStatus status) {
        listeners.forEach(l -> l.status(hub, status));
    }

    @Override
    public void removed(String hub) {
        listeners.forEach(l -> l.removed(hub));
    }

    @Override
    public void applied(String kind) {
        listeners.forEach(l -> l.applied(kind));
    }

    @Override
    public void reconcileError(String hub) {
        listeners.forEach(l -> l.reconcileError(hub));
    }

    @Override
    public void driftRepaired(String kind) {
        listeners.forEach(l -> l.driftRepaired(kind));
    }
}
