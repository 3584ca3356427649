package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.deploy.ArgoCdHealthScript;
import dev.oam.ocm.hub.deploy.MonitoringQueries;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.HealthCheckers;
import dev.oam.ocm.hub.e2e.harness.HealthCheckers.Verdict;
import dev.oam.ocm.hub.e2e.harness.Helm;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's Helm path with the real helm on an empty cluster (no operator process from the harness: the stand-in
 * kubelet runs the chart's operator pods, and the uninstall hook's Job pod, as the jar under test). Along the way the
 * real kstatus and README's Argo CD health Lua judge the live VelaOcmHub: installing, refused, degraded, upgrading
 * (hub.spec.version changed through the values), Ready. Then a value change rolls the operator without touching the hub, the operator's /metrics exports every metric
 * deploy/monitoring's alerts and dashboard query, and helm uninstall removes the hub before the operator.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmChartIT extends E2eSupport {
    private static final String NS = "vela-ocm-hub-system";
    private static final String RELEASE = "vela-ocm-hub-operator";
    private static final String CHART = "deploy/helm/vela-ocm-hub-operator";

    private static final String OLDER = "1.2.0";

    /**
     * The hub's release: the install takes the older one this machine has, so that a later step can upgrade it
     * through the chart's values and watch kstatus and Argo CD during the upgrade.
     */
    private static String hubVersion = OLDER;

    private static Helm helm;
    private static HealthCheckers checkers;
    private static Path argoCdLua;
    private static HealthSampler sampler;

    @BeforeAll
    static void start() throws IOException {
        cluster = LocalCluster.start(Path.of("target/e2e", "helm").toAbsolutePath());
        admin = cluster.adminClient();
        kubectl = new Kubectl(cluster.adminKubeconfig(), cluster.logDir());
        helm = new Helm(cluster.adminKubeconfig(), cluster.logDir());
        checkers = new HealthCheckers(cluster.logDir());
        argoCdLua = cluster.logDir().resolveSibling("argocd-health.lua");
        Files.writeString(argoCdLua, ArgoCdHealthScript.fromReadme());
    }

    @AfterAll
    static void stopSampler() {
        if (sampler != null) {
            sampler.close();
        }
    }

    @Test
    @Order(1)
    void readmesHelmInstallRunsTheOperatorAndTheHubTurnsReadyWithKstatusAndArgoCdAgreeing() {
        sampler = HealthSampler.start(kubectl, checkers, argoCdLua, "hub");
        // README installs the chart with a hub of the newest release the operator knows; this machine has binaries up
        // to NEWEST_REAL, so the install line gets a release it has (the older one: step 4 upgrades it).
        for (List<String> command : readmeCommands(1)) {
            List<String> args = new ArrayList<>(command.subList(1, command.size()));
            if (command.get(0).equals("helm")) {
                if (args.get(0).equals("install")) {
                    args.addAll(List.of("--set-string", "hub.spec.version=" + hubVersion));
                    assertTrue(String.join(" ", args).contains("--set hub.enabled=true"), "README installs a hub: " + args);
                }
                helm.run(args.toArray(String[]::new)).orThrow();
            } else {
                assertEquals("kubectl", command.get(0), "README's Helm section runs helm and kubectl: " + command);
                kubectl.run(args.toArray(String[]::new)).orThrow();
            }
        }
        List<HealthSampler.Sample> samples = sampler.stop();

        List<Pod> pods = operatorPods();
        assertEquals(2, pods.size(), "the chart's default: two replicas");
        pods.forEach(p -> assertNotNull(p.getStatus().getPodIP(), "each replica runs as the jar: " + p));
        assertNotNull(await("a replica to hold the Lease", Duration.ofSeconds(60), HelmChartIT::leaseHolder));

        assertTrue(samples.stream().anyMatch(s -> s.kstatus().status().equals("InProgress")
                && s.argoCd().status().equals("Progressing")), "seen installing: " + samples);
        assertHealthMatchesReady(samples);
        HealthSampler.Sample last = HealthSampler.sample(kubectl, checkers, argoCdLua, "hub");
        assertEquals("Current", last.kstatus().status(), last.toString());
        assertEquals("Healthy", last.argoCd().status(), last.toString());
    }

    @Test
    @Order(2)
    void aRefusedSpecIsFailedForKstatusAndDegradedForArgoCd() {
        upgrade("--set", "hub.spec.imagePullSecret=nowhere");
        HealthSampler.Sample refused = await("the hub to refuse the missing pull secret", INSTALL, () -> {
            HealthSampler.Sample s = HealthSampler.sample(kubectl, checkers, argoCdLua, "hub");
            return s != null && "InvalidSpec".equals(s.readyReason()) && s.observedGeneration() == s.generation() ? s : null;
        });
        assertEquals("Failed", refused.kstatus().status(), refused.toString());
        assertEquals("Degraded", refused.argoCd().status(), refused.toString());
        assertTrue(refused.argoCd().message().contains("nowhere"), refused.toString());

        upgrade();
        awaitCurrentAndHealthy();
    }

    @Test
    @Order(3)
    void aDegradedHubIsInProgressForKstatusAndDegradedForArgoCd() {
        cluster.failPods("open-cluster-management-hub", "app=clustermanager-registration-controller", true);
        HealthSampler.Sample degraded = await("the hub to be degraded", INSTALL, () -> {
            HealthSampler.Sample s = HealthSampler.sample(kubectl, checkers, argoCdLua, "hub");
            return s != null && "Degraded".equals(s.phase()) ? s : null;
        });
        assertEquals("InProgress", degraded.kstatus().status(), degraded.toString());
        assertEquals("Degraded", degraded.argoCd().status(), degraded.toString());

        cluster.failPods("open-cluster-management-hub", "app=clustermanager-registration-controller", false);
        awaitCurrentAndHealthy();
    }

    @Test
    @Order(4)
    void aHubUpgradeThroughTheChartIsInProgressUntilTheNewReleaseIsReady() {
        assertEquals(OLDER, hub("hub").getStatus().getInstalledVersion());
        sampler = HealthSampler.start(kubectl, checkers, argoCdLua, "hub");
        hubVersion = NEWEST_REAL;
        upgrade();
        await("installedVersion " + NEWEST_REAL, INSTALL,
                () -> NEWEST_REAL.equals(hub("hub").getStatus().getInstalledVersion()));
        awaitCurrentAndHealthy();
        List<HealthSampler.Sample> samples = sampler.stop();

        assertTrue(samples.stream().anyMatch(s -> s.kstatus().status().equals("InProgress")
                && s.argoCd().status().equals("Progressing")), "seen upgrading: " + samples);
        assertHealthMatchesReady(samples);
    }

    @Test
    @Order(5)
    void helmUpgradeRollsTheOperatorWithoutTouchingTheHub() {
        Set<String> before = operatorPods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        HasMetadata cm = clusterManager();
        Deployment registrationOperator = registrationOperator();
        long hubGeneration = hub("hub").getMetadata().getGeneration();

        sampler = HealthSampler.start(kubectl, checkers, argoCdLua, "hub");
        upgrade("--set", "logLevel=DEBUG", "--wait");
        kubectl.run("-n", NS, "rollout", "status", "deployment/" + RELEASE, "--timeout=180s").orThrow();
        String leader = await("a new replica to lead", Duration.ofSeconds(90), () -> {
            String holder = leaseHolder();
            // A leader stopping hands the Lease back with an empty holder before the next one takes it.
            return holder != null && !holder.isEmpty() && !before.contains(holder) ? holder : null;
        });
        // The new leader's first pass over the hub (a start re-checks the whole bundle) has run by now.
        sleep(10_000);
        List<HealthSampler.Sample> samples = sampler.stop();

        List<Pod> pods = operatorPods();
        assertTrue(pods.stream().noneMatch(p -> before.contains(p.getMetadata().getName())), "every replica replaced");
        assertTrue(pods.stream().allMatch(p -> p.getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getName().equals("LOG_LEVEL") && "DEBUG".equals(e.getValue()))), "the new value");
        assertTrue(pods.stream().anyMatch(p -> p.getMetadata().getName().equals(leader)));

        HasMetadata cmAfter = clusterManager();
        assertEquals(cm.getMetadata().getUid(), cmAfter.getMetadata().getUid(), "the ClusterManager is the same");
        assertEquals(cm.getMetadata().getGeneration(), cmAfter.getMetadata().getGeneration(), "its spec unchanged");
        Deployment registrationOperatorAfter = registrationOperator();
        assertEquals(registrationOperator.getMetadata().getUid(), registrationOperatorAfter.getMetadata().getUid());
        assertEquals(registrationOperator.getMetadata().getGeneration(),
                registrationOperatorAfter.getMetadata().getGeneration(), "the registration-operator was not rolled");
        assertEquals(hubGeneration, hub("hub").getMetadata().getGeneration());
        assertTrue(samples.stream().allMatch(s -> s.kstatus().status().equals("Current")
                && s.argoCd().status().equals("Healthy")), "the hub stays Current and Healthy throughout: " + samples);
    }

    @Test
    @Order(6)
    void metricsExportEverySeriesTheAlertsAndTheDashboardQuery() throws Exception {
        // A drift repair while the operator runs steadily: someone scales the registration-operator.
        kubectl.run("-n", "open-cluster-management", "scale", "deployment/cluster-manager", "--replicas=3").orThrow();
        await("the operator to scale it back", Duration.ofSeconds(60),
                () -> Integer.valueOf(1).equals(registrationOperator().getSpec().getReplicas()));

        String metrics = await("the leader's /metrics with a drift repair", Duration.ofSeconds(30), () -> {
            String text = scrape(leaseHolder());
            return text != null && text.contains("vela_ocm_hub_drift_repairs_total{kind=\"Deployment\"}") ? text : null;
        });
        Set<String> exported = metricNames(metrics);
        Set<String> queried = new TreeSet<>(MonitoringQueries.alertMetrics(checkers));
        queried.addAll(MonitoringQueries.dashboardMetrics(checkers, cluster.logDir()));
        assertTrue(queried.containsAll(Set.of("vela_ocm_hub_ready", "vela_ocm_hub_drift_repairs_total",
                "vela_ocm_hub_reconcile_errors_total")), "the alerts query the hub's series: " + queried);
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "metrics deploy/monitoring queries but the operator does not export");
        assertTrue(metrics.contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"} 0.0"), "no errors so far");
    }

    @Test
    @Order(7)
    void uninstallIsRefusedWhileAClusterIsJoinedAndLeavesEverythingRunning() {
        joinCluster("spoke");
        CommandResult refused = helm.run("uninstall", RELEASE, "-n", NS, "--wait");
        assertFalse(refused.succeeded(), "the pre-delete hook fails while a cluster is joined");
        // On a cluster with a kubelet helm also prints the Job's log (hook-output-log-policy); the stand-in serves none.
        assertTrue(refused.stderr().contains("job vela-ocm-hub-operator-uninstall failed"), refused.stderr());
        assertTrue(condition("hub", "DeletionBlocked").map(c -> c.getMessage().contains("spoke")).orElse(false),
                "the hub says why: " + condition("hub", "DeletionBlocked"));
        assertEquals(2, operatorPods().size(), "the operator stays installed");
        assertNotNull(clusterManager());

        kubectl.run("delete", "managedcluster", "spoke", "--timeout=120s").orThrow();
        await("the hub's deletion to complete by itself", INSTALL, () -> hub("hub") == null);
    }

    @Test
    @Order(8)
    void readmesHelmUninstallRemovesTheHubBeforeTheOperatorAndStrandsNothing() {
        // The hub of step 7 is gone (the release, stopped half-way through its uninstall, is not upgraded again).
        applyHub(hubYaml("hub", NEWEST_REAL, null)).orThrow();
        awaitReady("hub");
        for (List<String> command : readmeCommands(2)) {
            assertEquals("helm", command.get(0), "README's uninstall: " + command);
            helm.run(command.subList(1, command.size()).toArray(String[]::new)).orThrow();
        }
        assertNull(hub("hub"));
        await("the OCM namespaces to be gone", Duration.ofSeconds(120), () ->
                admin.namespaces().list().getItems().stream()
                        .noneMatch(n -> n.getMetadata().getName().startsWith("open-cluster-management")));
        await("every OCM CRD to be removed (deletionPolicy Delete)", Duration.ofSeconds(60), () ->
                admin.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                        .noneMatch(c -> c.getMetadata().getName().endsWith(".open-cluster-management.io")));
        assertTrue(admin.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .noneMatch(c -> c.getMetadata().getDeletionTimestamp() != null), "no CRD left Terminating");
        await("the operator's pods to be gone", Duration.ofSeconds(60), () -> operatorPods().isEmpty());
        assertNull(admin.apps().deployments().inNamespace(NS).withName(RELEASE).get());
        assertNull(admin.rbac().clusterRoles().withName(RELEASE).get());
        assertNull(admin.rbac().clusterRoles().withName(RELEASE + "-uninstall").get(), "the hook's role went with it");
        assertTrue(admin.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "the hook Job is removed");
        // Helm never deletes what crds/ installed: the VelaOcmHub CRD stays, with no VelaOcmHub left.
        assertNotNull(admin.apiextensions().v1().customResourceDefinitions().withName("velaocmhubs.ocm.oam.dev").get());
    }

    /**
     * helm upgrade with README's values and {@code more}. The values are named again instead of --reuse-values:
     * with it, helm keeps a reused value that --set makes null (helm 3.22.0).
     */
    private static void upgrade(String... more) {
        List<String> args = new ArrayList<>(List.of("upgrade", RELEASE, CHART, "-n", NS));
        args.addAll(List.of("--set", "hub.enabled=true", "--set-string", "hub.spec.version=" + hubVersion));
        args.addAll(List.of(more));
        helm.run(args.toArray(String[]::new)).orThrow();
    }

    private static void awaitCurrentAndHealthy() {
        await("kstatus Current and Argo CD Healthy", INSTALL, () -> {
            HealthSampler.Sample s = HealthSampler.sample(kubectl, checkers, argoCdLua, "hub");
            return s != null && s.kstatus().status().equals("Current") && s.argoCd().status().equals("Healthy") ? s : null;
        });
        assertEquals("True", condition("hub", "Ready").orElseThrow().getStatus());
    }

    /**
     * Never Current nor Healthy unless Ready=True for the generation observed, once the operator has written a
     * status. Before that (helm creates the hub while the operator's pods still start) kstatus' own rule calls a
     * resource without status Current: README says so; Argo CD's script says Progressing.
     */
    private static void assertHealthMatchesReady(List<HealthSampler.Sample> samples) {
        for (HealthSampler.Sample s : samples) {
            if (s.observedGeneration() == -1) {
                assertEquals("Current", s.kstatus().status(), "kstatus' rule for a resource without status: " + s);
                assertEquals("Progressing", s.argoCd().status(), "Argo CD: " + s);
                continue;
            }
            boolean ready = "True".equals(s.readyStatus()) && s.observedGeneration() == s.generation();
            assertEquals(ready, s.kstatus().status().equals("Current"), "kstatus: " + s + " of " + samples);
            assertEquals(ready, s.argoCd().status().equals("Healthy"), "Argo CD: " + s + " of " + samples);
        }
    }

    /** The commands of README's n-th bash block under "With Helm", each split into words (no quoting there). */
    private static List<List<String>> readmeCommands(int block) {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String section = readme.substring(readme.indexOf("### With Helm"));
        Matcher blocks = Pattern.compile("(?s)```bash\\n(.*?)```").matcher(section);
        for (int i = 0; i < block; i++) {
            assertTrue(blocks.find(), "README's Helm section has " + block + " bash blocks");
        }
        List<List<String>> commands = new ArrayList<>();
        for (String line : blocks.group(1).replace("\\\n", " ").split("\n")) {
            String command = line.replaceAll("\\s+#.*$", "").strip();
            if (!command.isEmpty()) {
                commands.add(List.of(command.split("\\s+")));
            }
        }
        return commands;
    }

    private static List<Pod> operatorPods() {
        return admin.pods().inNamespace(NS).withLabel("app", "vela-ocm-hub-operator").list().getItems();
    }

    private static Deployment registrationOperator() {
        return admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get();
    }

    private static String leaseHolder() {
        Lease lease = admin.resources(Lease.class).inNamespace(NS).withName("vela-ocm-hub-operator").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** GET /metrics of an operator pod on its pod IP, or null when it does not answer (yet). */
    private static String scrape(String podName) {
        if (podName == null) {
            return null;
        }
        Pod pod = admin.pods().inNamespace(NS).withName(podName).get();
        if (pod == null || pod.getStatus().getPodIP() == null) {
            return null;
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + pod.getStatus().getPodIP() + ":8080/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The series names of a Prometheus text exposition. */
    static Set<String> metricNames(String exposition) {
        return exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }
}
