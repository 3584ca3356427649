package dev.oam.ocm.hub.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.oam.ocm.hub.runtime.PrometheusText.Type.gauge;

/**
 * JOSDK's reports on its controller (events in, reconciles started, finished, failed, running, and how long each
 * execution took) as operator_sdk_* series per controller. Per controller, not per resource: there is one hub per
 * cluster, and per-resource series of deleted hubs would stay until a restart.
 */
final class ReconcileSeries implements Metrics {
    private final PrometheusText text;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    ReconcileSeries(PrometheusText text) {
        this.text = text;
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        count("operator_sdk_events_received_total", "events the controller received", metadata);
    }

    @Override
    public void reconcileCustomResource(HasMetadata resource, RetryInfo retry, Map<String, Object> metadata) {
        count("operator_sdk_reconciliations_started_total", "reconciliations started, retries included", metadata);
        if (retry != null && retry.getAttemptCount() > 1) {
            count("operator_sdk_reconciliations_retries_total", "reconciliations that were retries", metadata);
        }
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
        count("operator_sdk_reconciliations_success_total", "reconciliations that ended without an exception", metadata);
    }

    @Override
    public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
        count("operator_sdk_reconciliations_failed_total", "reconciliations that ended with an exception", metadata);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        executions(controller(metadata)).incrementAndGet();
    }

    @Override
    public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
        executions(controller(metadata)).decrementAndGet();
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        long start = System.nanoTime();
        String result = "failure";
        try {
            T outcome = execution.execute();
            result = execution.successTypeName(outcome);
            return outcome;
        } finally {
            String[] labels = {"controller", execution.controllerName(), "execution", execution.name(), "result", result};
            text.counter("operator_sdk_controllers_executions_total", "reconcile and cleanup calls, by how they ended",
                    labels).add(1);
            text.counter("operator_sdk_controllers_execution_seconds_total", "time spent in those calls",
                    labels).add((System.nanoTime() - start) / 1e9);
        }
    }

    private void count(String name, String help, Map<String, Object> metadata) {
        text.counter(name, help, "controller", controller(metadata)).add(1);
    }

    private AtomicInteger executions(String controller) {
        return running.computeIfAbsent(controller, c -> {
            AtomicInteger now = new AtomicInteger();
            text.sampled("operator_sdk_reconciliations_executions", gauge, "reconciliations running now", now::get,
                    "controller", c);
            return now;
        });
    }

    private static String controller(Map<String, Object> metadata) {
        Object name = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
        return name == null ? "unknown" : name.toString();
    }
}
