package dev.oam.ocm.hub.deploy;

import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.Helm;
import dev.oam.ocm.hub.testing.Kustomize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart deploy/helm/vela-ocm-hub-operator with the real helm (built from its Go module): it lints, its
 * defaults render exactly deploy/base (in the release namespace; the chart does not create the namespace, and Helm
 * adds its own labels), its CRD is the one in crds/, and its values schema refuses bad values with a readable message.
 */
class HelmChartTemplateIT {
    static final Path CHART = Path.of("deploy/helm/vela-ocm-hub-operator");
    private static final String NAMESPACE = "vela-ocm-hub-system";
    /** Labels one of the two tools adds and the other cannot: kustomize's on the CRD, Helm's release labels. */
    private static final List<String> TOOL_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/part-of",
            "app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "helm.sh/chart");

    private static Helm helm;

    @BeforeAll
    static void helm() {
        Path logs = Path.of("target/e2e/helm-template/logs").toAbsolutePath();
        helm = new Helm(logs.resolveSibling("no-cluster-kubeconfig"), logs);
    }

    @Test
    void chartLints() {
        CommandResult lint = helm.run("lint", CHART.toString(), "--strict");
        assertEquals(0, lint.exitCode(), lint.stdout() + lint.stderr());
    }

    @Test
    void defaultValuesRenderDeployBase() throws Exception {
        Map<String, HasMetadata> chart = byKey(Kustomize.parse(template("--include-crds", "--no-hooks")));
        Map<String, HasMetadata> base = byKey(Kustomize.objects("deploy/base")
                .stream().filter(o -> !(o instanceof Namespace)).toList());
        assertEquals(base.keySet(), chart.keySet(), "the chart renders the objects of deploy/base (but its Namespace)");
        for (String key : base.keySet()) {
            assertEquals(Serialization.asYaml(base.get(key)), Serialization.asYaml(chart.get(key)),
                    key + " differs between deploy/base and the chart's defaults");
        }
    }

    @Test
    void chartShipsTheCrdOfCrds() throws Exception {
        assertEquals(Files.readString(Path.of("crds/velaocmhubs.ocm.oam.dev-v1.yml")),
                Files.readString(CHART.resolve("crds/velaocmhubs.ocm.oam.dev-v1.yml")),
                "copy crds/velaocmhubs.ocm.oam.dev-v1.yml to " + CHART + "/crds/");
    }

    @Test
    void uninstallHookRunsTheOperatorsBeforeUninstallCommand() {
        List<HasMetadata> hooks = Kustomize.parse(template("--show-only", "templates/uninstall-hook.yaml"));
        Job job = hooks.stream().filter(Job.class::isInstance).map(Job.class::cast).findFirst().orElseThrow();
        assertEquals("pre-delete", job.getMetadata().getAnnotations().get("helm.sh/hook"));
        assertEquals(List.of("before-uninstall", "--timeout", "4m"),
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertEquals("ghcr.io/vela-ocm-hub/vela-ocm-hub-operator:v0.1.0",
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertTrue(hooks.stream().allMatch(o -> "pre-delete".equals(o.getMetadata().getAnnotations().get("helm.sh/hook"))),
                "the hook's identity exists only while the hook runs");
    }

    @Test
    void valuesReachTheDeploymentAndTheOptionalHub() {
        String out = template("--set", "replicas=1", "--set", "leaderElection=false", "--set", "logLevel=DEBUG",
                "--set", "image.tag=sha256:" + "a".repeat(64), "--set", "nodeSelector.zone=a",
                "--set", "hub.enabled=true", "--set-string", "hub.spec.version=1.2.1");
        assertTrue(out.contains("replicas: 1\n"), out);
        assertTrue(out.contains("- name: LEADER_ELECTION\n          value: \"false\""), out);
        assertTrue(out.contains("- name: LOG_LEVEL\n          value: DEBUG"), out);
        assertTrue(out.contains("image: ghcr.io/vela-ocm-hub/vela-ocm-hub-operator@sha256:aaaa"), out);
        assertTrue(out.contains("nodeSelector:\n        zone: a"), out);
        assertTrue(out.contains("kind: VelaOcmHub\nmetadata:\n  name: hub"), out);
        assertTrue(out.contains("spec:\n  version: 1.2.1\n"), out);
    }

    @Test
    void badValuesAreRefusedWithAReadableMessage() {
        refused("/replicas", "--set", "replicas=0");
        refused("/image/tag", "--set", "image.tag=latest");
        refused("/logLevel", "--set", "logLevel=LOUD");
        refused("/hub/name", "--set", "hub.name=Not_A_Name");
        refused("/uninstall/timeout", "--set", "uninstall.timeout=soon");
        refused("additional properties 'replica' not allowed", "--set", "replica=3");
        refused("leaderElection: false needs replicas: 1", "--set", "leaderElection=false");
    }

    private static void refused(String expected, String... args) {
        CommandResult result = helm.run(templateArgs(args));
        assertFalse(result.succeeded(), "helm template " + String.join(" ", args) + " must fail");
        assertTrue(result.stderr().contains(expected), "expected the message to name " + expected + ": " + result.stderr());
    }

    private static String template(String... args) {
        return helm.run(templateArgs(args)).orThrow().stdout();
    }

    private static String[] templateArgs(String... args) {
        List<String> all = new ArrayList<>(List.of("template", "vela-ocm-hub-operator", CHART.toString(),
                "--namespace", NAMESPACE));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static Map<String, HasMetadata> byKey(List<HasMetadata> objects) {
        objects.forEach(o -> {
            Map<String, String> labels = o.getMetadata().getLabels();
            if (labels != null) {
                TOOL_LABELS.forEach(labels::remove);
                if (labels.isEmpty()) {
                    o.getMetadata().setLabels(null);
                }
            }
        });
        return objects.stream().collect(Collectors.toMap(
                o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                Function.identity(), (a, b) -> {
                    throw new AssertionError("rendered twice: " + a);
                }, TreeMap::new));
    }
}
