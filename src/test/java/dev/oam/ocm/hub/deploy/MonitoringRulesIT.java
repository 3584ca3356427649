package dev.oam.ocm.hub.deploy;

import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.HealthCheckers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/monitoring's alerts and dashboard pass Prometheus' rule checker (model/rulefmt, what promtool check rules
 * runs; built from its Go module) and query the operator's own series. HelmChartIT checks that a running operator
 * exports every metric they name.
 */
class MonitoringRulesIT {
    @Test
    void alertsParseAndQueryTheHubSeries(@TempDir Path dir) {
        HealthCheckers checkers = new HealthCheckers(dir);
        assertEquals(List.of("vela_ocm_hub_drift_repairs_total", "vela_ocm_hub_ready", "vela_ocm_hub_reconcile_errors_total"),
                MonitoringQueries.alertMetrics(checkers));
    }

    @Test
    void everyDashboardQueryParses(@TempDir Path dir) {
        HealthCheckers checkers = new HealthCheckers(dir);
        List<String> metrics = MonitoringQueries.dashboardMetrics(checkers, dir);
        assertEquals(MonitoringQueries.dashboardQueries().size(), 6, "six panels");
        assertTrue(metrics.containsAll(MonitoringQueries.alertMetrics(checkers)),
                "the dashboard shows what the alerts watch: " + metrics);
    }

    @Test
    void theCheckerRefusesABrokenRule(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(MonitoringQueries.RULES)
                .replace("max by (hub) (vela_ocm_hub_ready) == 0", "max by (hub) (vela_ocm_hub_ready == 0"));
        CommandResult result = new HealthCheckers(dir).promRules(broken);
        assertFalse(result.succeeded(), "an unbalanced parenthesis must fail the check");
        assertTrue(result.stderr().contains("VelaOcmHubNotReady") || result.stderr().contains("parse error"),
                result.stderr());
    }
}
