package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.BundleLabels;
import dev.oam.ocm.hub.bundle.DeploymentRollout;
import dev.oam.ocm.hub.bundle.UpgradeOrder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ordered removal of a hub. The ClusterManager goes first and the registration-operator is kept running
 * (re-applied if someone removed it) until the ClusterManager's finalizer is gone: the operator is what
 * removes the hub components and drops that finalizer. Only then are the operator, its RBAC, the CRD and
 * the namespace deleted.
 */
final class HubCleanup {
    static final String SKIP_REMOVE_CRDS = "--skip-remove-crds";
    private static final Logger LOG = LoggerFactory.getLogger(HubCleanup.class);
    private static final int NAMES_SHOWN = 5;
    /** Touched on a terminating ClusterManager to give the registration-operator an event (see nudgeWhenStalled). */
    static final String NUDGE_ANNOTATION = "ocm.oam.dev/removal-nudged-at";
    static final Duration NUDGE_AFTER = Duration.ofSeconds(10);
    private static final ResourceDefinitionContext MANAGED_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.open-cluster-management.io").withVersion("v1").withKind("ManagedCluster")
            .withPlural("managedclusters").withNamespaced(false).build();

    private final KubernetesClient client;
    private final BundleApplier applier;
    private final SecondarySources sources;
    private final HubPruner pruner;
    private final AddonApplier addons;
    private final Clock clock;
    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    /** Since when deletion of a hub waits for the registration-operator to drop {@value #SKIP_REMOVE_CRDS}. */
    private final Map<String, Instant> flagWaits = new ConcurrentHashMap<>();
    static final Duration FLAG_ROLLOUT_WAIT = Duration.ofMinutes(2);

    HubCleanup(KubernetesClient client, BundleApplier applier, SecondarySources sources, HubPruner pruner,
               AddonApplier addons, Clock clock) {
        this.client = client;
        this.applier = applier;
        this.sources = sources;
        this.pruner = pruner;
        this.addons = addons;
        this.clock = clock;
    }

    /** Where removal stands: done, waiting for something, or refused with the reason. */
    record Progress(boolean done, String waitingFor, String blocked) {
        static Progress finished() {
            return new Progress(true, null, null);
        }

        static Progress waiting(String what) {
            return new Progress(false, what, null);
        }

        static Progress refused(String why) {
            return new Progress(false, null, why);
        }
    }

    Progress run(String hubName, VelaOcmHubSpec spec, Bundle bundle, boolean canApply) {
        DeletionPolicy policy = spec.getDeletionPolicy() == null ? DeletionPolicy.Delete : spec.getDeletionPolicy();
        ClusterManager cm = client.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
        if (policy == DeletionPolicy.Orphan) {
            LOG.info("Deletion policy Orphan: leaving the OCM hub installed");
            releaseOwnership(hubName, cm);
            return Progress.finished();
        }
        if (cm != null) {
            if (policy == DeletionPolicy.Delete && !Boolean.TRUE.equals(spec.getDeleteWithJoinedClusters())) {
                JoinedClusters clusters = managedClusters();
                if (clusters.total() > 0) {
                    return Progress.refused(refusal(clusters));
                }
            }
            // While the hub still runs: its addon-manager and the addons' managers take the agents off the clusters.
            String addonsLeft = addons.removeAll(hubName, bundle.release(), policy == DeletionPolicy.KeepHubCRDs);
            if (addonsLeft != null) {
                return Progress.waiting(addonsLeft);
            }
            if (canApply) {
                // Keep (or put back) the operator: without it the ClusterManager would stay Terminating forever.
                BundleApplier.Outcome outcome = applier.apply(bundle, cm, true);
                if (outcome.error() != null) {
                    return Progress.waiting("the registration-operator to be re-applied: " + outcome.error());
                }
            }
            Deployment operator = sources.live(bundle.operatorDeployment()).orElse(null);
            if (cm.getMetadata().getDeletionTimestamp() == null) {
                if (policy == DeletionPolicy.KeepHubCRDs && !runsWithSkipRemoveCrds(operator)) {
                    return Progress.waiting("the registration-operator to restart with " + SKIP_REMOVE_CRDS
                            + " before the ClusterManager is deleted");
                }
                // The other way round, from KeepHubCRDs to Delete just before the hub is deleted: a registration-
                // operator pod that still runs with the flag would do the cleanup and keep every hub CRD.
                if (policy == DeletionPolicy.Delete && mayStillRunWithSkipRemoveCrds(hubName, operator)) {
                    return Progress.waiting("the registration-operator to restart without " + SKIP_REMOVE_CRDS
                            + " before the ClusterManager is deleted (deletionPolicy Delete removes the hub CRDs)");
                }
                flagWaits.remove(hubName);
                LOG.info("Deleting ClusterManager {}; the registration-operator now removes the hub components{}",
                        ClusterManager.NAME, policy == DeletionPolicy.KeepHubCRDs ? " (hub CRDs are kept)" : " and hub CRDs");
                client.resource(cm).delete();
                stalls.remove(hubName);
                return Progress.waiting("the registration-operator to remove the hub and the ClusterManager finalizer");
            }
            List<String> hubCrds = policy == DeletionPolicy.KeepHubCRDs ? List.of() : remainingHubCrds(hubName);
            nudgeWhenStalled(hubName, hubCrds, policy != DeletionPolicy.KeepHubCRDs && hubCrds.isEmpty());
            return Progress.waiting("the registration-operator to remove the hub and the ClusterManager finalizer"
                    + (hubCrds.isEmpty() ? "" : " (" + hubCrds.size() + " hub CRDs left: " + shortList(hubCrds) + ")"));
        }
        stalls.remove(hubName);
        String addonsLeft = addons.removeAll(hubName, bundle.release(), policy == DeletionPolicy.KeepHubCRDs);
        if (addonsLeft != null) {
            return Progress.waiting(addonsLeft);
        }
        // Everything the operator ever created for this hub, not only what today's spec renders: join identities
        // turned off earlier, objects of an older release.
        HubPruner.Result removal = pruner.prune(hubName, List.of());
        if (removal.error() != null) {
            return Progress.waiting(removal.error());
        }
        LOG.info("Hub {} removed: operator, RBAC, ClusterManager CRD and namespace deleted", hubName);
        return Progress.finished();
    }

    /**
     * The hub CRDs the registration-operator still has to remove, from the CRD informer's cache: it copies the
     * ClusterManager's labels, ours included, onto the CRDs it creates, so they are watched without a request.
     */
    private List<String> remainingHubCrds(String hubName) {
        return sources.cached().stream()
                .filter(o -> o instanceof CustomResourceDefinition)
                .filter(o -> hubName.equals(BundleLabels.hubOf(o)))
                .map(o -> o.getMetadata().getName())
                .filter(name -> !ClusterManager.CRD_NAME.equals(name) && name.endsWith(".open-cluster-management.io"))
                .sorted().toList();
    }

    /**
     * The registration-operator removes one hub CRD per pass and runs its next pass on the next event or after
     * its rate limiter's delay, which grows to minutes. A healthy hub's components give it events as they go; a
     * broken hub has none, and its removal took 14 minutes. When removal makes no progress for a while, a touch of
     * an annotation on the ClusterManager is such an event: one write per stall, not a poll. The last step, dropping
     * the finalizer once every hub CRD is gone, never has one of its own (every Delete uninstall of the fault
     * campaign waited the whole stall interval there): it gets its nudge at once.
     */
    private void nudgeWhenStalled(String hubName, List<String> hubCrds, boolean lastStep) {
        Instant now = clock.instant();
        Stall before = stalls.get(hubName);
        Stall next = Stall.next(before, hubCrds, now, lastStep);
        stalls.put(hubName, next);
        if (next.nudgeDue(now)) {
            try {
                client.resources(ClusterManager.class).withName(ClusterManager.NAME).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + NUDGE_ANNOTATION + "\":\"" + now + "\"}}}");
                stalls.put(hubName, next.nudged(now));
                if (lastStep && before != next) {
                    LOG.debug("Every hub CRD of {} is gone; nudged the registration-operator to drop its finalizer", hubName);
                } else {
                    LOG.debug("Removal of hub {} made no progress for {} s; nudged the registration-operator", hubName,
                            NUDGE_AFTER.toSeconds());
                }
            } catch (KubernetesClientException e) {
                LOG.debug("Could not nudge the registration-operator: {}", BundleApplier.apiMessage(e));
            }
        }
    }

    /** What removal looked like when it last changed, and when the registration-operator was last nudged. */
    record Stall(List<String> remaining, Instant since) {
        /** {@code lastStep}: nothing is left but the finalizer, so a nudge is due as soon as that is seen. */
        static Stall next(Stall before, List<String> remaining, Instant now, boolean lastStep) {
            if (before != null && before.remaining.equals(remaining)) {
                return before;
            }
            return new Stall(remaining, lastStep ? now.minus(NUDGE_AFTER) : now);
        }

        boolean nudgeDue(Instant now) {
            return !now.isBefore(since.plus(NUDGE_AFTER));
        }

        Stall nudged(Instant now) {
            return new Stall(remaining, now);
        }
    }

    private static String shortList(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                + (names.size() > NAMES_SHOWN ? ", ..." : "");
    }

    /**
     * Drops this hub's name from the ClusterManager it leaves installed, so that the election no longer keeps the
     * hub for it and another VelaOcmHub can take it over. Other objects keep a stale name until the next owner
     * applies them; only the ClusterManager's label is read by the election.
     */
    private void releaseOwnership(String hubName, ClusterManager cm) {
        if (cm == null || !hubName.equals(BundleLabels.hubOf(cm))) {
            return;
        }
        client.resources(ClusterManager.class).withName(ClusterManager.NAME).patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"" + BundleLabels.HUB + "\":null}}}");
    }

    /**
     * Whether a registration-operator pod with {@value #SKIP_REMOVE_CRDS} may still run: the Deployment asks for the
     * flag, or a rollout away from it has not finished (old pods keep running until new ones are available). A
     * rollout that does not finish within {@link #FLAG_ROLLOUT_WAIT} (a pod that never starts) is not waited for
     * longer: deletion then goes on, as it would have without the wait, and says so.
     */
    private boolean mayStillRunWithSkipRemoveCrds(String hubName, Deployment operator) {
        if (operator == null || operator.getSpec() == null) {
            return false;
        }
        boolean flagged = asksForSkipRemoveCrds(operator);
        boolean rolling = !DeploymentRollout.of(operator).finished();
        if (!flagged && !rolling) {
            return false;
        }
        Instant since = flagWaits.computeIfAbsent(hubName, h -> clock.instant());
        if (!flagged && Duration.between(since, clock.instant()).compareTo(FLAG_ROLLOUT_WAIT) > 0) {
            LOG.warn("The registration-operator's rollout without {} has not finished after {} s; deleting the "
                    + "ClusterManager anyway: a pod still running with the flag would keep the hub CRDs",
                    SKIP_REMOVE_CRDS, FLAG_ROLLOUT_WAIT.toSeconds());
            return false;
        }
        return true;
    }

    /** Whether the Deployment's pod template passes {@value #SKIP_REMOVE_CRDS} to the registration-operator. */
    private static boolean asksForSkipRemoveCrds(Deployment operator) {
        return operator.getSpec().getTemplate().getSpec().getContainers().stream()
                .anyMatch(c -> c.getArgs() != null && c.getArgs().contains(SKIP_REMOVE_CRDS));
    }

    private boolean runsWithSkipRemoveCrds(Deployment operator) {
        if (operator == null || operator.getSpec() == null) {
            return false;
        }
        boolean flagged = asksForSkipRemoveCrds(operator);
        String image = operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        return flagged && UpgradeOrder.runs(operator, image);
    }

    /**
     * ManagedClusters on the hub (a page of names and the total); none when their CRD does not exist. The
     * resource is addressed without discovery, which would fail while the hub CRDs are absent.
     */
    private JoinedClusters managedClusters() {
        try {
            GenericKubernetesResourceList page = client.genericKubernetesResources(MANAGED_CLUSTERS)
                    .list(new ListOptionsBuilder().withLimit((long) NAMES_SHOWN).build());
            List<String> names = page.getItems().stream().map(r -> r.getMetadata().getName()).toList();
            Long remaining = page.getMetadata() == null ? null : page.getMetadata().getRemainingItemCount();
            return new JoinedClusters(names, names.size() + (remaining == null ? 0 : remaining));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return new JoinedClusters(List.of(), 0);
            }
            throw e;
        }
    }

    record JoinedClusters(List<String> firstNames, long total) {
    }

    static String refusal(JoinedClusters clusters) {
        String names = String.join(", ", clusters.firstNames()) + (clusters.total() > clusters.firstNames().size() ? ", ..." : "");
        return clusters.total() + " ManagedCluster(s) still joined (" + names + "): deleting the hub would delete them"
                + " and their ManifestWorks. Detach them first, or set spec.deletionPolicy to KeepHubCRDs (keep them)"
                + " or Orphan (keep the whole hub), or set spec.deleteWithJoinedClusters: true to delete them.";
    }
}
