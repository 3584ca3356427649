package dev.oam.ocm.hub.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oam.ocm.hub.e2e.harness.HealthCheckers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL of deploy/monitoring, checked by Prometheus' own rule parser (HealthCheckers#promRules): the alerts
 * as they ship, and the dashboard's queries as recording rules of a generated rule file, so each panel's query is
 * parsed by the same code. Each method returns the metric names the queries select.
 */
public final class MonitoringQueries {
    public static final Path RULES = Path.of("deploy/monitoring/prometheusrule.yaml");
    public static final Path DASHBOARD = Path.of("deploy/monitoring/grafana-dashboard.json");

    private MonitoringQueries() {
    }

    public static List<String> alertMetrics(HealthCheckers checkers) {
        return checkers.promRules(RULES.toAbsolutePath()).orThrow().stdout().lines().toList();
    }

    public static List<String> dashboardMetrics(HealthCheckers checkers, Path workDir) {
        StringBuilder rules = new StringBuilder("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: dashboard-queries
                spec:
                  groups:
                  - name: dashboard
                    rules:
                """);
        List<String> queries = dashboardQueries();
        for (int i = 0; i < queries.size(); i++) {
            rules.append("    - record: dashboard:panel").append(i).append('\n')
                    .append("      expr: '").append(queries.get(i).replace("'", "''")).append("'\n");
        }
        try {
            Files.createDirectories(workDir);
            Path file = workDir.resolve("dashboard-queries.yaml");
            Files.writeString(file, rules);
            return checkers.promRules(file.toAbsolutePath()).orThrow().stdout().lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code targets[].expr} of every panel. */
    public static List<String> dashboardQueries() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
            List<String> queries = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(target.path("expr").asText());
                }
            }
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
