package dev.oam.ocm.hub.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real judges of a resource's health, each a small Go main built from the library the tool itself uses:
 * kstatus (sigs.k8s.io/cli-utils, as Flux), an Argo CD health Lua script run in gopher-lua (as Argo CD), and
 * Prometheus' rule-file checker. Commands are logged to {@code <logDir>/health-checkers.log}.
 */
public final class HealthCheckers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a checker said: a status word (Current, InProgress, Failed; Healthy, Progressing, Degraded) and why. */
    public record Verdict(String status, String message) {
    }

    private final Path logFile;

    public HealthCheckers(Path logDir) {
        this.logFile = logDir.resolve("health-checkers.log");
    }

    /** kstatus' verdict on an object given as JSON (kubectl get -o json). */
    public Verdict kstatus(String objectJson) {
        return verdict(Commands.run(logFile, List.of(E2eBinaries.kstatus().toString()), Map.of(), objectJson, TIMEOUT));
    }

    /** Argo CD's health of an object given as JSON, by the Lua script in {@code script}. */
    public Verdict argoCd(Path script, String objectJson) {
        return verdict(Commands.run(logFile, List.of(E2eBinaries.argoCdLua().toString(), script.toString()), Map.of(),
                objectJson, TIMEOUT));
    }

    /**
     * Checks a PrometheusRule manifest as {@code promtool check rules} does (Prometheus' rulefmt: YAML shape,
     * PromQL, templates); the result's stdout lists the metric names its expressions select, one per line.
     */
    public CommandResult promRules(Path prometheusRule) {
        return Commands.run(logFile, List.of(E2eBinaries.promRules().toString(), prometheusRule.toString()), Map.of(),
                null, TIMEOUT);
    }

    private static Verdict verdict(CommandResult result) {
        result.orThrow();
        try {
            JsonNode node = JSON.readTree(result.stdout());
            return new Verdict(node.path("status").asText(), node.path("message").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected output of " + result.command() + ": " + result.stdout(), e);
        }
    }
}
