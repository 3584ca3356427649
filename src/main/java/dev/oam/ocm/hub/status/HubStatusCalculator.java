package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.AddonStatus;
import dev.oam.ocm.hub.api.AddonsStatus;
import dev.oam.ocm.hub.api.ManagedClusterCounts;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.Addon;
import dev.oam.ocm.hub.bundle.DeploymentRollout;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.oam.ocm.hub.api.HubConditions.ADDON_APPLY_FAILED;
import static dev.oam.ocm.hub.api.HubConditions.ADDON_AVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.ADDON_MANAGER_UNAVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.ADDON_REMOVING;
import static dev.oam.ocm.hub.api.HubConditions.ADDON_UNAVAILABLE_ON_CLUSTERS;
import static dev.oam.ocm.hub.api.HubConditions.ADDON_WAITING;
import static dev.oam.ocm.hub.api.HubConditions.APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.APPLY_FAILED;
import static dev.oam.ocm.hub.api.HubConditions.BUNDLE_APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.CLUSTER_MANAGER_MISSING;
import static dev.oam.ocm.hub.api.HubConditions.CM_APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.COMPETING_FIELD_MANAGER;
import static dev.oam.ocm.hub.api.HubConditions.CM_PLACEMENT_DEGRADED;
import static dev.oam.ocm.hub.api.HubConditions.CM_PROGRESSING;
import static dev.oam.ocm.hub.api.HubConditions.CM_REGISTRATION_DEGRADED;
import static dev.oam.ocm.hub.api.HubConditions.CONFLICT;
import static dev.oam.ocm.hub.api.HubConditions.DEGRADED;
import static dev.oam.ocm.hub.api.HubConditions.DELETING;
import static dev.oam.ocm.hub.api.HubConditions.DELETION_BLOCKED;
import static dev.oam.ocm.hub.api.HubConditions.DEPLOYMENT_AVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.DEPLOYMENT_MISSING;
import static dev.oam.ocm.hub.api.HubConditions.DEPLOYMENT_ROLLING;
import static dev.oam.ocm.hub.api.HubConditions.DEPLOYMENT_UNAVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.DRIFT_CONTESTED;
import static dev.oam.ocm.hub.api.HubConditions.HUB_READY;
import static dev.oam.ocm.hub.api.HubConditions.INVALID_SPEC;
import static dev.oam.ocm.hub.api.HubConditions.MANAGED_CLUSTERS_JOINED;
import static dev.oam.ocm.hub.api.HubConditions.NOT_APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.OPERATOR_AVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.OPERATOR_UNAVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_BLOCKED;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_CONFLICT;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_DEGRADED;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_DELETING;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_FAILED;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_INSTALLING;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_READY;
import static dev.oam.ocm.hub.api.HubConditions.PHASE_UPGRADING;
import static dev.oam.ocm.hub.api.HubConditions.PULL_SECRET_UNREADABLE;
import static dev.oam.ocm.hub.api.HubConditions.READY;
import static dev.oam.ocm.hub.api.HubConditions.RECONCILING;
import static dev.oam.ocm.hub.api.HubConditions.ROLLING_OUT;
import static dev.oam.ocm.hub.api.HubConditions.STALE_STATUS;
import static dev.oam.ocm.hub.api.HubConditions.STALLED;
import static dev.oam.ocm.hub.api.HubConditions.UPGRADING;
import static dev.oam.ocm.hub.api.HubConditions.WAITING_FOR_CONDITIONS;

/**
 * Observed state to VelaOcmHub status. Pure and deterministic: the same observation gives an equal status,
 * which is what lets the reconciler skip writes. Readiness is decided here and nowhere else.
 */
public final class HubStatusCalculator {
    /** Types we write ourselves; a mirrored ClusterManager condition of the same name is prefixed. */
    private static final Set<String> OWN_TYPES = Stream.concat(
            Stream.of(READY, OPERATOR_AVAILABLE, BUNDLE_APPLIED, DELETION_BLOCKED, RECONCILING, STALLED, DRIFT_CONTESTED),
            Stream.of(Addon.values()).map(Addon::conditionType)).collect(Collectors.toUnmodifiableSet());
    /** The ClusterManager conditions without which readiness cannot be judged. */
    private static final List<String> REQUIRED = List.of(CM_APPLIED, CM_PROGRESSING, CM_REGISTRATION_DEGRADED,
            CM_PLACEMENT_DEGRADED);

    private HubStatusCalculator() {
    }

    public static VelaOcmHubStatus compute(HubObservation o) {
        VelaOcmHubStatus previous = o.previous() == null ? new VelaOcmHubStatus() : o.previous();
        ConditionList conditions = new ConditionList(previous.getConditions(), o.now());
        VelaOcmHubStatus status = new VelaOcmHubStatus();
        status.setObservedGeneration(o.generation());

        if (o.conflictWith() != null) {
            // The loser of the election touches nothing, including mirrored conditions it has no right to.
            conditions.set(READY, false, CONFLICT, "VelaOcmHub " + o.conflictWith()
                    + " already manages the OCM hub of this cluster; this one changes nothing."
                    + " Delete it, or delete " + o.conflictWith() + " first.", o.generation());
            conditions.set(STALLED, true, CONFLICT, "another VelaOcmHub owns the hub", o.generation());
            status.setPhase(PHASE_CONFLICT);
            status.setConditions(conditions.toList());
            return status;
        }

        status.setInstalledVersion(o.appliedVersion() != null ? o.appliedVersion() : previous.getInstalledVersion());
        status.setJoinCommand(o.joinCommand());

        Verdict ready = readiness(o);
        conditions.set(READY, ready.ok, ready.reason, ready.message, o.generation());
        status.setLastReadyGeneration(ready.ok ? Long.valueOf(o.generation()) : previous.getLastReadyGeneration());
        status.setManagedClusters(o.clusters() != null
                ? new ManagedClusterCounts(o.clusters().total(), o.clusters().joined(), o.clusters().available())
                : previous.getManagedClusters());
        String phase = phase(o, ready);
        if (PHASE_FAILED.equals(phase) || PHASE_BLOCKED.equals(phase)) {
            conditions.set(STALLED, true, ready.reason, ready.message, o.generation());
        } else if (!ready.ok) {
            conditions.set(RECONCILING, true, ready.reason, ready.message, o.generation());
        }
        Verdict applied = bundleApplied(o);
        conditions.set(BUNDLE_APPLIED, applied.ok, applied.reason, applied.message, o.generation());
        Verdict operator = operatorAvailable(o.operator());
        conditions.set(OPERATOR_AVAILABLE, operator.ok, operator.reason, operator.message, o.generation());
        addons(o, previous, conditions, status);
        if (o.driftContested() != null && !o.driftContested().isEmpty()) {
            conditions.set(DRIFT_CONTESTED, true, COMPETING_FIELD_MANAGER, o.driftContested().stream()
                    .map(DriftBudget.Contest::message).collect(Collectors.joining("; ")), o.generation());
        }
        if (o.deletionBlocked() != null) {
            conditions.set(DELETION_BLOCKED, true, MANAGED_CLUSTERS_JOINED, o.deletionBlocked(), o.generation());
        }
        for (Condition c : clusterManagerConditions(o.clusterManager())) {
            String type = OWN_TYPES.contains(c.getType()) ? "ClusterManager" + c.getType() : c.getType();
            if (type != null && !conditions.has(type)) {
                conditions.mirror(c, type);
            }
        }
        status.setConditions(conditions.toList());
        status.setPhase(phase);
        return status;
    }

    /** The rule of "the hub really works". */
    static Verdict readiness(HubObservation o) {
        if (o.deleting()) {
            if (o.deletionBlocked() != null) {
                return Verdict.no(DELETING, "deletion refused: " + o.deletionBlocked());
            }
            return Verdict.no(DELETING, o.deletionWaitingFor() == null ? "the hub is being removed"
                    : "the hub is being removed; waiting for " + o.deletionWaitingFor());
        }
        if (o.invalidSpec() != null) {
            return Verdict.no(INVALID_SPEC, o.invalidSpec());
        }
        if (o.applyError() != null) {
            return Verdict.no(APPLY_FAILED, o.applyError());
        }
        if (o.pullSecretUnreadable() != null) {
            return Verdict.no(PULL_SECRET_UNREADABLE, o.pullSecretUnreadable());
        }
        ClusterManager cm = o.clusterManager();
        if (cm == null) {
            return Verdict.no(CLUSTER_MANAGER_MISSING, "ClusterManager " + ClusterManager.NAME + " does not exist yet");
        }
        if (o.waitingForOperator()) {
            return Verdict.no(UPGRADING, "waiting for the registration-operator of OCM " + o.desiredVersion()
                    + " to roll out before updating the ClusterManager");
        }
        Long generation = cm.getMetadata() == null ? null : cm.getMetadata().getGeneration();
        Long observed = cm.getStatus() == null ? null : cm.getStatus().getObservedGeneration();
        if (generation != null && !generation.equals(observed)) {
            return Verdict.no(STALE_STATUS, "the registration-operator has not yet observed ClusterManager generation "
                    + generation + " (observed " + (observed == null ? "none" : observed) + ")");
        }
        List<Condition> cmConditions = clusterManagerConditions(cm);
        List<String> missing = REQUIRED.stream().filter(t -> find(cmConditions, t).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return Verdict.no(WAITING_FOR_CONDITIONS, "ClusterManager does not report " + String.join(", ", missing) + " yet");
        }
        Condition applied = find(cmConditions, CM_APPLIED).orElseThrow();
        if (!"True".equals(applied.getStatus())) {
            return Verdict.no(NOT_APPLIED, describe(applied));
        }
        for (String degraded : List.of(CM_REGISTRATION_DEGRADED, CM_PLACEMENT_DEGRADED)) {
            Condition c = find(cmConditions, degraded).orElseThrow();
            if (!"False".equals(c.getStatus())) {
                return Verdict.no(DEGRADED, describe(c));
            }
        }
        Condition progressing = find(cmConditions, CM_PROGRESSING).orElseThrow();
        if (!"False".equals(progressing.getStatus())) {
            return Verdict.no(ROLLING_OUT, describe(progressing));
        }
        Verdict operator = operatorAvailable(o.operator());
        if (!operator.ok) {
            return Verdict.no(OPERATOR_UNAVAILABLE, "the hub runs but nothing supervises it: " + operator.message);
        }
        return Verdict.yes(HUB_READY, "OCM " + o.desiredVersion() + " hub is ready: registration and placement are functional");
    }

    private static Verdict bundleApplied(HubObservation o) {
        if (o.invalidSpec() != null) {
            return Verdict.no(INVALID_SPEC, "nothing was applied: " + o.invalidSpec());
        }
        if (o.applyError() != null) {
            return Verdict.no(APPLY_FAILED, o.applyError());
        }
        if (o.pullSecretUnreadable() != null) {
            return Verdict.no(PULL_SECRET_UNREADABLE, "nothing was applied this pass: " + o.pullSecretUnreadable());
        }
        if (o.waitingForOperator()) {
            return Verdict.no(UPGRADING, "OCM " + o.desiredVersion()
                    + " operator applied; the ClusterManager follows once it has rolled out");
        }
        return Verdict.yes(APPLIED, o.objectsApplied() + " objects of OCM " + o.desiredVersion() + " are applied");
    }

    static Verdict operatorAvailable(Deployment d) {
        if (d == null) {
            return Verdict.no(DEPLOYMENT_MISSING, "Deployment open-cluster-management/cluster-manager does not exist");
        }
        DeploymentRollout rollout = DeploymentRollout.of(d);
        int wanted = rollout.wanted();
        int available = rollout.available();
        if (!rollout.finished()) {
            return Verdict.no(DEPLOYMENT_ROLLING, "registration-operator rolling out: " + rollout.updated() + "/" + wanted
                    + " replicas updated, " + available + " available");
        }
        if (available < 1) {
            return Verdict.no(DEPLOYMENT_UNAVAILABLE, "registration-operator has no available replica (0/" + wanted + ")");
        }
        return Verdict.yes(DEPLOYMENT_AVAILABLE, "registration-operator " + available + "/" + wanted + " replicas available");
    }

    /**
     * One condition per addon and its counts; the hub's Ready does not depend on them. An addon being removed keeps
     * its condition (AddonRemoving) until it is gone, then has neither.
     */
    private static void addons(HubObservation o, VelaOcmHubStatus previous, ConditionList conditions,
                               VelaOcmHubStatus status) {
        if (o.addons() == null) {
            Set<String> addonTypes = Stream.of(Addon.values()).map(Addon::conditionType).collect(Collectors.toSet());
            previous.getConditions().stream().filter(c -> addonTypes.contains(c.getType())).forEach(conditions::keep);
            status.setAddons(previous.getAddons());
            return;
        }
        AddonsStatus counts = new AddonsStatus();
        for (AddonObservation a : o.addons()) {
            Verdict verdict = addonAvailable(a);
            conditions.set(a.addon().conditionType(), verdict.ok, verdict.reason, verdict.message, o.generation());
            if (a.enabled()) {
                AddonObservation.AddonClusters clusters = a.clusters() == null ? AddonObservation.AddonClusters.NONE
                        : a.clusters();
                AddonStatus entry = new AddonStatus(a.version(), clusters.total(), clusters.available());
                switch (a.addon()) {
                    case MANAGED_SERVICE_ACCOUNT -> counts.setManagedServiceAccount(entry);
                    case CLUSTER_PROXY -> counts.setClusterProxy(entry);
                    case CLUSTER_GATEWAY -> counts.setClusterGateway(entry);
                }
            }
        }
        status.setAddons(counts.isEmpty() ? null : counts);
    }

    static Verdict addonAvailable(AddonObservation a) {
        String name = a.addon().addonName();
        if (!a.enabled()) {
            return Verdict.no(ADDON_REMOVING, name + " is being removed" + (a.error() != null ? "; " + a.error()
                    : a.waitingFor() != null ? "; waiting for " + a.waitingFor() : ""));
        }
        if (a.error() != null) {
            return Verdict.no(ADDON_APPLY_FAILED, a.error());
        }
        if (a.waitingFor() != null) {
            return Verdict.no(ADDON_WAITING, name + " " + a.version() + " waits for " + a.waitingFor());
        }
        Deployment manager = a.manager();
        if (manager == null) {
            return Verdict.no(ADDON_MANAGER_UNAVAILABLE, name + " manager Deployment does not exist yet");
        }
        DeploymentRollout rollout = DeploymentRollout.of(manager);
        if (!rollout.finished() || rollout.available() < 1) {
            return Verdict.no(ADDON_MANAGER_UNAVAILABLE, name + " manager Deployment "
                    + manager.getMetadata().getNamespace() + "/" + manager.getMetadata().getName() + ": "
                    + rollout.updated() + "/" + rollout.wanted() + " replicas updated, " + rollout.available()
                    + " available");
        }
        AddonObservation.AddonClusters clusters = a.clusters() == null ? AddonObservation.AddonClusters.NONE : a.clusters();
        String onClusters = "agent available on " + clusters.available() + " of " + clusters.total() + " clusters";
        if (clusters.available() < clusters.total()) {
            return Verdict.no(ADDON_UNAVAILABLE_ON_CLUSTERS, name + " " + a.version() + ": manager available, " + onClusters);
        }
        return Verdict.yes(ADDON_AVAILABLE, name + " " + a.version() + ": manager available, " + onClusters);
    }

    private static String phase(HubObservation o, Verdict ready) {
        if (ready.ok) {
            return PHASE_READY;
        }
        if (o.deleting()) {
            return o.deletionBlocked() != null ? PHASE_BLOCKED : PHASE_DELETING;
        }
        return switch (ready.reason) {
            case INVALID_SPEC, APPLY_FAILED -> PHASE_FAILED;
            case DEGRADED, NOT_APPLIED, OPERATOR_UNAVAILABLE -> PHASE_DEGRADED;
            case UPGRADING -> PHASE_UPGRADING;
            default -> o.previous() != null && o.previous().getInstalledVersion() != null
                    && !o.previous().getInstalledVersion().equals(o.desiredVersion()) ? PHASE_UPGRADING : PHASE_INSTALLING;
        };
    }

    private static List<Condition> clusterManagerConditions(ClusterManager cm) {
        if (cm == null || cm.getStatus() == null || cm.getStatus().getConditions() == null) {
            return List.of();
        }
        return cm.getStatus().getConditions();
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String describe(Condition c) {
        String reason = c.getReason() == null ? "" : " (" + c.getReason() + ")";
        String message = c.getMessage() == null || c.getMessage().isBlank() ? "" : ": " + c.getMessage();
        return "ClusterManager " + c.getType() + "=" + c.getStatus() + reason + message;
    }

    record Verdict(boolean ok, String reason, String message) {
        static Verdict yes(String reason, String message) {
            return new Verdict(true, reason, message);
        }

        static Verdict no(String reason, String message) {
            return new Verdict(false, reason, message);
        }
    }
}
