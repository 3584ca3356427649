package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.Addon;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.InvalidSpecException;
import dev.oam.ocm.hub.bundle.PullSecretSource;
import dev.oam.ocm.hub.bundle.ReleaseCatalog;
import dev.oam.ocm.hub.status.AddonObservation;
import dev.oam.ocm.hub.status.ClusterCounts;
import dev.oam.ocm.hub.status.DriftBudget;
import dev.oam.ocm.hub.status.HubElection;
import dev.oam.ocm.hub.status.HubObservation;
import dev.oam.ocm.hub.status.HubStatusCalculator;
import dev.oam.ocm.hub.status.JoinCommand;
import dev.oam.ocm.hub.status.RetryBackoff;
import dev.oam.ocm.hub.status.StatusEvents;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The thin shell around the core: observe (caches), render the bundle, apply it, compute status, write it
 * if it changed, record events. Every decision is made by {@link HubBundle}, {@link HubStatusCalculator},
 * {@link HubElection} or the upgrade rule; this class only moves data between them and the API server.
 */
@ControllerConfiguration(name = VelaOcmHubReconciler.NAME,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class VelaOcmHubReconciler implements Reconciler<VelaOcmHub>, Cleaner<VelaOcmHub> {
    public static final String NAME = "velaocmhub";
    private static final Logger LOG = LoggerFactory.getLogger(VelaOcmHubReconciler.class);
    /**
     * While a step waits on the cluster (CRD establishment, an operator rollout); events usually come sooner.
     * Failures wait longer and longer: {@link RetryBackoff}.
     */
    private static final long WAIT_MILLIS = 2_000;
    /** After a spec error: the pull secret it names may be created later, and no watch covers it. */
    private static final long INVALID_RETRY_MILLIS = 60_000;
    /**
     * While an addon is not available: its manager Deployment lives in the addon namespace, which no informer
     * covers (the operator may read Deployments only by name), so its rollout is looked at again this often.
     */
    private static final long ADDON_RECHECK_MILLIS = 10_000;
    private static final Set<String> ADDON_CONDITIONS = Stream.of(Addon.values()).map(Addon::conditionType)
            .collect(Collectors.toUnmodifiableSet());

    private final KubernetesClient client;
    private final String operatorNamespace;
    private final Clock clock;
    private final SecondarySources sources;
    private final RenderedBundles bundles = new RenderedBundles();
    private final BundleApplier applier;
    private final HubCleanup cleanup;
    private final HubPruner pruner;
    private final AddonApplier addons;
    /** Per hub, the bundle whose unwanted objects are gone: pruning runs once per bundle, so an idle hub sends nothing. */
    private final Map<String, Bundle> prunedFor = new ConcurrentHashMap<>();
    /** Per hub, the bundle the API server accepted in a dry-run: a dry-run costs a request per object, once per bundle. */
    private final Map<String, Bundle> checkedBundles = new ConcurrentHashMap<>();
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final HubMetrics metrics;
    private final Map<String, RetryBackoff.Failures> failures = new ConcurrentHashMap<>();
    private final TransitionLog transitions = new TransitionLog();
    /** Hubs with a contest reported, so its end is logged once. */
    private final java.util.Set<String> contested = ConcurrentHashMap.newKeySet();

    /**
     * @param operatorNamespace where this operator runs; spec.imagePullSecret names a Secret there
     * @param instance          this replica's identity, recorded on events
     * @param metrics           where hub readiness, apply requests and drift repairs are counted
     */
    public VelaOcmHubReconciler(KubernetesClient client, String operatorNamespace, String instance, Clock clock,
                                HubMetrics metrics) {
        this.client = client;
        this.operatorNamespace = operatorNamespace;
        this.sources = new SecondarySources(operatorNamespace);
        this.clock = clock;
        this.metrics = metrics;
        this.applier = new BundleApplier(client, sources, metrics, clock);
        this.pruner = new HubPruner(client, sources, applier);
        this.addons = new AddonApplier(client, sources, applier);
        this.cleanup = new HubCleanup(client, applier, sources, pruner, addons, clock);
        this.statusWriter = new StatusWriter(client);
        this.events = new EventRecorder(client, instance);
    }

    @Override
    public List<EventSource<?, VelaOcmHub>> prepareEventSources(EventSourceContext<VelaOcmHub> context) {
        return sources.create(context);
    }

    @Override
    public UpdateControl<VelaOcmHub> reconcile(VelaOcmHub hub, Context<VelaOcmHub> context) {
        try {
            return reconcilePass(hub, context);
        } catch (StatusWriteForbidden e) {
            return forbidden(hub, e.getMessage());
        }
    }

    /**
     * RBAC refused a status write (the operator's ClusterRoleBinding removed or narrowed): nothing in the status can
     * say so, so an event does (its Role lives in the events namespace and survives) and the log explains, once per
     * refusal. Retried with backoff, never in a loop, so the hub converges soon after the grant is back.
     */
    private UpdateControl<VelaOcmHub> forbidden(VelaOcmHub hub, String why) {
        return UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(forbiddenBackoff(hub, why).toMillis());
    }

    private Duration forbiddenBackoff(VelaOcmHub hub, String why) {
        if (transitions.changed(hub.getMetadata().getName(), "forbidden", why)) {
            events.warning(hub, HubConditions.FORBIDDEN, why);
        }
        return backoff(hub, why, RetryBackoff.FORBIDDEN_CAP);
    }

    private UpdateControl<VelaOcmHub> reconcilePass(VelaOcmHub hub, Context<VelaOcmHub> context) {
        String name = hub.getMetadata().getName();
        startClusterManagerSourceWhenPossible(context);
        ClusterManager cm = sources.clusterManager().orElse(null);
        Optional<String> owner = HubElection.owner(context.getPrimaryCache().list().toList(), cm);
        if (owner.isPresent() && !owner.get().equals(name)) {
            publish(hub, context, observation(hub).conflictWith(owner.get()).build());
            return UpdateControl.noUpdate();
        }

        VelaOcmHubSpec spec = specOf(hub);
        Bundle bundle;
        try {
            bundle = bundles.render(name, spec, pullSecretConfig(spec));
        } catch (InvalidSpecException e) {
            return refuseSpec(hub, context, cm, e.getMessage());
        } catch (PullSecretUnreadable e) {
            publish(hub, context, observation(hub).pullSecretUnreadable(e.getMessage()).clusterManager(cm)
                    .operator(liveOperator(identities(name))).build());
            return retryLater(hub, e.getMessage());
        }

        if (hub.getStatus() == null || hub.getStatus().getObservedGeneration() == null) {
            // kstatus (Flux, kstatus-based tools) reads a resource without status as Current. So a new hub says
            // Installing (Ready=False, Reconciling=True, observedGeneration) before the first pass, whose dry-run
            // and apply take seconds; the next pass starts from the written status.
            publish(hub, context, observation(hub).desiredVersion(bundle.release().version()).clusterManager(cm)
                    .operator(liveOperator(bundle)).build());
            return UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(1);
        }
        if (checkedBundles.get(name) != bundle) {
            // A new or changed spec (or the first pass after a start): the server judges the whole bundle before
            // anything of it is written, so a refused Deployment does not leave its namespace and RBAC behind.
            // Remembered once it passes, so later passes over the same bundle (waits, retries, drift) send none.
            BundleApplier.DryRun dryRun = applier.dryRun(bundle);
            if (dryRun.invalidSpec() != null) {
                return refuseSpec(hub, context, cm, dryRun.invalidSpec());
            }
            if (dryRun.error() != null) {
                publish(hub, context, observation(hub).applyError(dryRun.error())
                        .desiredVersion(bundle.release().version()).clusterManager(cm)
                        .operator(liveOperator(bundle)).build());
                return retryLater(hub, dryRun.error());
            }
            checkedBundles.put(name, bundle);
        }
        transitions.clear(name, "invalid spec");
        BundleApplier.Outcome outcome = applier.apply(bundle, cm, false);
        outcome.repaired().forEach(what -> events.warning(hub, "DriftRepaired", what));
        List<DriftBudget.Contest> contests = applier.contests();
        reportContests(hub, contests);
        String pruneError = outcome.complete() ? pruneOnce(hub, bundle) : null;
        startClusterManagerSourceWhenPossible(context);
        // The addons need the hub's CRDs (ClusterManagementAddOn, Placement), which the registration-operator
        // installs once the whole bundle is applied.
        AddonApplier.Pass addonPass = outcome.complete()
                ? addons.reconcile(name, bundle, hub.getSpec().getDeletionPolicy() == DeletionPolicy.KeepHubCRDs) : null;
        if (addonPass != null) {
            addonPass.repaired().forEach(what -> events.warning(hub, "DriftRepaired", what));
        }
        cm = sources.clusterManager().orElse(null);
        VelaOcmHubStatus published = publish(hub, context, observation(hub)
                .addons(addonPass != null ? addonPass.addons() : waitingForHub(hub, bundle))
                .applyError(outcome.error() != null ? outcome.error() : pruneError)
                .desiredVersion(bundle.release().version())
                .appliedVersion(outcome.complete() ? bundle.release().version() : null)
                .objectsApplied(outcome.objectsInPlace())
                .waitingForOperator(outcome.waitingForOperator())
                .clusterManager(cm)
                .operator(liveOperator(bundle))
                .driftContested(contests)
                .build());
        if (!outcome.waitingForOperator()) {
            transitions.clear(name, "upgrade");
        } else if (transitions.changed(name, "upgrade", bundle.images().registrationOperator())) {
            LOG.info("Holding ClusterManager images of {} at the old release until registration-operator {} has rolled out",
                    name, bundle.images().registrationOperator());
        }
        String failure = outcome.error() != null ? outcome.error() : pruneError;
        if (failure != null) {
            return retryLater(hub, failure);
        }
        recovered(name);
        if (outcome.waitingForCrd() || outcome.waitingForOperator()) {
            return UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(WAIT_MILLIS);
        }
        if (addonPass != null && !addonPass.settled() && !addonPass.failed()) {
            // Removal steps and CRDs being established: the next step is seconds away, and not all of it is watched.
            return UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(WAIT_MILLIS);
        }
        boolean addonUnavailable = published.getConditions().stream()
                .anyMatch(c -> ADDON_CONDITIONS.contains(c.getType()) && !"True".equals(c.getStatus()));
        // A repair held back is due later, and a contest ends without any event: both need a pass of their own.
        long next = applier.untilDriftBudgetChanges().map(wait -> Math.max(wait.toMillis(), 100))
                .orElse(addonUnavailable ? ADDON_RECHECK_MILLIS : -1L);
        if (addonUnavailable) {
            next = Math.min(next, ADDON_RECHECK_MILLIS);
        }
        return next < 0 ? UpdateControl.noUpdate() : UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(next);
    }

    /** A Warning event and a log line when another writer starts contesting an object, a log line when it stops. */
    private void reportContests(VelaOcmHub hub, List<DriftBudget.Contest> contests) {
        String name = hub.getMetadata().getName();
        String state = contests.stream().map(c -> c.object() + " by " + c.manager()).sorted().toList().toString();
        if (contests.isEmpty()) {
            if (contested.remove(name)) {
                LOG.info("{}: no other writer contests the hub's objects any more; drift is repaired at once again", name);
            }
            transitions.clear(name, "drift contest");
            return;
        }
        contested.add(name);
        if (transitions.changed(name, "drift contest", state)) {
            for (DriftBudget.Contest contest : contests) {
                LOG.warn("{}: {}", name, contest.message());
                events.warning(hub, HubConditions.DRIFT_CONTESTED, contest.message());
            }
        }
    }

    /**
     * The addons while the hub's bundle is not fully applied (an install, an upgrade waiting for the new
     * registration-operator): on a fresh install each enabled addon waits; an addon already reported keeps its
     * condition (null), because a hub upgrade does not make a running addon unavailable.
     */
    private static List<AddonObservation> waitingForHub(VelaOcmHub hub, Bundle bundle) {
        boolean reported = hub.getStatus() != null && hub.getStatus().getConditions() != null
                && hub.getStatus().getConditions().stream().anyMatch(c -> ADDON_CONDITIONS.contains(c.getType()));
        if (reported) {
            return null;
        }
        return bundle.addons().addons().stream().map(a -> new AddonObservation(a.addon(), a.version(), true, null,
                "the hub to be applied", null, null)).toList();
    }

    /**
     * A spec only the user can fix: Stalled, nothing applied. Checked again after a while because what refused it
     * may change without a watched event (the pull secret created, an admission policy relaxed).
     */
    private UpdateControl<VelaOcmHub> refuseSpec(VelaOcmHub hub, Context<VelaOcmHub> context, ClusterManager cm,
                                                 String why) {
        String name = hub.getMetadata().getName();
        if (transitions.changed(name, "invalid spec", why)) {
            LOG.warn("Spec of {} cannot be installed, nothing applied: {}", name, why);
        }
        publish(hub, context, observation(hub).invalidSpec(why).clusterManager(cm)
                .operator(liveOperator(identities(name))).build());
        return UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(INVALID_RETRY_MILLIS);
    }

    /**
     * Removes what the hub wanted before and no longer does, once the whole bundle is in place (so an upgrade
     * drops an old object only after its replacement runs).
     *
     * @return the API server's answer when something could not be removed
     */
    private String pruneOnce(VelaOcmHub hub, Bundle bundle) {
        String name = hub.getMetadata().getName();
        if (prunedFor.get(name) == bundle) {
            return null;
        }
        HubPruner.Result result = pruner.prune(name, bundle.objects());
        result.removed().forEach(what -> events.normal(hub, "Pruned", "removed " + what + ": no longer in the bundle"));
        if (result.error() == null) {
            prunedFor.put(name, bundle);
        }
        return result.error();
    }

    /** Reschedules a failed pass with backoff; logs the failure when it starts or changes, not on every retry. */
    private UpdateControl<VelaOcmHub> retryLater(VelaOcmHub hub, String error) {
        return UpdateControl.<VelaOcmHub>noUpdate().rescheduleAfter(backoff(hub, error, RetryBackoff.CAP).toMillis());
    }

    /** Counts the failure and returns the wait before the next try. */
    private Duration backoff(VelaOcmHub hub, String error, Duration cap) {
        String name = hub.getMetadata().getName();
        metrics.reconcileError(name);
        RetryBackoff.Failures failed = failures.merge(name,
                RetryBackoff.after(null, hub.getMetadata().getGeneration() + "|" + sources.fingerprint()),
                (before, now) -> RetryBackoff.after(before, now.inputs()));
        Duration delay = RetryBackoff.delay(failed, cap);
        if (transitions.changed(name, "failure", error)) {
            LOG.warn("{}: {}; retrying in {} s, then less and less often until something changes", name, error,
                    delay.toSeconds());
        } else {
            LOG.debug("{} failed {} times in a row; next try in {} s", name, failed.count(), delay.toSeconds());
        }
        return delay;
    }

    private void recovered(String name) {
        if (failures.remove(name) != null) {
            LOG.info("{} recovered: the bundle applies again", name);
        }
        transitions.clear(name, "failure");
        transitions.clear(name, "forbidden");
    }

    @Override
    public DeleteControl cleanup(VelaOcmHub hub, Context<VelaOcmHub> context) {
        try {
            return cleanupPass(hub, context);
        } catch (StatusWriteForbidden e) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(forbiddenBackoff(hub, e.getMessage()).toMillis());
        }
    }

    private DeleteControl cleanupPass(VelaOcmHub hub, Context<VelaOcmHub> context) {
        String name = hub.getMetadata().getName();
        ClusterManager cm = client.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
        VelaOcmHubSpec spec = specOf(hub);
        Bundle bundle;
        boolean canApply = true;
        try {
            bundle = HubBundle.render(name, spec, pullSecretConfig(spec));
        } catch (InvalidSpecException | PullSecretUnreadable e) {
            // The names of what to delete do not depend on the spec; nothing is re-applied from a broken one.
            bundle = identities(name);
            canApply = false;
        }
        List<HasMetadata> live = bundle.objects().stream().map(sources::live).flatMap(Optional::stream)
                .map(HasMetadata.class::cast).toList();
        Optional<String> notOwner = HubElection.whyNotOwner(name, cm, live);
        if (notOwner.isPresent()) {
            LOG.info("{} does not own the OCM hub ({}); removing only the VelaOcmHub", name, notOwner.get());
            forget(name);
            events.normal(hub, "Deleted", "VelaOcmHub removed; nothing else was touched because "
                    + notOwner.get());
            return DeleteControl.defaultDelete();
        }
        HubCleanup.Progress progress = cleanup.run(name, spec, bundle, canApply);
        if (progress.done()) {
            forget(name);
            sources.wakeOtherHubs(name);
            events.normal(hub, "Deleted", spec.getDeletionPolicy() == DeletionPolicy.Orphan
                    ? "VelaOcmHub removed; the OCM hub is left installed (deletionPolicy Orphan)"
                    : "OCM hub removed");
            return DeleteControl.defaultDelete();
        }
        if (!transitions.changed(name, "deletion", progress.blocked() != null ? progress.blocked() : progress.waitingFor())) {
            LOG.debug("Deleting {}: still {}", name, progress.blocked() != null ? "refused" : "waiting");
        } else if (progress.blocked() != null) {
            LOG.warn("Deletion of {} refused: {}", name, progress.blocked());
        } else {
            LOG.info("Deleting {}: waiting for {}", name, progress.waitingFor());
        }
        publish(hub, context, observation(hub).deleting(true).deletionBlocked(progress.blocked())
                .deletionWaitingFor(progress.waitingFor()).clusterManager(cm).operator(liveOperator(bundle)).build());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(progress.blocked() != null ? 10_000 : WAIT_MILLIS);
    }

    private void forget(String name) {
        metrics.removed(name);
        addons.forget(name);
        bundles.forget(name);
        prunedFor.remove(name);
        checkedBundles.remove(name);
        failures.remove(name);
        transitions.forget(name);
        contested.remove(name);
    }

    private void startClusterManagerSourceWhenPossible(Context<VelaOcmHub> context) {
        if (!sources.clusterManagerSourceStarted() && applier.crdEstablished()) {
            sources.startClusterManagerSource(context.eventSourceRetriever());
        }
        sources.startManagedClusterSource(context.eventSourceRetriever());
        sources.startAddonSource(context.eventSourceRetriever());
    }

    /** Computes the status, writes it when it changed and records an event per transition. */
    private VelaOcmHubStatus publish(VelaOcmHub hub, Context<VelaOcmHub> context, HubObservation observation) {
        VelaOcmHubStatus before = hub.getStatus();
        VelaOcmHubStatus after = HubStatusCalculator.compute(observation);
        metrics.status(hub.getMetadata().getName(), after);
        boolean written;
        try {
            written = statusWriter.write(hub, after, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            throw new StatusWriteForbidden("the operator may not patch velaocmhubs/status of "
                    + hub.getMetadata().getName() + " (RBAC: check ClusterRoleBinding vela-ocm-hub-operator and its"
                    + " ClusterRole); the API server said: " + BundleApplier.apiMessage(e));
        }
        if (written) {
            LOG.debug("Status of {} updated: phase {}", hub.getMetadata().getName(), after.getPhase());
            for (StatusEvents.Event event : StatusEvents.between(before, after)) {
                LOG.info("{} {}: {}", hub.getMetadata().getName(), event.reason(), event.message());
                events.record(hub, event.type(), event.reason(), event.message());
            }
        }
        return after;
    }

    private ObservationBuilder observation(VelaOcmHub hub) {
        VelaOcmHubSpec spec = specOf(hub);
        String desired;
        try {
            desired = ReleaseCatalog.resolve(spec.getVersion()).version();
        } catch (InvalidSpecException e) {
            desired = spec.getVersion();
        }
        return new ObservationBuilder(hub.getMetadata().getGeneration() == null ? 0 : hub.getMetadata().getGeneration(),
                hub.getStatus(), desired, JoinCommand.of(spec.getJoinAccess()), clock.instant())
                .clusters(sources.clusterCounts().orElse(null));
    }

    private Deployment liveOperator(Bundle bundle) {
        return sources.live(bundle.operatorDeployment()).orElse(null);
    }

    /** A bundle used only for the names of its objects. */
    private static Bundle identities(String hubName) {
        return HubBundle.render(hubName, new VelaOcmHubSpec(), null);
    }

    private static VelaOcmHubSpec specOf(VelaOcmHub hub) {
        return hub.getSpec() == null ? new VelaOcmHubSpec() : hub.getSpec();
    }

    /**
     * The .dockerconfigjson of spec.imagePullSecret, from the watched registry credentials of the operator's
     * namespace; read from the API server only when it is not among them (missing, or of another type), which
     * happens only while the spec is refused.
     */
    private String pullSecretConfig(VelaOcmHubSpec spec) {
        String name = spec.getImagePullSecret();
        if (name == null) {
            return null;
        }
        Secret secret = sources.pullSecret(name).orElse(null);
        if (secret == null) {
            try {
                secret = client.secrets().inNamespace(operatorNamespace).withName(name).get();
            } catch (KubernetesClientException e) {
                // The API server failed, not the user (a missing Secret is null here): retried with backoff.
                throw new PullSecretUnreadable("cannot read imagePullSecret " + operatorNamespace + "/" + name + ": "
                        + BundleApplier.apiMessage(e));
            }
        }
        return PullSecretSource.config(operatorNamespace, name, secret);
    }

    /** RBAC refused the status write; the message names the verb, the resource and what to check. */
    private static final class StatusWriteForbidden extends RuntimeException {
        StatusWriteForbidden(String message) {
            super(message);
        }
    }

    /** The API server could not return the pull secret; unlike a missing one, nothing the user must fix. */
    private static final class PullSecretUnreadable extends RuntimeException {
        PullSecretUnreadable(String message) {
            super(message);
        }
    }

    /** Keeps the long HubObservation constructor readable at its call sites. */
    private static final class ObservationBuilder {
        private final long generation;
        private final VelaOcmHubStatus previous;
        private final String joinCommand;
        private final Instant now;
        private String desiredVersion;
        private String conflictWith;
        private String invalidSpec;
        private String applyError;
        private String pullSecretUnreadable;
        private String appliedVersion;
        private int objectsApplied;
        private boolean waitingForOperator;
        private ClusterManager clusterManager;
        private Deployment operator;
        private boolean deleting;
        private String deletionBlocked;
        private String deletionWaitingFor;
        private ClusterCounts clusters;
        private List<AddonObservation> addons;
        private List<DriftBudget.Contest> driftContested = List.of();

        ObservationBuilder(long generation, VelaOcmHubStatus previous, String desiredVersion, String joinCommand,
                           Instant now) {
            this.generation = generation;
            this.previous = previous;
            this.desiredVersion = desiredVersion;
            this.joinCommand = joinCommand;
            this.now = now;
        }

        ObservationBuilder conflictWith(String v) { conflictWith = v; return this; }
        ObservationBuilder invalidSpec(String v) { invalidSpec = v; return this; }
        ObservationBuilder applyError(String v) { applyError = v; return this; }
        ObservationBuilder pullSecretUnreadable(String v) { pullSecretUnreadable = v; return this; }
        ObservationBuilder desiredVersion(String v) { desiredVersion = v; return this; }
        ObservationBuilder appliedVersion(String v) { appliedVersion = v; return this; }
        ObservationBuilder objectsApplied(int v) { objectsApplied = v; return this; }
        ObservationBuilder waitingForOperator(boolean v) { waitingForOperator = v; return this; }
        ObservationBuilder clusterManager(ClusterManager v) { clusterManager = v; return this; }
        ObservationBuilder operator(Deployment v) { operator = v; return this; }
        ObservationBuilder deleting(boolean v) { deleting = v; return this; }
        ObservationBuilder deletionBlocked(String v) { deletionBlocked = v; return this; }
        ObservationBuilder deletionWaitingFor(String v) { deletionWaitingFor = v; return this; }
        ObservationBuilder clusters(ClusterCounts v) { clusters = v; return this; }
        ObservationBuilder addons(List<AddonObservation> v) { addons = v; return this; }
        ObservationBuilder driftContested(List<DriftBudget.Contest> v) { driftContested = v; return this; }

        HubObservation build() {
            return new HubObservation(generation, previous, conflictWith, invalidSpec, applyError, pullSecretUnreadable, desiredVersion,
                    appliedVersion, objectsApplied, waitingForOperator, clusterManager, operator, deleting,
                    deletionBlocked, deletionWaitingFor, joinCommand, clusters, addons, driftContested, now);
        }
    }
}
