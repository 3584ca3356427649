package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.reconciler.HubMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Prometheus registry behind /metrics: JOSDK's reconcile metrics, JVM metrics, and the hub's own
 * gauges (vela_ocm_hub_ready per hub) and counters (apply requests, drift repairs, reconcile errors per hub). The
 * names are what deploy/monitoring's alerts and dashboard query.
 */
final class OperatorMetrics implements HubMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicInteger> ready = new ConcurrentHashMap<>();

    OperatorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void status(String hub, VelaOcmHubStatus status) {
        // Registered at 0 with the hub, so increase() over it works from the first error on.
        reconcileErrors(hub);
        boolean isReady = status.getConditions().stream()
                .anyMatch(c -> HubConditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
        ready.computeIfAbsent(hub, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("vela_ocm_hub_ready", value, AtomicInteger::get)
                    .description("1 when the VelaOcmHub's Ready condition is True")
                    .tags(Tags.of("hub", name)).register(registry);
            return value;
        }).set(isReady ? 1 : 0);
    }

    @Override
    public void removed(String hub) {
        AtomicInteger value = ready.remove(hub);
        if (value != null) {
            registry.find("vela_ocm_hub_ready").tags("hub", hub).meters().forEach(registry::remove);
        }
        registry.find("vela_ocm_hub_reconcile_errors").tags("hub", hub).meters().forEach(registry::remove);
    }

    @Override
    public void reconcileError(String hub) {
        reconcileErrors(hub).increment();
    }

    private Counter reconcileErrors(String hub) {
        return Counter.builder("vela_ocm_hub_reconcile_errors")
                .description("passes over a hub that failed and are retried (API server errors, prune failures)")
                .tag("hub", hub).register(registry);
    }

    @Override
    public void applied(String kind) {
        Counter.builder("vela_ocm_hub_apply_requests").description("server-side apply requests sent")
                .tag("kind", kind).register(registry).increment();
    }

    @Override
    public void driftRepaired(String kind) {
        Counter.builder("vela_ocm_hub_drift_repairs").description("objects put back after someone changed or deleted them")
                .tag("kind", kind).register(registry).increment();
    }
}
