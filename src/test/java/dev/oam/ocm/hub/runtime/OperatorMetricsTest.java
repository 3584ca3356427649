package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorMetricsTest {
    /** A sample line of the text format: name, optional labels, a number Prometheus parses. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void reconcileErrorsAreCountedPerHubFromZero() {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.status("hub", new VelaOcmHubStatus());
        assertTrue(metrics.scrape().contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"} 0.0"),
                "a hub's error counter exists before its first error, so alerts see it rise: " + metrics.scrape());

        metrics.reconcileError("hub");
        metrics.reconcileError("hub");
        assertTrue(metrics.scrape().contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"} 2.0"), metrics.scrape());

        metrics.removed("hub");
        assertFalse(metrics.scrape().contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"}"),
                "a deleted hub's series goes with it: " + metrics.scrape());
    }

    @Test
    void readyFollowsTheReadyConditionAndGoesWithTheHub() {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.status("hub", new VelaOcmHubStatus());
        assertTrue(metrics.scrape().contains("vela_ocm_hub_ready{hub=\"hub\"} 0.0"), metrics.scrape());

        VelaOcmHubStatus ready = new VelaOcmHubStatus();
        ready.setConditions(List.of(new ConditionBuilder().withType(HubConditions.READY).withStatus("True").build()));
        metrics.status("hub", ready);
        assertTrue(metrics.scrape().contains("vela_ocm_hub_ready{hub=\"hub\"} 1.0"), metrics.scrape());

        metrics.removed("hub");
        assertFalse(metrics.scrape().contains("vela_ocm_hub_ready"), metrics.scrape());
    }

    @Test
    void applyRequestsAndRepairsAreCountedPerKind() {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.applied("Deployment");
        metrics.applied("Deployment");
        metrics.applied("Namespace");
        metrics.driftRepaired("Deployment");
        String text = metrics.scrape();
        assertTrue(text.contains("vela_ocm_hub_apply_requests_total{kind=\"Deployment\"} 2.0"), text);
        assertTrue(text.contains("vela_ocm_hub_apply_requests_total{kind=\"Namespace\"} 1.0"), text);
        assertTrue(text.contains("vela_ocm_hub_drift_repairs_total{kind=\"Deployment\"} 1.0"), text);
    }

    @Test
    void theJvmSeriesTheDashboardQueriesAreThere() {
        String text = new OperatorMetrics().scrape();
        assertTrue(Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} [0-9.E]+$").matcher(text).find(),
                text);
        assertTrue(Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"nonheap\",id=\"Metaspace\"} [0-9.E]+$")
                .matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^process_cpu_usage [-0-9.E]+$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^jvm_gc_collections_total\\{gc=\"[^\"]+\"} [0-9.E]+$").matcher(text).find(), text);
    }

    @Test
    void josdkReportsBecomeSeriesPerController() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        Metrics josdk = metrics.reconciles();
        Map<String, Object> meta = Map.of(Constants.CONTROLLER_NAME, "velaocmhub");
        josdk.receivedEvent(null, meta);
        josdk.reconcileCustomResource(null, null, meta);
        josdk.reconciliationExecutionStarted(null, meta);
        String during = metrics.scrape();
        assertTrue(during.contains("operator_sdk_reconciliations_executions{controller=\"velaocmhub\"} 1.0"), during);
        josdk.reconciliationExecutionFinished(null, meta);
        josdk.finishedReconciliation(null, meta);
        josdk.failedReconciliation(null, new IllegalStateException("boom"), meta);
        assertEquals("done", josdk.timeControllerExecution(execution(() -> "done")));
        assertThrows(IllegalStateException.class, () -> josdk.timeControllerExecution(execution(() -> {
            throw new IllegalStateException("refused");
        })));

        String text = metrics.scrape();
        for (String line : List.of(
                "operator_sdk_events_received_total{controller=\"velaocmhub\"} 1.0",
                "operator_sdk_reconciliations_started_total{controller=\"velaocmhub\"} 1.0",
                "operator_sdk_reconciliations_success_total{controller=\"velaocmhub\"} 1.0",
                "operator_sdk_reconciliations_failed_total{controller=\"velaocmhub\"} 1.0",
                "operator_sdk_reconciliations_executions{controller=\"velaocmhub\"} 0.0",
                "operator_sdk_controllers_executions_total{controller=\"velaocmhub\",execution=\"reconcile\",result=\"done\"} 1.0",
                "operator_sdk_controllers_executions_total{controller=\"velaocmhub\",execution=\"reconcile\",result=\"failure\"} 1.0")) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
    }

    @Test
    void everyLineIsValidTextFormatWithOneHelpAndTypePerFamily() {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.status("a \"quoted\" \\ name\nwith a newline", new VelaOcmHubStatus());
        metrics.applied("Deployment");
        String text = metrics.scrape();
        assertTrue(text.contains("vela_ocm_hub_ready{hub=\"a \\\"quoted\\\" \\\\ name\\nwith a newline\"} 0.0"), text);
        List<String> types = text.lines().filter(l -> l.startsWith("# TYPE ")).toList();
        assertEquals(types.size(), types.stream().distinct().count(), "one TYPE per family: " + types);
        for (String line : text.lines().toList()) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertTrue(SAMPLE.matcher(line).matches(), "not a sample line: " + line);
        }
    }

    @Test
    void aNameKeepsItsType() {
        PrometheusText text = new PrometheusText();
        text.counter("things_total", "things");
        assertThrows(IllegalArgumentException.class,
                () -> text.sampled("things_total", PrometheusText.Type.gauge, "things", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> text.counter("odd_total", "odd", "label-without-value"));
    }

    private static <T> Metrics.ControllerExecution<T> execution(java.util.concurrent.Callable<T> body) {
        return new Metrics.ControllerExecution<>() {
            @Override
            public String name() {
                return "reconcile";
            }

            @Override
            public String controllerName() {
                return "velaocmhub";
            }

            @Override
            public String successTypeName(T result) {
                return result.toString();
            }

            @Override
            public ResourceID resourceID() {
                return new ResourceID("hub");
            }

            @Override
            public Map<String, Object> metadata() {
                return Map.of();
            }

            @Override
            public T execute() throws Exception {
                return body.call();
            }
        };
    }
}
