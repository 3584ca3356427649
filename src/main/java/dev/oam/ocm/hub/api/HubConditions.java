package dev.oam.ocm.hub.api;

/**
 * Every condition type and reason the operator writes, in one place. ClusterManager conditions are
 * mirrored under their own names and are listed here only where readiness reads them.
 */
public final class HubConditions {
    private HubConditions() {
    }

    // Our own condition types.
    public static final String READY = "Ready";
    public static final String OPERATOR_AVAILABLE = "OperatorAvailable";
    public static final String BUNDLE_APPLIED = "BundleApplied";
    public static final String DELETION_BLOCKED = "DeletionBlocked";
    /**
     * Another field manager keeps changing fields the operator owns, so repairs are rationed. Present only while
     * True, like Stalled: Ready still says whether the hub works, whatever the other writer did to it.
     */
    public static final String DRIFT_CONTESTED = "DriftContested";
    /**
     * kstatus' "abnormal-true" conditions, present only while True: Reconciling while the operator works
     * toward Ready, Stalled when it cannot get there without a change by the user. With them, Flux, Argo CD
     * and kpt see the same health as Ready.
     */
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    // ClusterManager condition types that readiness depends on (written by the registration-operator).
    public static final String CM_APPLIED = "Applied";
    public static final String CM_PROGRESSING = "Progressing";
    public static final String CM_REGISTRATION_DEGRADED = "HubRegistrationDegraded";
    public static final String CM_PLACEMENT_DEGRADED = "HubPlacementDegraded";

    // Reasons of Ready.
    public static final String HUB_READY = "HubReady";
    public static final String CONFLICT = "Conflict";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String APPLY_FAILED = "ApplyFailed";
    /** The API server failed to return spec.imagePullSecret: retried, not the user's to fix, so not Stalled. */
    public static final String PULL_SECRET_UNREADABLE = "PullSecretUnreadable";
    public static final String CLUSTER_MANAGER_MISSING = "ClusterManagerMissing";
    public static final String STALE_STATUS = "ClusterManagerStatusStale";
    public static final String OPERATOR_UNAVAILABLE = "OperatorUnavailable";
    public static final String WAITING_FOR_CONDITIONS = "WaitingForClusterManagerConditions";
    public static final String NOT_APPLIED = "ClusterManagerNotApplied";
    public static final String ROLLING_OUT = "HubRollingOut";
    public static final String DEGRADED = "HubDegraded";
    public static final String UPGRADING = "WaitingForOperatorRollout";
    public static final String DELETING = "Deleting";

    // Reasons of OperatorAvailable.
    public static final String DEPLOYMENT_AVAILABLE = "DeploymentAvailable";
    public static final String DEPLOYMENT_MISSING = "DeploymentMissing";
    public static final String DEPLOYMENT_ROLLING = "DeploymentRollingOut";
    public static final String DEPLOYMENT_UNAVAILABLE = "DeploymentUnavailable";

    // Reasons of BundleApplied.
    public static final String APPLIED = "Applied";

    /** The reason of the Warning event when RBAC refuses a write the status cannot carry (the status write itself). */
    public static final String FORBIDDEN = "Forbidden";

    // Reasons of DriftContested.
    public static final String COMPETING_FIELD_MANAGER = "CompetingFieldManager";

    // Reasons of DeletionBlocked.
    public static final String MANAGED_CLUSTERS_JOINED = "ManagedClustersJoined";

    // Reasons of the addon conditions (Addon<Name>Available, one per addon: Addon#conditionType). They say
    // whether an addon works; Ready says whether the hub does and does not read them.
    public static final String ADDON_AVAILABLE = "AddonAvailable";
    public static final String ADDON_WAITING = "AddonWaiting";
    public static final String ADDON_APPLY_FAILED = "AddonApplyFailed";
    public static final String ADDON_MANAGER_UNAVAILABLE = "AddonManagerUnavailable";
    public static final String ADDON_UNAVAILABLE_ON_CLUSTERS = "AddonUnavailableOnClusters";
    public static final String ADDON_REMOVING = "AddonRemoving";

    // Phases (status.phase), a one-word summary for kubectl get.
    public static final String PHASE_INSTALLING = "Installing";
    public static final String PHASE_UPGRADING = "Upgrading";
    public static final String PHASE_READY = "Ready";
    public static final String PHASE_DEGRADED = "Degraded";
    public static final String PHASE_FAILED = "Failed";
    public static final String PHASE_CONFLICT = "Conflict";
    public static final String PHASE_BLOCKED = "Blocked";
    public static final String PHASE_DELETING = "Deleting";
}
