package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.reconciler.HubMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

import static dev.oam.ocm.hub.runtime.PrometheusText.Type.gauge;

/**
 * What /metrics serves: JOSDK's reconcile series ({@link ReconcileSeries}), the JVM's ({@link JvmSeries}), and the
 * hub's own gauge (vela_ocm_hub_ready per hub) and counters (apply requests, drift repairs, reconcile errors per
 * hub). The names are what deploy/monitoring's alerts and dashboard query.
 */
final class OperatorMetrics implements HubMetrics {
    private final PrometheusText text = new PrometheusText();
    private final ReconcileSeries reconciles = new ReconcileSeries(text);
    private final Map<String, AtomicInteger> ready = new ConcurrentHashMap<>();

    OperatorMetrics() {
        JvmSeries.register(text);
    }

    /** What JOSDK reports to. */
    Metrics reconciles() {
        return reconciles;
    }

    String scrape() {
        return text.scrape();
    }

    @Override
    public void status(String hub, VelaOcmHubStatus status) {
        // Registered at 0 with the hub, so increase() over it works from the first error on.
        reconcileErrors(hub);
        boolean isReady = status.getConditions().stream()
                .anyMatch(c -> HubConditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
        ready.computeIfAbsent(hub, name -> {
            AtomicInteger value = new AtomicInteger();
            text.sampled("vela_ocm_hub_ready", gauge, "1 when the VelaOcmHub's Ready condition is True", value::get,
                    "hub", name);
            return value;
        }).set(isReady ? 1 : 0);
    }

    @Override
    public void removed(String hub) {
        ready.remove(hub);
        text.remove("vela_ocm_hub_ready", "hub", hub);
        text.remove("vela_ocm_hub_reconcile_errors_total", "hub", hub);
    }

    @Override
    public void reconcileError(String hub) {
        reconcileErrors(hub).add(1);
    }

    private DoubleAdder reconcileErrors(String hub) {
        return text.counter("vela_ocm_hub_reconcile_errors_total",
                "passes over a hub that failed and are retried (API server errors, prune failures)", "hub", hub);
    }

    @Override
    public void applied(String kind) {
        text.counter("vela_ocm_hub_apply_requests_total", "server-side apply requests sent", "kind", kind).add(1);
    }

    @Override
    public void driftRepaired(String kind) {
        text.counter("vela_ocm_hub_drift_repairs_total", "objects put back after someone changed or deleted them",
                "kind", kind).add(1);
    }
}
