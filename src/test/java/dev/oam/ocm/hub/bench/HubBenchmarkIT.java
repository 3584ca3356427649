package dev.oam.ocm.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.e2e.OperatorPrerequisites;
import dev.oam.ocm.hub.e2e.OperatorUnderTest;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The benchmark behind README's results table: `mvn -B verify -Pbench`. Every comparison is measured side
 * by side in the same run on fresh local control planes (real kube-apiserver, etcd, controller manager and
 * the real OCM registration-operator). Knobs (system properties): bench.runs (3), bench.idleMinutes (10),
 * bench.changes (200 per batch), bench.batches (3), bench.clusters (2000), bench.joinRuns (bench.runs; 0 skips the
 * join timing). Results: printed table, target/bench/results.json and each batch's changes in
 * target/bench/propagation-<label>.csv. results.json's propagationSplit says, from the API server's audit log, how
 * much of a change is the API server's and how much the operator's.
 */
class HubBenchmarkIT {
    private static final String VERSION = "1.2.1";
    private static final String OPERATOR_USER = "system:serviceaccount:vela-ocm-hub-system:vela-ocm-hub-operator";
    private static final Path OUT = Path.of("target/bench");
    private static final ResourceDefinitionContext MANAGED_CLUSTERS = OperatorPrerequisites.MANAGED_CLUSTERS;

    private final int runs = Integer.getInteger("bench.runs", 3);
    private final int idleMinutes = Integer.getInteger("bench.idleMinutes", 10);
    private final int changes = Integer.getInteger("bench.changes", 200);
    private final int scaleClusters = Integer.getInteger("bench.clusters", 2000);
    private final int propagationBatches = Integer.getInteger("bench.batches", 3);
    private final int joinRuns = Integer.getInteger("bench.joinRuns", runs);
    private static final int WARM_UP_CHANGES = 5;
    /**
     * The install's own part ends with the ClusterManager applied (not a dry-run): what follows is the
     * registration-operator starting the hub, the same binaries for both installers. {@code timeToReadyRatioFloor}
     * is the ratio to clusteradm an installer that took no time up to that apply would reach.
     */
    private static final Predicate<JsonNode> CLUSTER_MANAGER_APPLIED = AuditLog.resource("clustermanagers")
            .and(AuditLog.verbIn("create", "patch", "update")).and(AuditLog.carriedOut());
    /** The longest wait for the control plane to take in the 2,000 clusters ({@link #settle}). */
    private static final int SETTLE_CAP_MINUTES = 16;

    @Test
    void benchmark() throws Exception {
        Files.createDirectories(OUT);
        List<Double> oursSeconds = new ArrayList<>();
        List<Double> clusteradmSeconds = new ArrayList<>();
        List<Long> installRequests = new ArrayList<>();
        List<Long> installWrites = new ArrayList<>();
        List<Long> clusteradmRequests = new ArrayList<>();
        List<Double> appliedSeconds = new ArrayList<>();
        List<Double> clusteradmAppliedSeconds = new ArrayList<>();
        List<Double> startToReady = new ArrayList<>();
        List<Double> overheadMs = new ArrayList<>();
        Map<String, Object> results = new LinkedHashMap<>();

        // Use, not only install: a real cluster joining each kind of hub, before the runs below (each keeps the host).
        JoinTiming joins = new JoinTiming(OUT, VERSION);
        List<Double> joinOurs = new ArrayList<>();
        List<Double> joinClusteradm = new ArrayList<>();
        for (int run = 1; run <= joinRuns; run++) {
            joinClusteradm.add(joins.onClusteradmHub(run));
            joinOurs.add(joins.onOurHub(run));
        }
        if (joinRuns > 0) {
            results.put("joinToAvailableSeconds", round(Stats.median(joinOurs)));
            results.put("clusteradmJoinToAvailableSeconds", round(Stats.median(joinClusteradm)));
            results.put("joinToAvailableRatioVsClusteradm", round(Stats.median(joinOurs) / Stats.median(joinClusteradm)));
        }

        LocalCluster kept = null;
        OperatorUnderTest keptOperator = null;
        for (int run = 1; run <= runs; run++) {
            // clusteradm first on its own fresh control plane, then ours on another: the same steps, timed alike.
            try (LocalCluster cluster = LocalCluster.start(OUT.resolve("clusteradm-" + run).toAbsolutePath())) {
                AuditLog audit = new AuditLog(cluster.auditLog());
                long mark = audit.mark();
                long t0 = System.nanoTime();
                CommandResult init = cluster.run("clusteradm-init", E2eBinaries.clusteradm().toString(), "init",
                        "--bundle-version=" + VERSION, "--wait", "--kubeconfig", cluster.adminKubeconfig().toString());
                init.orThrow();
                awaitTrue("clusteradm's hub to be healthy", Duration.ofMinutes(5), () -> healthy(cluster.adminClient()));
                clusteradmSeconds.add((System.nanoTime() - t0) / 1e9);
                clusteradmRequests.add(audit.count(mark, AuditLog.userAgentContains("clusteradm")).requests());
                clusteradmAppliedSeconds.add(audit.secondsBetween(mark, AuditLog.userAgentContains("clusteradm"),
                        AuditLog.userAgentContains("clusteradm").and(CLUSTER_MANAGER_APPLIED)).orElseThrow());
            }

            LocalCluster cluster = LocalCluster.start(OUT.resolve("ours-" + run).toAbsolutePath());
            Kubectl kubectl = cluster.kubectl();
            OperatorPrerequisites.install(kubectl);
            OperatorUnderTest operator = OperatorUnderTest.start(cluster, "vela-ocm-hub-operator");
            startToReady.add(operator.secondsToReady());
            AuditLog audit = new AuditLog(cluster.auditLog());
            long mark = audit.mark();
            HealthWatch health = HealthWatch.start(cluster.adminClient(), "hub");
            long t0 = System.nanoTime();
            kubectl.runWithStdin("apiVersion: ocm.oam.dev/v1alpha1\nkind: VelaOcmHub\nmetadata:\n  name: hub\nspec:\n  version: \""
                    + VERSION + "\"\n", "apply", "-f", "-").orThrow();
            awaitTrue("the VelaOcmHub to be Ready", Duration.ofMinutes(5), () -> ready(cluster.adminClient()));
            oursSeconds.add((System.nanoTime() - t0) / 1e9);
            awaitTrue("the watcher to see the hub healthy and Ready", Duration.ofSeconds(30), () -> health.overheadMs() != null);
            overheadMs.add(health.overheadMs());
            health.close();
            appliedSeconds.add(audit.secondsBetween(mark, AuditLog.resource("velaocmhubs").and(AuditLog.verbIn("create")),
                    AuditLog.user(OPERATOR_USER).and(CLUSTER_MANAGER_APPLIED)).orElseThrow());
            AuditLog.Counts install = audit.count(mark, AuditLog.user(OPERATOR_USER));
            installRequests.add(install.requests());
            installWrites.add(install.writes());
            if (run < runs) {
                operator.close();
                cluster.close();
            } else {
                kept = cluster;
                keptOperator = operator;
            }
        }
        results.put("timeToReadyRatioVsClusteradm", round(Stats.median(oursSeconds) / Stats.median(clusteradmSeconds)));
        results.put("timeToReadySeconds", round(Stats.median(oursSeconds)));
        results.put("clusterManagerAppliedSeconds", round(Stats.median(appliedSeconds)));
        results.put("clusteradmClusterManagerAppliedSeconds", round(Stats.median(clusteradmAppliedSeconds)));
        List<Double> afterApply = new ArrayList<>();
        for (int i = 0; i < oursSeconds.size(); i++) {
            afterApply.add(oursSeconds.get(i) - appliedSeconds.get(i));
        }
        results.put("timeToReadyRatioFloor", round(Stats.median(afterApply) / Stats.median(clusteradmSeconds)));
        results.put("clusteradmTimeToReadySeconds", round(Stats.median(clusteradmSeconds)));
        results.put("installRequests", (long) Stats.median(installRequests));
        results.put("installWrites", (long) Stats.median(installWrites));
        results.put("clusteradmInstallRequests", (long) Stats.median(clusteradmRequests));
        results.put("startToReadySeconds", round(Stats.median(startToReady)));
        // One sample per install: Ready=True minus the moment a separate watcher saw the hub healthy.
        results.put("operatorOverheadP99Ms", round(Stats.percentile(overheadMs, 99)));

        try (LocalCluster cluster = kept; OperatorUnderTest operator = keptOperator) {
            KubernetesClient admin = cluster.adminClient();
            AuditLog audit = new AuditLog(cluster.auditLog());
            Thread.sleep(10_000); // let the install settle: Deployment status, last condition updates
            long mark = audit.mark();
            Thread.sleep(TimeUnit.MINUTES.toMillis(idleMinutes));
            // Leader election renews its Lease with a write every retry period (10 s): the price of two replicas
            // never both writing. Everything else the operator writes while idle would be a reconcile doing work.
            AuditLog.Counts idle = audit.count(mark, AuditLog.user(OPERATOR_USER));
            AuditLog.Counts lease = audit.count(mark, AuditLog.user(OPERATOR_USER).and(AuditLog.resource("leases")));
            results.put("idleMinutes", idleMinutes);
            results.put("idleRequests", idle.requests());
            results.put("idleWrites", idle.writes() - lease.writes());
            results.put("idleLeaseRenewals", lease.writes());
            results.put("idleWriteDetails", audit.describeWrites(mark, AuditLog.user(OPERATOR_USER)));

            double emptyRss = medianRssMiB(operator.process().pid());
            results.put("idleRssMiB", round(emptyRss));
            results.put("registrationOperatorRssMiB", round(medianRssMiB(registrationOperatorPid(cluster))));
            long emptyMark = audit.mark();
            Propagation empty = propagation(admin, "empty");
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("empty", split(audit, emptyMark));
            results.put("propagationP50Ms", round(empty.p50()));
            results.put("propagationP99Ms", round(empty.p99()));
            results.put("propagationFromWatchP50Ms", round(empty.fromWatchP50()));
            results.put("propagationFromWatchP99Ms", round(empty.fromWatchP99()));

            populate(admin, scaleClusters);
            long settleStart = System.nanoTime();
            results.put("scaleSettled", settle(audit));
            results.put("scaleSettleSeconds", round((System.nanoTime() - settleStart) / 1e9));
            Thread.sleep(30_000);
            double scaleRss = medianRssMiB(operator.process().pid());
            long scaleMark = audit.mark();
            Propagation scale = propagation(admin, "scale");
            split.put("scale", split(audit, scaleMark));
            results.put("scaleClusters", scaleClusters);
            results.put("scaleIdleRssMiB", round(scaleRss));
            results.put("scalePropagationP99Ms", round(scale.p99()));
            results.put("scaleRssRatio", round(scaleRss / emptyRss));
            results.put("scalePropagationP99Ratio", round(scale.p99() / empty.p99()));
            results.put("propagationBatches", Map.of("empty", empty.batches(), "scale", scale.batches()));
            results.put("propagationMaxMs", round(Math.max(empty.max(), scale.max())));
            results.put("propagationSplit", split);
        }
        results.put("runs", runs);
        results.put("samples", Map.of("oursSeconds", oursSeconds, "clusteradmSeconds", clusteradmSeconds,
                "installRequests", installRequests, "clusteradmInstallRequests", clusteradmRequests,
                "clusterManagerAppliedSeconds", appliedSeconds, "clusteradmClusterManagerAppliedSeconds", clusteradmAppliedSeconds,
                "startToReadySeconds", startToReady, "joinToAvailableSeconds", joinOurs, "operatorOverheadMs", overheadMs,
                "clusteradmJoinToAvailableSeconds", joinClusteradm));
        results.put("machine", machine());
        write(results);
    }

    /**
     * Waits until the control plane has taken in the new clusters: for minutes after they exist, the controller
     * manager gives each namespace its ServiceAccount and CA ConfigMap, and the hub's registration controller patches
     * each ManagedCluster and grants it RBAC. A change measured meanwhile waits behind thousands of other writes: in
     * a run of 2026-12-07, 30 s after the clusters were created, the API server held every client's request for
     * 130-160 ms at once, the operator's status write among them (its own share of that change: 2.8 ms). Settled:
     * 5 s without a write but Lease renewals and Events, or {@link #SETTLE_CAP_MINUTES}.
     *
     * <p>The registration controller onboards about 200 clusters a minute on this project's machine (a run of
     * 2026-12-07: RoleBindings, ClusterRoleBindings, namespace and ManagedCluster patches, 1,400 writes a minute from
     * 17:27 to 17:36, then one status patch per cluster as their leases were found missing): 2,000 clusters take about
     * 11 minutes, and a 10-minute cap ended that run's wait during the last of it.
     *
     * @return false when the cap was not enough
     */
    private static boolean settle(AuditLog audit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(SETTLE_CAP_MINUTES);
        long writes;
        do {
            long mark = audit.mark();
            Thread.sleep(5_000);
            writes = audit.count(mark, AuditLog.work()).writes();
        } while (writes > 0 && System.nanoTime() < deadline);
        return writes == 0;
    }

    /**
     * Where the changes since {@code mark} spent their time, per the API server's audit log: the benchmark's
     * ClusterManager status write, the operator (from that write's answer to its VelaOcmHub status write arriving),
     * and the operator's write. p50 and p99 over every change of the batches, warm-up included.
     */
    private static Map<String, Object> split(AuditLog audit, long mark) {
        List<AuditLog.Hop> hops = audit.hops(mark, "clustermanagers", AuditLog.user(LocalCluster.ADMIN_USER),
                "velaocmhubs", AuditLog.user(OPERATOR_USER));
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("changes", hops.size());
        Map<String, Function<AuditLog.Hop, Double>> parts = new LinkedHashMap<>();
        parts.put("clusterManagerWrite", AuditLog.Hop::changeWriteMs);
        parts.put("operator", AuditLog.Hop::operatorMs);
        parts.put("statusWrite", AuditLog.Hop::statusWriteMs);
        parts.forEach((name, part) -> {
            List<Double> values = hops.stream().map(part).toList();
            split.put(name + "P50Ms", values.isEmpty() ? null : round(Stats.percentile(values, 50)));
            split.put(name + "P99Ms", values.isEmpty() ? null : round(Stats.percentile(values, 99)));
        });
        return split;
    }

    /**
     * Propagation in {@code batches} batches of {@code changes} ClusterManager condition changes, each timed
     * from just before its write until the VelaOcmHub shows it (and, to tell the operator's share from the API
     * server's, from when a watcher sees the ClusterManager change). A few unrecorded changes warm up the
     * watches first. Figures are medians over the batches of each batch's percentile.
     */
    private Propagation propagation(KubernetesClient admin, String label) throws InterruptedException {
        List<Map<String, Double>> batches = new ArrayList<>();
        for (int b = 1; b <= propagationBatches; b++) {
            Map<String, List<Double>> batch = propagationBatch(admin, label + b);
            List<Double> fromWrite = batch.get("fromWrite");
            List<Double> fromWatch = batch.get("fromWatch");
            batches.add(Map.of("p50", Stats.percentile(fromWrite, 50), "p99", Stats.percentile(fromWrite, 99),
                    "max", Stats.percentile(fromWrite, 100), "fromWatchP50", Stats.percentile(fromWatch, 50),
                    "fromWatchP99", Stats.percentile(fromWatch, 99)));
        }
        return new Propagation(batches);
    }

    record Propagation(List<Map<String, Double>> batches) {
        double p50() {
            return median("p50");
        }

        double p99() {
            return median("p99");
        }

        double fromWatchP50() {
            return median("fromWatchP50");
        }

        double fromWatchP99() {
            return median("fromWatchP99");
        }

        /** The slowest single change of any batch. */
        double max() {
            return batches.stream().mapToDouble(b -> b.get("max")).max().orElseThrow();
        }

        private double median(String key) {
            return Stats.median(batches.stream().map(b -> b.get(key)).toList());
        }
    }

    private Map<String, List<Double>> propagationBatch(KubernetesClient admin, String label) throws InterruptedException {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        SharedIndexInformer<VelaOcmHub> informer = probeWatch(admin, VelaOcmHub.class,
                hub -> hub.getStatus() == null ? List.of() : hub.getStatus().getConditions(), seen);
        Map<String, Long> cmSeen = new ConcurrentHashMap<>();
        SharedIndexInformer<ClusterManager> cmInformer = probeWatch(admin, ClusterManager.class,
                cm -> cm.getStatus() == null ? List.of() : cm.getStatus().getConditions(), cmSeen);
        try {
            List<Double> fromWrite = new ArrayList<>();
            List<Double> fromWatch = new ArrayList<>();
            for (int i = -WARM_UP_CHANGES; i < changes; i++) {
                String message = label + "-" + i;
                long t0 = writeProbeCondition(admin, message, (i & 1) == 0 ? "True" : "False");
                awaitTrue("change " + message + " to reach the VelaOcmHub", Duration.ofSeconds(30), () -> seen.containsKey(message));
                awaitTrue("change " + message + " to be seen on the ClusterManager", Duration.ofSeconds(30), () -> cmSeen.containsKey(message));
                if (i >= 0) {
                    fromWrite.add((seen.get(message) - t0) / 1e6);
                    fromWatch.add((seen.get(message) - cmSeen.get(message)) / 1e6);
                }
                Thread.sleep(100);
            }
            writeTrace(label, fromWrite, fromWatch);
            return Map.of("fromWrite", fromWrite, "fromWatch", fromWatch);
        } finally {
            informer.close();
            cmInformer.close();
        }
    }

    /**
     * Every change of a batch, in order, to target/bench/propagation-&lt;label&gt;.csv: an outlier is found by its
     * position (a GC, a resync, the API server) by lining it up with the operator's GC log or JFR recording.
     */
    private static void writeTrace(String label, List<Double> fromWrite, List<Double> fromWatch) {
        StringBuilder csv = new StringBuilder("change,fromWriteMs,fromWatchMs\n");
        for (int i = 0; i < fromWrite.size(); i++) {
            csv.append(i).append(',').append(round(fromWrite.get(i))).append(',').append(round(fromWatch.get(i))).append('\n');
        }
        try {
            Files.writeString(OUT.resolve("propagation-" + label + ".csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records, per BenchProbe message, when a watch first delivered an object of {@code type} carrying it. */
    private static <T extends HasMetadata> SharedIndexInformer<T> probeWatch(KubernetesClient admin, Class<T> type,
                                                                            Function<T, List<Condition>> conditions,
                                                                            Map<String, Long> seen) {
        Consumer<T> record = object -> {
            long now = System.nanoTime();
            conditions.apply(object).stream().filter(c -> "BenchProbe".equals(c.getType()))
                    .forEach(c -> seen.putIfAbsent(c.getMessage(), now));
        };
        return admin.resources(type).inform(HealthWatch.onAddOrUpdate(record));
    }

    /**
     * Adds or changes the BenchProbe condition the way the registration-operator changes its own: a status
     * update. Retried on a conflict (the registration-operator may write in between).
     *
     * @return System.nanoTime() just before the successful write
     */
    private static long writeProbeCondition(KubernetesClient admin, String message, String status) {
        for (int attempt = 1; ; attempt++) {
            ClusterManager cm = admin.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
            List<Condition> conditions = new ArrayList<>(cm.getStatus().getConditions());
            conditions.removeIf(c -> "BenchProbe".equals(c.getType()));
            conditions.add(new ConditionBuilder().withType("BenchProbe").withStatus(status).withReason("Benchmark")
                    .withMessage(message).withLastTransitionTime(Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"))
                    .build());
            cm.getStatus().setConditions(conditions);
            long t0 = System.nanoTime();
            try {
                admin.resource(cm).updateStatus();
                return t0;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** ManagedClusters and a namespace each, as a hub with that many joined clusters has. */
    private static void populate(KubernetesClient admin, int count) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String name = String.format("cluster-%04d", i);
            pool.submit(() -> {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
                admin.genericKubernetesResources(MANAGED_CLUSTERS).resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("cluster.open-cluster-management.io/v1").withKind("ManagedCluster")
                        .withNewMetadata().withName(name).addToLabels("bench", "scale").endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("hubAcceptsClient", true))).build()).create();
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(15, TimeUnit.MINUTES)) {
            throw new AssertionError("creating " + count + " ManagedClusters took over 15 minutes");
        }
    }

    private static boolean ready(KubernetesClient admin) {
        VelaOcmHub hub = admin.resources(VelaOcmHub.class).withName("hub").get();
        return hub != null && hub.getStatus() != null && hub.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The conditions our Ready requires, read from the ClusterManager as clusteradm leaves it. */
    private static boolean healthy(KubernetesClient admin) {
        ClusterManager cm = admin.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
        if (cm == null || cm.getStatus() == null || !cm.getMetadata().getGeneration().equals(cm.getStatus().getObservedGeneration())) {
            return false;
        }
        Map<String, String> want = Map.of("Applied", "True", "Progressing", "False", "HubRegistrationDegraded", "False",
                "HubPlacementDegraded", "False");
        return want.entrySet().stream().allMatch(w -> cm.getStatus().getConditions().stream()
                .anyMatch(c -> w.getKey().equals(c.getType()) && w.getValue().equals(c.getStatus())));
    }

    private static long registrationOperatorPid(LocalCluster cluster) throws IOException {
        String marker = cluster.workDir().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    return cmd.contains("registration-operator hub") && cmd.contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).mapToLong(p -> Long.parseLong(p.getFileName().toString())).findFirst()
                    .orElseThrow(() -> new AssertionError("no registration-operator process of " + marker));
        }
    }

    private static double medianRssMiB(long pid) throws InterruptedException {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(OperatorUnderTest.rssKiB(pid));
            Thread.sleep(2_000);
        }
        return Stats.median(samples) / 1024.0;
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    private static Map<String, Object> machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryGiB", round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void write(Map<String, Object> results) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(OUT.resolve("results.json"), json.writeValueAsString(results));
        System.out.println("\n===== vela-ocm-hub-operator benchmark (" + OUT.resolve("results.json") + ")");
        results.forEach((key, value) -> {
            if (!(value instanceof Map) && !(value instanceof List)) {
                System.out.printf("%-32s %s%n", key, value);
            }
        });
        System.out.println("machine: " + results.get("machine"));
    }
}
