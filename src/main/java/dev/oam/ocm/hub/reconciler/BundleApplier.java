package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.DryRunAnswers;
import dev.oam.ocm.hub.bundle.UpgradeOrder;
import dev.oam.ocm.hub.status.DriftBudget;
import dev.oam.ocm.hub.status.FieldOwners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Applies a bundle in order with server-side apply under one field manager. Fields other managers set
 * are left alone; fields we set are taken back (force), which is also how a hub installed by another
 * tool is adopted. Stops at the first step that must wait or fails, so nothing later is applied early.
 * <p>
 * Taking a field back is rationed per object by {@link DriftBudget}: a writer that forces the same field every
 * second is answered a few times a minute, not every second, and named in the contest it causes.
 */
final class BundleApplier {
    static final String FIELD_MANAGER = "vela-ocm-hub-operator";
    private static final Logger LOG = LoggerFactory.getLogger(BundleApplier.class);
    /** Dry-run requests in flight at once. */
    private static final int DRY_RUN_PARALLELISM = 4;

    private final KubernetesClient client;
    private final SecondarySources sources;
    private final AppliedObjects applied = new AppliedObjects();
    private final HubMetrics metrics;
    private final Clock clock;
    private final DriftBudget driftBudget = new DriftBudget();
    private final ThreadPoolExecutor dryRuns = dryRunThreads();

    BundleApplier(KubernetesClient client, SecondarySources sources, HubMetrics metrics, Clock clock) {
        this.client = client;
        this.sources = sources;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Threads only while a dry-run pass runs: idle ones end after 30 s, so an idle operator keeps none. */
    private static ThreadPoolExecutor dryRunThreads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DRY_RUN_PARALLELISM, DRY_RUN_PARALLELISM, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "dry-run");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** How far a pass got. */
    record Outcome(int objectsInPlace, boolean complete, boolean waitingForCrd, boolean waitingForOperator,
                   String error, List<String> repaired) {
    }

    /**
     * @param liveClusterManager the ClusterManager as observed, for the upgrade rule
     * @param skipClusterManager apply everything but the ClusterManager (used while deleting)
     */
    Outcome apply(Bundle bundle, ClusterManager liveClusterManager, boolean skipClusterManager) {
        int inPlace = 0;
        List<String> repaired = new ArrayList<>();
        for (HasMetadata desired : bundle.objects()) {
            if (desired instanceof ClusterManager cm) {
                if (skipClusterManager) {
                    continue;
                }
                if (!crdEstablished()) {
                    return new Outcome(inPlace, false, true, false, null, repaired);
                }
                Deployment operator = sources.live(bundle.operatorDeployment()).orElse(null);
                ClusterManager live = liveClusterManager != null ? liveClusterManager : unwatchedClusterManager();
                if (UpgradeOrder.holdClusterManager(live, cm, operator, bundle.images().registrationOperator())) {
                    LOG.debug("Holding ClusterManager images at the old release until registration-operator {} has rolled out",
                            bundle.images().registrationOperator());
                    return new Outcome(inPlace, false, false, true, null, repaired);
                }
            }
            try {
                applyOne(desired, repaired);
                inPlace++;
            } catch (KubernetesClientException e) {
                String message = "applying " + Bundle.describe(desired) + " failed: " + apiMessage(e);
                LOG.debug(message); // the reconciler logs failures when they start or change, not on every retry
                return new Outcome(inPlace, false, false, false, message, repaired);
            }
        }
        return new Outcome(inPlace, true, false, false, null, repaired);
    }

    /** What a dry-run of a bundle found: a refusal only a spec change can fix, an error worth retrying, or neither. */
    record DryRun(String invalidSpec, String error) {
        static final DryRun PASSED = new DryRun(null, null);
    }

    /**
     * Applies every object of the bundle with dryRun=All and reports the first refusal in bundle order: the server
     * validates, admits (webhooks included) and answers, and stores nothing. One request per object, so the
     * reconciler calls this only for a bundle it has not checked yet, never on an idle pass.
     * <p>
     * The requests go out together ({@link #DRY_RUN_PARALLELISM} at a time, over the client's one HTTP/2
     * connection): they write nothing, so none depends on another, and a fresh install reaches its first real
     * write a round trip later instead of one per object. An object whose namespace or CRD the bundle creates and
     * that does not exist yet is not sent: the server could only answer NotFound, and for a missing namespace it
     * waits about 50 ms before it does.
     */
    DryRun dryRun(Bundle bundle) {
        Map<String, Boolean> dependencyExists = new HashMap<>();
        List<Future<KubernetesClientException>> answers = new ArrayList<>();
        for (HasMetadata desired : bundle.objects()) {
            boolean checkable = DryRunAnswers.dependency(bundle, desired)
                    .map(d -> dependencyExists.computeIfAbsent(Bundle.describe(d), k -> exists(d)))
                    .orElse(true);
            answers.add(checkable ? dryRuns.submit(() -> dryRunOne(desired)) : null);
        }
        List<HasMetadata> objects = bundle.objects();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata desired = objects.get(i);
            if (answers.get(i) == null) {
                logCannotCheckYet(desired);
                continue;
            }
            KubernetesClientException e;
            try {
                e = answers.get(i).get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                answers.forEach(a -> Optional.ofNullable(a).ifPresent(f -> f.cancel(true)));
                return new DryRun(null, "checking " + Bundle.describe(desired) + " (dry-run) was interrupted");
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof RuntimeException r ? r : new IllegalStateException(failed.getCause());
            }
            if (e == null) {
                continue;
            }
            switch (DryRunAnswers.of(bundle, desired, e.getCode())) {
                case CANNOT_CHECK_YET -> logCannotCheckYet(desired);
                case INVALID_SPEC -> {
                    return new DryRun(DryRunAnswers.invalidSpec(desired, apiMessage(e)), null);
                }
                default -> {
                    return new DryRun(null, "checking " + Bundle.describe(desired) + " (dry-run) failed: "
                            + apiMessage(e));
                }
            }
        }
        return DryRun.PASSED;
    }

    /** Not sent, or answered NotFound: the same case, told the same way. */
    private static void logCannotCheckYet(HasMetadata desired) {
        LOG.debug("{} cannot be checked before its namespace or CRD exists", Bundle.describe(desired));
    }

    /** @return the API server's refusal, or null when it would accept the object */
    private KubernetesClientException dryRunOne(HasMetadata desired) {
        try {
            client.resource(desired).dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            return null;
        } catch (KubernetesClientException e) {
            return e;
        }
    }

    /**
     * Whether a namespace or CRD of the bundle exists: the informer's copy when it has one, else a read (a hub
     * another tool installed has them without the label the informers select). When the read fails the object
     * counts as existing, so its dependents are sent and the server's answer decides.
     */
    private boolean exists(HasMetadata dependency) {
        if (sources.live(dependency).isPresent()) {
            return true;
        }
        try {
            return client.resource(dependency).get() != null;
        } catch (KubernetesClientException e) {
            return true;
        }
    }

    /**
     * Applies one object unless it is as last applied; records a repair when someone else changed it.
     *
     * @return the object as the API server now holds it (null when a repair of a deleted object is held back)
     */
    <R extends HasMetadata> R applyOne(R desired, List<String> repaired) {
        Optional<R> live;
        if (desired instanceof ClusterManager) {
            live = sources.clusterManager().map(cm -> (R) cm);
        } else if (sources.covers(desired)) {
            live = sources.live(desired);
        } else {
            live = Optional.ofNullable(client.resource(desired).get()); // a read, so an idle pass still writes nothing
        }
        if (applied.upToDate(desired, live.orElse(null))) {
            return live.get();
        }
        boolean drift = applied.drifted(desired, live.orElse(null));
        String key = AppliedObjects.key(desired);
        Instant now = clock.instant();
        if (drift && !driftBudget.allows(key, now)) {
            DriftBudget.Contest contest = contest(desired, live.orElse(null));
            driftBudget.heldBack(key, now, contest);
            LOG.debug("Not repairing {} yet: repaired {} times in the last minute ({})", Bundle.describe(desired),
                    DriftBudget.BURST, contest.message());
            return live.orElse(null);
        }
        R result = client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        metrics.applied(desired.getKind());
        boolean changed = live.isEmpty() || !result.getMetadata().getResourceVersion()
                .equals(live.get().getMetadata().getResourceVersion());
        applied.remember(desired, result);
        sources.recordWrite(result, live.orElse(null));
        if (drift && changed) {
            String what = (live.isEmpty() ? "recreated " : "restored ") + Bundle.describe(desired);
            repaired.add(what);
            metrics.driftRepaired(desired.getKind());
            driftBudget.repaired(key, now);
            LOG.info("Drift repaired: {}", what);
        } else if (changed) {
            LOG.info("Applied {}", Bundle.describe(desired));
        }
        return result;
    }

    /** Who takes a field of {@code desired} from us, read from the live object's managedFields. */
    private static DriftBudget.Contest contest(HasMetadata desired, HasMetadata live) {
        if (live == null) {
            return new DriftBudget.Contest(Bundle.describe(desired), "the whole object (it keeps being deleted)",
                    "unknown: deletions leave no managedFields");
        }
        return FieldOwners.otherOwner(KubernetesJson.mapper().valueToTree(desired),
                        live.getMetadata().getManagedFields(), FIELD_MANAGER)
                .map(o -> new DriftBudget.Contest(Bundle.describe(desired), o.fieldList(), o.manager()))
                .orElse(new DriftBudget.Contest(Bundle.describe(desired), "fields the operator sets",
                        "unknown: no other field manager owns them"));
    }

    /** The objects another writer keeps changing, as of now. */
    List<DriftBudget.Contest> contests() {
        return driftBudget.contests(clock.instant());
    }

    /** How long until a held-back repair is due or a contest ends, when one is pending. */
    Optional<Duration> untilDriftBudgetChanges() {
        Instant now = clock.instant();
        return driftBudget.nextChange(now).map(t -> Duration.between(now, t));
    }

    /**
     * The ClusterManager when its informer does not run yet, read once from the API server. The informer starts
     * when the pass that applies the CRD sees it established, so on that first pass an empty cache cannot tell a
     * fresh install from a hub another tool installed at an older release; treating the second as the first
     * would hand the old registration-operator the new images before the new one runs.
     */
    private ClusterManager unwatchedClusterManager() {
        if (sources.clusterManagerSourceStarted()) {
            return sources.clusterManager().orElse(null);
        }
        return client.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
    }

    /** The ClusterManager CRD accepts objects only once the API server reports it Established. */
    boolean crdEstablished() {
        CustomResourceDefinition probe = new CustomResourceDefinition();
        probe.setMetadata(new ObjectMetaBuilder().withName(ClusterManager.CRD_NAME).build());
        return sources.live(probe)
                .map(crd -> crd.getStatus() != null && crd.getStatus().getConditions() != null
                        && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())))
                .orElse(false);
    }

    void forget(HasMetadata object) {
        applied.forget(object);
        driftBudget.forget(AppliedObjects.key(object));
    }

    static String apiMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
