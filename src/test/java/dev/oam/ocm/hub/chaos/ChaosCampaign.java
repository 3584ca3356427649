package dev.oam.ocm.hub.chaos;

import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bench.AuditLog;
import dev.oam.ocm.hub.e2e.OperatorPrerequisites;
import dev.oam.ocm.hub.e2e.OperatorUnderTest;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.e2e.harness.ManagedProcess;
import dev.oam.ocm.hub.e2e.harness.TestHost;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The fault campaign of issue 13 on the e2e control plane: each trial installs a hub (or takes one to Ready),
 * injects one fault at a moment drawn from the seeded random source, measures the time from the fault's end to
 * convergence, deletes the hub and counts what was left. One cluster serves every trial; a trial that leaves it
 * unusable gets a fresh one. Faults and their names are the issue's.
 *
 * <p>The {@code joined-*} faults run on a second pair of control planes: one hub, installed once, with cluster1
 * (a real managed cluster, its klusterlet agents as real binaries) joined to it through the join command of the
 * hub's status. Each trial injects its fault into that live hub; it has converged when the hub has (as above) and
 * cluster1 is AVAILABLE and a ManifestWork sent after the fault reaches it, and cluster1 must stay AVAILABLE
 * throughout (sampled every 250 ms). The hub is deleted once, after the last of them.
 */
final class ChaosCampaign {
    static final List<String> ALL_FAULTS = List.of("kill-during-install", "kill-during-upgrade",
            "kill-during-delete-Delete", "kill-during-delete-KeepHubCRDs", "kill-during-delete-Orphan",
            "apiserver-restart", "etcd-pause", "registration-operator-kill", "competing-writer", "apf-throttle",
            "rbac-revoked", "split-brain", "joined-operator-kill", "joined-registration-operator-kill",
            "joined-apiserver-restart", "joined-etcd-pause");
    /** The name the node gives the hub's registration-operator process (pod-unique suffix after it). */
    private static final String REGISTRATION_OPERATOR = "registration-operator-hub-cluster-manager";

    /** The issue asks 20 trials of the first three faults (the kills), 5 of the rest. */
    private static final Set<String> MANY_TRIALS = Set.of("kill-during-install", "kill-during-upgrade",
            "kill-during-delete-Delete", "kill-during-delete-KeepHubCRDs", "kill-during-delete-Orphan");

    private static final String HUB = "hub";
    /** Releases whose real binaries the e2e harness builds: the upgrade goes from the first to the second. */
    private static final String OLD = "1.2.0";
    private static final String NEW = "1.2.1";
    private static final String LEADER = "vela-ocm-hub-operator";
    /** The ManifestWork that proves cluster1's work agent runs before the joined-* trials start. */
    private static final String WARM_UP_WORK = "chaos-warm-up";
    private static final String STANDBY = "vela-ocm-hub-operator-standby";
    private static final String OPERATOR_USER = "system:serviceaccount:" + OperatorUnderTest.NAMESPACE + ":"
            + OperatorUnderTest.SERVICE_ACCOUNT;
    private static final String COMPETITOR = "chaos-competitor";
    /** Long enough to measure a slow recovery rather than cut it off (the goal, 30 s, is judged on the figures). */
    private static final Duration CONVERGE = Duration.ofMinutes(5);
    private static final Duration INSTALL = Duration.ofMinutes(4);
    /** Operator writes to the contested object while a competitor forces it every second (DriftBudget's bound + 1). */
    private static final int CONTESTED_WRITES_ALLOWED_PER_MINUTE = 7;

    private final Path out;
    private final long seed;
    private final Random random;
    private final List<String> faults;
    private final int trialsOverride;
    private final Duration fight;
    private final Duration timeBudget;
    private final CampaignResults results;

    private LocalCluster cluster;
    /** Set while the joined-* faults run: the host of the hub and cluster1, and cluster1 joined. */
    private TestHost host;
    private LocalCluster cluster1;
    private JoinedCluster joined;
    private boolean joinedMode;
    private KubernetesClient admin;
    private Kubectl kubectl;
    private HubState state;
    private AuditLog audit;
    /** The replica the campaign runs; replaced on a restart, also by {@link #watchExit}'s thread. */
    private volatile OperatorUnderTest operator;
    /** Operator processes the campaign killed or stopped on purpose; any other exit is counted. */
    private final Set<Long> exitsExpected = ConcurrentHashMap.newKeySet();
    private volatile CampaignResults.Tally current;

    /**
     * @param trials every fault's trials, or 0 for the counts (20 and 5)
     * @param fight  how long a competing writer keeps forcing its field
     * @param timeBudget no trial starts after this much time (zero: no limit)
     */
    ChaosCampaign(Path out, long seed, List<String> faults, int trials, Duration fight, Duration timeBudget) {
        for (String fault : faults) {
            if (!ALL_FAULTS.contains(fault)) {
                throw new IllegalArgumentException("unknown fault \"" + fault + "\"; known: " + ALL_FAULTS);
            }
        }
        this.out = out;
        this.seed = seed;
        this.random = new Random(seed);
        this.faults = faults;
        this.trialsOverride = trials;
        this.fight = fight;
        this.timeBudget = timeBudget;
        this.results = new CampaignResults(seed, machine());
    }

    /** Runs every trial of every fault and writes results.json; returns the results for the caller's goals. */
    CampaignResults run() {
        Optional<Long> budget = timeBudget.isZero() ? Optional.empty()
                : Optional.of(System.nanoTime() + timeBudget.toNanos());
        System.out.println("chaos: seed " + seed + " (replay with -Dchaos.seed=" + seed + "), faults " + faults);
        try {
            for (String fault : faults) {
                enterMode(fault.startsWith("joined-"));
                int trials = trialsOverride > 0 ? trialsOverride : MANY_TRIALS.contains(fault) ? 20 : 5;
                current = results.fault(fault);
                for (int trial = 1; trial <= trials; trial++) {
                    if (budget.isPresent() && System.nanoTime() > budget.get()) {
                        System.out.println("chaos: time budget spent; " + fault + " stopped after " + (trial - 1)
                                + " trials, later faults not run");
                        return results;
                    }
                    runTrial(fault, trial);
                    results.write(out.resolve("results.json"));
                }
            }
            if (joinedMode) {
                finalDelete(); // the joined faults share one hub: its delete counts for the last of them
            }
        } finally {
            closeClusters();
            results.write(out.resolve("results.json"));
            System.out.println("chaos: results in " + out.resolve("results.json") + "\n" + results.table());
        }
        return results;
    }

    private void runTrial(String fault, int trial) {
        long started = System.nanoTime();
        current.trials++;
        try {
            Optional<Double> seconds = switch (fault) {
                case "kill-during-install" -> killDuringInstall();
                case "kill-during-upgrade" -> killDuringUpgrade();
                case "apiserver-restart" -> apiServerRestart();
                case "etcd-pause" -> etcdPause();
                case "registration-operator-kill" -> registrationOperatorKill(trial % 2 == 0);
                case "competing-writer" -> competingWriter(trial % 2 == 0);
                case "apf-throttle" -> apfThrottle();
                case "rbac-revoked" -> rbacRevoked();
                case "split-brain" -> splitBrain();
                case "joined-operator-kill" -> joinedOperatorKill();
                case "joined-registration-operator-kill" -> joinedRegistrationOperatorKill();
                case "joined-apiserver-restart" -> joinedApiServerRestart();
                case "joined-etcd-pause" -> joinedEtcdPause();
                default -> killDuringDelete(DeletionPolicy.valueOf(fault.substring("kill-during-delete-".length())));
            };
            seconds.ifPresent(s -> {
                current.converged++;
                current.convergeSeconds.add(s);
            });
            System.out.printf("chaos: %s trial %d: %s (trial took %.1f s)%n", fault, trial,
                    seconds.map(s -> String.format("converged %.2f s after the fault", s)).orElse("NOT converged"),
                    (System.nanoTime() - started) / 1e9);
            if (seconds.isEmpty()) {
                keepLogs(fault, trial);
                freshCluster(); // a hub that never converged is no start for the next trial
            }
        } catch (RuntimeException | AssertionError e) {
            current.failures.add("trial " + trial + ": " + e.getMessage());
            System.out.println("chaos: " + fault + " trial " + trial + " failed: " + e);
            keepLogs(fault, trial);
            freshCluster(); // whatever state it left, the next trial starts clean
        }
    }

    // ------------------------------------------------------------------ faults

    private Optional<Double> killDuringInstall() {
        long mark = audit.mark();
        createHub(NEW, DeletionPolicy.Delete);
        sleepRandom(0, 8_000);
        Instant faultEnd = restartOperatorAfterSigkill();
        Optional<Double> seconds = awaitConverged(faultEnd);
        countOperatorWrites(mark);
        finalDelete();
        return seconds;
    }

    private Optional<Double> killDuringUpgrade() {
        installReady(OLD, DeletionPolicy.Delete);
        String cluster = registerManagedCluster();
        long mark = audit.mark();
        Instant upgrade = Instant.now();
        patchSpec("{\"version\":\"" + NEW + "\"}");
        sleepRandom(0, 10_000);
        Instant faultEnd = restartOperatorAfterSigkill();
        Optional<Double> seconds = awaitConverged(faultEnd);
        // How much of the time is the upgrade's own (new registration-operator, then every hub component rolled
        // out), against the restart's: the whole upgrade from the spec change, next to the kill's moment in it.
        seconds.ifPresent(s -> current.notes.add(String.format("killed %.1f s into the upgrade; upgraded %.1f s after"
                + " the spec change", Duration.between(upgrade, faultEnd).toMillis() / 1e3,
                Duration.between(upgrade, faultEnd).toMillis() / 1e3 + s)));
        countOperatorWrites(mark);
        checkManagedCluster(cluster);
        finalDelete();
        return seconds;
    }

    private Optional<Double> killDuringDelete(DeletionPolicy policy) {
        installReady(NEW, policy);
        String cluster = registerManagedCluster();
        long mark = audit.mark();
        admin.resources(VelaOcmHub.class).withName(HUB).delete();
        sleepRandom(0, 6_000);
        Instant faultEnd = restartOperatorAfterSigkill();
        Optional<Double> seconds = awaitUntil(faultEnd, () -> admin.resources(VelaOcmHub.class).withName(HUB).get() == null
                ? Optional.empty() : Optional.of("VelaOcmHub still exists"));
        countOperatorWrites(mark);
        List<String> left = awaitLeftovers(policy.name());
        current.leakedObjects += left.size();
        if (!left.isEmpty()) {
            current.failures.add("left after delete (" + policy + "): " + left);
        }
        if (policy != DeletionPolicy.Delete) {
            checkManagedCluster(cluster);
        }
        if (policy == DeletionPolicy.Orphan) {
            // The hub stays installed: a new VelaOcmHub adopts it and removes it, so the next trial starts clean.
            installReady(NEW, DeletionPolicy.Delete);
            finalDelete();
        }
        return seconds;
    }

    private Optional<Double> apiServerRestart() {
        long mark = audit.mark();
        createHub(NEW, DeletionPolicy.Delete);
        sleepRandom(0, 8_000);
        Instant faultEnd = restartApiServer();
        Optional<Double> seconds = awaitConverged(faultEnd);
        countOperatorWrites(mark);
        finalDelete();
        return seconds;
    }

    private Optional<Double> etcdPause() {
        long mark = audit.mark();
        createHub(NEW, DeletionPolicy.Delete);
        sleepRandom(0, 8_000);
        Instant faultEnd = pauseEtcd();
        Optional<Double> seconds = awaitConverged(faultEnd);
        countOperatorWrites(mark);
        finalDelete();
        return seconds;
    }

    /** The registration-operator's process SIGKILLed every 3-5 s for 20 s, during an install or an upgrade. */
    private Optional<Double> registrationOperatorKill(boolean duringUpgrade) {
        long mark;
        if (duringUpgrade) {
            installReady(OLD, DeletionPolicy.Delete);
            mark = audit.mark();
            patchSpec("{\"version\":\"" + NEW + "\"}");
        } else {
            mark = audit.mark();
            createHub(NEW, DeletionPolicy.Delete);
        }
        Instant faultEnd = killRegistrationOperatorRepeatedly();
        Optional<Double> seconds = awaitConverged(faultEnd);
        countOperatorWrites(mark);
        finalDelete();
        return seconds;
    }

    /**
     * Another field manager forces a field the operator owns every second: the registration-operator image, or
     * (even trials) a ClusterManager image. The operator must bound its writes and name the other manager.
     */
    private Optional<Double> competingWriter(boolean clusterManager) {
        installReady(NEW, DeletionPolicy.Delete);
        String cluster = registerManagedCluster();
        long mark = audit.mark();
        String oldImage = "quay.io/open-cluster-management/" + (clusterManager ? "registration" : "registration-operator")
                + ":v" + OLD;
        GenericKubernetesResource force = clusterManager
                ? new GenericKubernetesResourceBuilder().withApiVersion("operator.open-cluster-management.io/v1")
                .withKind("ClusterManager").withMetadata(new ObjectMetaBuilder().withName(ClusterManager.NAME).build())
                .withAdditionalProperties(Map.of("spec", Map.of("registrationImagePullSpec", oldImage))).build()
                : new GenericKubernetesResourceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withMetadata(new ObjectMetaBuilder().withName("cluster-manager").withNamespace("open-cluster-management").build())
                .withAdditionalProperties(Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "registration-operator", "image", oldImage))))))).build();
        Instant fightStart = Instant.now();
        long end = System.nanoTime() + fight.toNanos();
        boolean named = false;
        while (System.nanoTime() < end) {
            admin.resource(force).fieldManager(COMPETITOR).forceConflicts().serverSideApply();
            named |= driftContestedNames(COMPETITOR);
            sleep(1_000);
        }
        Instant faultEnd = Instant.now();
        String resource = clusterManager ? "clustermanagers" : "deployments";
        long contestedWrites = audit.count(mark, AuditLog.user(OPERATOR_USER).and(AuditLog.resource(resource))).writes();
        double minutes = Duration.between(fightStart, faultEnd).toMillis() / 60_000.0;
        current.notes.add(String.format("%s fought %.0f s: %d operator writes to %s", clusterManager
                ? "ClusterManager" : "Deployment", minutes * 60, contestedWrites, resource));
        if (contestedWrites > Math.ceil(CONTESTED_WRITES_ALLOWED_PER_MINUTE * Math.max(1, minutes))) {
            throw new AssertionError("the operator fought back " + contestedWrites + " times in " + minutes + " min");
        }
        if (!named) {
            throw new AssertionError("DriftContested never named " + COMPETITOR + " during the fight");
        }
        Optional<Double> seconds = awaitConverged(faultEnd);
        countOperatorWrites(mark);
        await("DriftContested to clear once the competitor stopped", Duration.ofSeconds(90),
                () -> !driftContestedNames(""));
        checkManagedCluster(cluster);
        finalDelete();
        return seconds;
    }

    /**
     * A FlowSchema puts the operator's ServiceAccount on a priority level with the smallest share and a queue of
     * one; the install must converge through it, with a bounded number of requests.
     */
    private Optional<Double> apfThrottle() {
        kubectl.runWithStdin("""
                apiVersion: flowcontrol.apiserver.k8s.io/v1
                kind: PriorityLevelConfiguration
                metadata:
                  name: chaos-tiny
                spec:
                  type: Limited
                  limited:
                    nominalConcurrencyShares: 1
                    lendablePercent: 0
                    limitResponse:
                      type: Queue
                      queuing:
                        queues: 1
                        handSize: 1
                        queueLengthLimit: 1
                ---
                apiVersion: flowcontrol.apiserver.k8s.io/v1
                kind: FlowSchema
                metadata:
                  name: chaos-operator
                spec:
                  priorityLevelConfiguration:
                    name: chaos-tiny
                  matchingPrecedence: 100
                  distinguisherMethod:
                    type: ByUser
                  rules:
                  - subjects:
                    - kind: ServiceAccount
                      serviceAccount:
                        name: %s
                        namespace: %s
                    resourceRules:
                    - verbs: ["*"]
                      apiGroups: ["*"]
                      resources: ["*"]
                      clusterScope: true
                      namespaces: ["*"]
                    nonResourceRules:
                    - verbs: ["*"]
                      nonResourceURLs: ["*"]
                """.formatted(OperatorUnderTest.SERVICE_ACCOUNT, OperatorUnderTest.NAMESPACE), "apply", "-f", "-").orThrow();
        try {
            long mark = audit.mark();
            Instant start = Instant.now();
            createHub(NEW, DeletionPolicy.Delete);
            // The throttle lasts through the install: convergence is timed from its start.
            Optional<Double> seconds = awaitConverged(start);
            AuditLog.Counts counts = countOperatorWrites(mark);
            long refused = audit.count(mark, AuditLog.user(OPERATOR_USER).and(e -> e.path("responseStatus").path("code").asInt() == 429)).requests();
            current.notes.add("throttled install: " + counts.requests() + " operator requests, " + refused + " refused with 429");
            return seconds;
        } finally {
            kubectl.run("delete", "flowschema", "chaos-operator", "--ignore-not-found");
            kubectl.run("delete", "prioritylevelconfiguration", "chaos-tiny", "--ignore-not-found");
            finalDelete();
        }
    }

    /**
     * The operator's ClusterRoleBinding is removed and a spec change arrives: the operator must say so (an event;
     * the status cannot be written) without a hot loop, and converge once the binding is back.
     */
    private Optional<Double> rbacRevoked() {
        installReady(NEW, DeletionPolicy.Delete);
        kubectl.run("delete", "clusterrolebinding", OperatorUnderTest.SERVICE_ACCOUNT).orThrow();
        Instant revoked = Instant.now();
        long mark = audit.mark();
        try {
            sleep(1_000);
            patchSpec("{\"deleteWithJoinedClusters\":false}"); // a generation to observe, nothing to apply
            await("a Warning event Forbidden", Duration.ofSeconds(60), () -> admin.v1().events().inNamespace("default")
                    .list().getItems().stream().anyMatch(e -> "Forbidden".equals(e.getReason())
                            && !Instant.parse(e.getMetadata().getCreationTimestamp()).isBefore(revoked.minusSeconds(1))));
            sleepRandom(5_000, 20_000);
        } finally {
            kubectl.run("apply", "--server-side", "-f", "deploy/base/clusterrolebinding.yaml").orThrow();
        }
        Instant faultEnd = Instant.now();
        long whileForbidden = audit.count(mark, AuditLog.user(OPERATOR_USER)).requests();
        current.notes.add(String.format("%d operator requests in %.0f s without RBAC", whileForbidden,
                Duration.between(revoked, faultEnd).toMillis() / 1e3));
        Optional<Double> seconds = awaitConverged(faultEnd);
        countOperatorWrites(mark);
        patchSpec("{\"deleteWithJoinedClusters\":true}");
        finalDelete();
        return seconds;
    }

    /**
     * Two replicas; the leader SIGSTOPped past its lease, the standby takes over (and repairs a deleted Deployment),
     * the old leader SIGCONTed. Proven from the audit log by user agent: the old leader writes nothing once the
     * standby holds the Lease, and it exits by itself.
     */
    private Optional<Double> splitBrain() {
        installReady(NEW, DeletionPolicy.Delete);
        OperatorUnderTest standby = OperatorUnderTest.start(cluster, STANDBY);
        OperatorUnderTest oldLeader = operator;
        try {
            await("the leader to hold the Lease", Duration.ofSeconds(30), () -> LEADER.equals(leaseHolder()));
            long mark = audit.mark();
            kill(oldLeader.process(), "STOP");
            await("the standby to take the Lease", Duration.ofSeconds(120), () -> STANDBY.equals(leaseHolder()));
            Instant takeover = leaseAcquired();
            admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").delete();
            sleepRandom(2_000, 10_000);
            exitsExpected.add(oldLeader.process().pid()); // its step-down is counted below, as what it is
            kill(oldLeader.process(), "CONT");
            Instant faultEnd = Instant.now();
            await("the old leader to step down (exit) by itself", Duration.ofSeconds(60),
                    () -> !oldLeader.process().isAlive());
            current.operatorExits++;
            Optional<Double> seconds = awaitConverged(faultEnd);
            List<String> deposed = audit.describeWrites(mark, AuditLog.userAgentContains("(" + LEADER + ")")
                    .and(AuditLog.receivedFrom(takeover)));
            current.deposedLeaderWrites += deposed.size();
            if (!deposed.isEmpty()) {
                current.failures.add("writes by the deposed leader after " + takeover + ": " + deposed);
            }
            countOperatorWrites(mark);
            return seconds;
        } finally {
            if (oldLeader.process().isAlive()) {
                kill(oldLeader.process(), "CONT");
            }
            stopOperator(oldLeader);
            stopOperator(standby);
            operator = startOperator();
            finalDelete();
        }
    }

    // ------------------------------------------------------------------ faults with cluster1 joined

    /** A drift to repair (the registration-operator Deployment deleted), and the operator SIGKILLed in its repair. */
    private Optional<Double> joinedOperatorKill() {
        long mark = audit.mark();
        JoinedCluster.Sampler sampler = joined.sample();
        admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").delete();
        sleepRandom(0, 3_000);
        return joinedConverged(restartOperatorAfterSigkill(), sampler, mark);
    }

    private Optional<Double> joinedRegistrationOperatorKill() {
        long mark = audit.mark();
        JoinedCluster.Sampler sampler = joined.sample();
        return joinedConverged(killRegistrationOperatorRepeatedly(), sampler, mark);
    }

    private Optional<Double> joinedApiServerRestart() {
        long mark = audit.mark();
        JoinedCluster.Sampler sampler = joined.sample();
        sleepRandom(0, 3_000);
        return joinedConverged(restartApiServer(), sampler, mark);
    }

    private Optional<Double> joinedEtcdPause() {
        long mark = audit.mark();
        JoinedCluster.Sampler sampler = joined.sample();
        sleepRandom(0, 3_000);
        return joinedConverged(pauseEtcd(), sampler, mark);
    }

    /**
     * Convergence with cluster1: the hub converged, cluster1 AVAILABLE, and a ManifestWork sent once both hold
     * delivered to cluster1; then what the sampler saw of cluster1 while the fault lasted.
     */
    private Optional<Double> joinedConverged(Instant faultEnd, JoinedCluster.Sampler sampler, long mark) {
        String work = "chaos-" + Long.toHexString(random.nextLong() & 0xffffffL);
        boolean[] sent = {false};
        Optional<Double> seconds;
        try {
            seconds = awaitUntil(faultEnd, () -> {
                Optional<String> missing = state.notConverged(HUB).or(joined::notAvailable);
                if (missing.isPresent()) {
                    return missing;
                }
                if (!sent[0]) {
                    joined.sendWork(work, work);
                    sent[0] = true;
                }
                return joined.workMissing(work, work);
            });
        } finally {
            current.recordClusterSamples(sampler.stop(), sampler.unavailableSamples());
        }
        if (sampler.vanished()) {
            current.managedClustersLost++;
            current.failures.add("ManagedCluster " + JoinedCluster.NAME + " was gone while the fault lasted");
        } else {
            checkManagedCluster(JoinedCluster.NAME);
        }
        countOperatorWrites(mark);
        joined.deleteWork(work);
        return seconds;
    }

    // ------------------------------------------------------------------ faults' actions

    /** kube-apiserver SIGKILLed and started again with its own command; the fault ends when it answers. */
    private Instant restartApiServer() {
        ManagedProcess apiserver = process("kube-apiserver");
        kill(apiserver, "KILL");
        awaitExit(apiserver);
        cluster.processes().start(apiserver.name(), apiserver.command(), Map.of());
        awaitApiServer();
        return Instant.now();
    }

    /** etcd frozen (SIGSTOP) for 10-30 s. */
    private Instant pauseEtcd() {
        ManagedProcess etcd = process("etcd");
        kill(etcd, "STOP");
        try {
            sleepRandom(10_000, 30_000);
        } finally {
            kill(etcd, "CONT");
        }
        return Instant.now();
    }

    /**
     * The registration-operator's process SIGKILLed every 3-5 s for 20 s. The fault ends when the node has started
     * it again after the last kill: like a kubelet, the node holds a container that keeps dying in a back-off that
     * doubles with each restart (1 s to 16 s here, 10 s to 5 minutes on a real kubelet), and no operator can bring
     * back a component before its node does. The back-off is printed with each trial.
     */
    private Instant killRegistrationOperatorRepeatedly() {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int kills = 0;
        Instant lastKill = null;
        while (System.nanoTime() < end) {
            sleepRandom(3_000, 5_000);
            for (ManagedProcess p : cluster.processes().running()) {
                if (p.name().startsWith(REGISTRATION_OPERATOR)) {
                    kill(p, "KILL");
                    kills++;
                    lastKill = Instant.now();
                }
            }
        }
        if (lastKill == null) {
            System.out.println("chaos: the registration-operator was not running at any kill; nothing killed");
            return Instant.now();
        }
        Instant killed = lastKill;
        await("the node to start the registration-operator again after its last kill", Duration.ofMinutes(2),
                () -> registrationOperatorStartedAfter(killed).isPresent());
        Instant restarted = registrationOperatorStartedAfter(killed).orElseThrow();
        System.out.printf("chaos: registration-operator killed %d times; the node started it again %.2f s after the"
                + " last kill (crash-loop back-off)%n", kills, Duration.between(killed, restarted).toMillis() / 1e3);
        return restarted;
    }

    /** When the node first started the registration-operator after {@code instant}, if it has. */
    private Optional<Instant> registrationOperatorStartedAfter(Instant instant) {
        return cluster.processes().running().stream()
                .filter(p -> p.name().startsWith(REGISTRATION_OPERATOR) && p.startedAt().isAfter(instant))
                .map(ManagedProcess::startedAt).min(Instant::compareTo);
    }

    // ------------------------------------------------------------------ steps

    private void createHub(String version, DeletionPolicy policy) {
        VelaOcmHub hub = new VelaOcmHub();
        hub.setMetadata(new ObjectMetaBuilder().withName(HUB).build());
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        spec.setVersion(version);
        spec.setDeletionPolicy(policy);
        if (policy == DeletionPolicy.Delete) {
            // ManagedClusters registered by a trial go with the hub's final delete (the CRD allows it only here).
            spec.setDeleteWithJoinedClusters(true);
        }
        hub.setSpec(spec);
        admin.resource(hub).create();
    }

    private void installReady(String version, DeletionPolicy policy) {
        createHub(version, policy);
        await("the hub to converge before the fault", INSTALL, () -> state.notConverged(HUB).isEmpty());
    }

    /** A ManagedCluster, created through the registration webhook once it answers; the hub must not lose it. */
    private String registerManagedCluster() {
        String name = "chaos-" + Long.toHexString(random.nextLong() & 0xffffffL);
        GenericKubernetesResource cluster = new GenericKubernetesResourceBuilder()
                .withApiVersion("cluster.open-cluster-management.io/v1").withKind("ManagedCluster")
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("hubAcceptsClient", true))).build();
        await("ManagedCluster " + name + " to be created", Duration.ofMinutes(2), () -> {
            admin.genericKubernetesResources(HubState.MANAGED_CLUSTERS).resource(cluster).create();
            return true;
        });
        return name;
    }

    private void checkManagedCluster(String name) {
        if (!state.managedClusters().contains(name)) {
            current.managedClustersLost++;
            current.failures.add("ManagedCluster " + name + " lost");
        }
    }

    /** Deletes the hub (policy Delete) and counts what it leaves. */
    private void finalDelete() {
        if (admin.resources(VelaOcmHub.class).withName(HUB).get() == null) {
            return;
        }
        admin.resources(VelaOcmHub.class).withName(HUB).delete();
        await("the final delete to finish", INSTALL, () -> admin.resources(VelaOcmHub.class).withName(HUB).get() == null);
        List<String> left = awaitLeftovers(DeletionPolicy.Delete.name());
        current.leakedObjects += left.size();
        if (!left.isEmpty()) {
            current.failures.add("left after the final delete: " + left);
        }
    }

    /** What a deletion left, once things that are only Terminating had a minute to go. */
    private List<String> awaitLeftovers(String policy) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> left = state.leftAfterDelete(HUB, policy);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            sleep(500);
            left = state.leftAfterDelete(HUB, policy);
        }
        return left;
    }

    /** Seconds from {@code faultEnd} to convergence, empty (and the reason recorded) when it did not come. */
    private Optional<Double> awaitConverged(Instant faultEnd) {
        return awaitUntil(faultEnd, () -> state.notConverged(HUB));
    }

    private Optional<Double> awaitUntil(Instant from, Supplier<Optional<String>> missing) {
        Instant deadline = Instant.now().plus(CONVERGE);
        String last = "never checked";
        while (Instant.now().isBefore(deadline)) {
            try {
                Optional<String> m = missing.get();
                if (m.isEmpty()) {
                    return Optional.of(Duration.between(from, Instant.now()).toMillis() / 1e3);
                }
                last = m.get();
            } catch (RuntimeException e) {
                last = e.toString();
            }
            sleep(250);
        }
        current.failures.add("not converged " + CONVERGE.toSeconds() + " s after the fault: " + last);
        System.out.println("chaos: not converged " + CONVERGE.toSeconds() + " s after the fault: " + last);
        return Optional.empty();
    }

    private AuditLog.Counts countOperatorWrites(long mark) {
        AuditLog.Counts counts = audit.count(mark, AuditLog.user(OPERATOR_USER));
        current.operatorWrites += counts.writes();
        return counts;
    }

    // ------------------------------------------------------------------ processes and cluster

    /** Starts the control planes a fault needs, unless they run: one cluster, or a hub with cluster1 joined. */
    private void enterMode(boolean joinedFault) {
        if (cluster != null && joinedFault == joinedMode) {
            return;
        }
        if (cluster != null && joinedMode) {
            finalDelete();
        }
        joinedMode = joinedFault;
        freshCluster();
    }

    private void freshCluster() {
        closeClusters();
        if (!joinedMode) {
            cluster = LocalCluster.start(out.resolve("cluster").toAbsolutePath());
            connect();
            return;
        }
        Path dir = out.resolve("joined").toAbsolutePath();
        host = TestHost.open(dir.resolve("logs"));
        cluster = LocalCluster.start(host, dir.resolve("hub"));
        cluster1 = LocalCluster.start(host, dir.resolve("cluster1"));
        connect();
        kubectl.runWithStdin(JoinedCluster.hubYaml(HUB, NEW, cluster.apiServerUrl()), "apply", "-f", "-").orThrow();
        await("the hub to converge before cluster1 joins", INSTALL, () -> state.notConverged(HUB).isEmpty());
        joined = new JoinedCluster(cluster, cluster1);
        Instant joinStart = Instant.now();
        joined.join(admin.resources(VelaOcmHub.class).withName(HUB).get().getStatus().getJoinCommand(), INSTALL);
        System.out.printf("chaos: cluster1 joined and AVAILABLE %.1f s after clusteradm join%n",
                Duration.between(joinStart, Instant.now()).toMillis() / 1e3);
        // The klusterlet starts cluster1's work agent only after the join (about 35 s later here): until a first
        // ManifestWork has been delivered, a trial would time the agent's start, not its fault.
        joined.sendWork(WARM_UP_WORK, WARM_UP_WORK);
        await("cluster1's work agent to deliver a first ManifestWork", INSTALL,
                () -> joined.workMissing(WARM_UP_WORK, WARM_UP_WORK).isEmpty());
        joined.deleteWork(WARM_UP_WORK);
        System.out.printf("chaos: a first ManifestWork delivered to cluster1 %.1f s after clusteradm join%n",
                Duration.between(joinStart, Instant.now()).toMillis() / 1e3);
    }

    /**
     * A merge patch of the hub's spec, as `kubectl patch --type=merge` sends it: no resourceVersion, so the operator's
     * own writes to the hub (finalizer, status) never make it fail with 409 Conflict, as a read-modify-write did.
     */
    private void patchSpec(String specJson) {
        admin.resources(VelaOcmHub.class).withName(HUB).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":" + specJson + "}");
    }

    private void connect() {
        admin = cluster.adminClient();
        kubectl = cluster.kubectl();
        state = new HubState(admin);
        audit = new AuditLog(cluster.auditLog());
        OperatorPrerequisites.install(kubectl);
        operator = startOperator();
    }

    private void closeClusters() {
        stopOperator(operator);
        operator = null;
        joined = null;
        if (host != null) {
            host.close(); // the hub and cluster1
        } else if (cluster != null) {
            cluster.close();
        }
        host = null;
        cluster = null;
        cluster1 = null;
    }

    /** The processes' logs of a trial that failed, out of the way of the next cluster, which cleans its directory. */
    private void keepLogs(String fault, int trial) {
        Path kept = out.resolve("failed").resolve(fault + "-" + trial);
        try {
            Files.createDirectories(kept);
            Files.move(cluster.logDir(), kept.resolve("hub"));
            if (cluster1 != null) {
                Files.move(cluster1.logDir(), kept.resolve("cluster1"));
            }
            System.out.println("chaos: logs of the failed trial kept in " + kept);
        } catch (IOException e) {
            System.out.println("chaos: cannot keep the logs of " + fault + " trial " + trial + ": " + e);
        }
    }

    private OperatorUnderTest startOperator() {
        OperatorUnderTest started = OperatorUnderTest.start(cluster, LEADER);
        watchExit(started);
        return started;
    }

    /**
     * Counts an exit the campaign did not cause and starts the replica again a second later, as the kubelet
     * restarts the container of a Deployment's pod (a replica that loses its Lease exits on purpose).
     */
    private void watchExit(OperatorUnderTest op) {
        long pid = op.process().pid();
        op.process().onExit().thenRun(() -> {
            CampaignResults.Tally tally = current;
            if (exitsExpected.contains(pid) || tally == null) {
                return;
            }
            synchronized (tally) {
                tally.operatorExits++;
                tally.notes.add("operator pid " + pid + " exited by itself (code " + op.process().exitCode()
                        + "); restarted");
            }
            sleep(1_000);
            synchronized (this) {
                if (operator == op) {
                    operator = startOperator();
                }
            }
        });
    }

    /**
     * SIGKILL, then a new process at once, as a kubelet restarts a container. The fault ends when the new process
     * starts: its start-up is part of the time to converge.
     */
    private synchronized Instant restartOperatorAfterSigkill() {
        exitsExpected.add(operator.process().pid());
        kill(operator.process(), "KILL");
        awaitExit(operator.process());
        Instant restarted = Instant.now();
        operator = startOperator();
        return restarted;
    }

    private void stopOperator(OperatorUnderTest op) {
        if (op != null) {
            exitsExpected.add(op.process().pid());
            op.close();
        }
    }

    private ManagedProcess process(String name) {
        return cluster.processes().running().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not running"));
    }

    /** Sends a signal to one process by its id (never by name). */
    private static void kill(ManagedProcess process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + process, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitExit(ManagedProcess process) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(process + " did not exit after a signal");
            }
            sleep(50);
        }
    }

    private void awaitApiServer() {
        await("the restarted kube-apiserver to answer", Duration.ofSeconds(120), () -> {
            admin.namespaces().withName("default").get();
            return true;
        });
    }

    private String leaseHolder() {
        Lease lease = admin.resources(Lease.class).inNamespace(OperatorUnderTest.NAMESPACE).withName(LEADER).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** When the current holder acquired the Lease (the API server's clock is this machine's). */
    private Instant leaseAcquired() {
        Lease lease = admin.resources(Lease.class).inNamespace(OperatorUnderTest.NAMESPACE).withName(LEADER).get();
        return lease.getSpec().getAcquireTime().toInstant();
    }

    private boolean driftContestedNames(String manager) {
        VelaOcmHub hub = admin.resources(VelaOcmHub.class).withName(HUB).get();
        return hub != null && hub.getStatus() != null && hub.getStatus().getConditions().stream()
                .anyMatch(c -> "DriftContested".equals(c.getType()) && "True".equals(c.getStatus())
                        && c.getMessage().contains(manager));
    }

    private void sleepRandom(int fromMillis, int toMillis) {
        sleep(fromMillis + random.nextInt(Math.max(1, toMillis - fromMillis)));
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(probe.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException e) {
            // the count of cores is what matters
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu;
    }
}
