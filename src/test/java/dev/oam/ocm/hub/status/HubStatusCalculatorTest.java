package dev.oam.ocm.hub.status;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oam.ocm.hub.api.AddonStatus;
import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerStatus;
import dev.oam.ocm.hub.bundle.Addon;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HubStatusCalculatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String NOW_TEXT = "2026-01-01T00:00:00Z";
    private static final String CM_TRANSITION = "2025-12-31T12:00:00Z";
    private static final long HUB_GENERATION = 7;
    private static final long CM_GENERATION = 3;

    // ---------------------------------------------------------------- fixtures

    private static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(type + " is " + status + " because " + reason)
                .withLastTransitionTime(CM_TRANSITION).withObservedGeneration(CM_GENERATION).build();
    }

    /** The four conditions of a working hub, as the registration-operator writes them. */
    private static List<Condition> healthyConditions() {
        return List.of(
                condition("Applied", "True", "ClusterManagerApplied"),
                condition("Progressing", "False", "ClusterManagerUpToDate"),
                condition("HubRegistrationDegraded", "False", "RegistrationFunctional"),
                condition("HubPlacementDegraded", "False", "PlacementFunctional"));
    }

    /** A ClusterManager at CM_GENERATION whose status has observed it and holds exactly these conditions. */
    private static ClusterManager cm(Condition... conditions) {
        return cm(CM_GENERATION, CM_GENERATION, Arrays.asList(conditions));
    }

    private static ClusterManager cm(Long generation, Long observedGeneration, List<Condition> conditions) {
        ClusterManager cm = new ClusterManager();
        cm.getMetadata().setName(ClusterManager.NAME);
        cm.getMetadata().setGeneration(generation);
        ClusterManagerStatus status = new ClusterManagerStatus();
        status.setObservedGeneration(observedGeneration);
        status.setConditions(new ArrayList<>(conditions));
        cm.setStatus(status);
        return cm;
    }

    /** A healthy ClusterManager with the given conditions replacing (by type) or added to the healthy ones. */
    private static ClusterManager healthyCmWith(Condition... overrides) {
        List<Condition> conditions = new ArrayList<>(healthyConditions());
        for (Condition override : overrides) {
            conditions.removeIf(c -> c.getType().equals(override.getType()));
            conditions.add(override);
        }
        return cm(conditions.toArray(Condition[]::new));
    }

    private static ClusterManager healthyCm() {
        return healthyCmWith();
    }

    /** The registration-operator Deployment at generation 2. */
    private static Deployment deployment(int replicas, Long observedGeneration, Integer updated, Integer available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("cluster-manager").withNamespace("open-cluster-management")
                .withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observedGeneration).withReplicas(replicas)
                .withUpdatedReplicas(updated).withAvailableReplicas(available).endStatus()
                .build();
    }

    private static Deployment availableOperator() {
        return deployment(1, 2L, 1, 1);
    }

    /** A fluent HubObservation, healthy by default: everything applied, ClusterManager and operator fine. */
    private static final class Obs {
        long generation = HUB_GENERATION;
        VelaOcmHubStatus previous;
        String conflictWith;
        String invalidSpec;
        String applyError;
        String pullSecretUnreadable;
        String desiredVersion = "1.3.1";
        String appliedVersion = "1.3.1";
        int objectsApplied = 14;
        boolean waitingForOperator;
        ClusterManager clusterManager = healthyCm();
        Deployment operator = availableOperator();
        boolean deleting;
        String deletionBlocked;
        String deletionWaitingFor;
        ClusterCounts clusters;
        List<AddonObservation> addons;
        List<DriftBudget.Contest> driftContested = List.of();
        String joinCommand = "clusteradm join ...";
        Instant now = NOW;

        Obs previous(VelaOcmHubStatus v) {
            previous = v;
            return this;
        }

        Obs conflictWith(String v) {
            conflictWith = v;
            return this;
        }

        Obs invalidSpec(String v) {
            invalidSpec = v;
            appliedVersion = null;
            return this;
        }

        Obs pullSecretUnreadable(String v) {
            pullSecretUnreadable = v;
            return this;
        }

        Obs applyError(String v) {
            applyError = v;
            appliedVersion = null;
            return this;
        }

        Obs appliedVersion(String v) {
            appliedVersion = v;
            return this;
        }

        Obs desiredVersion(String v) {
            desiredVersion = v;
            return this;
        }

        Obs waitingForOperator() {
            waitingForOperator = true;
            return this;
        }

        Obs clusterManager(ClusterManager v) {
            clusterManager = v;
            return this;
        }

        Obs operator(Deployment v) {
            operator = v;
            return this;
        }

        Obs deleting(String waitingFor) {
            deleting = true;
            deletionWaitingFor = waitingFor;
            return this;
        }

        Obs deletionBlocked(String v) {
            deleting = true;
            deletionBlocked = v;
            return this;
        }

        Obs joinCommand(String v) {
            joinCommand = v;
            return this;
        }

        Obs clusters(ClusterCounts v) {
            clusters = v;
            return this;
        }

        Obs addons(AddonObservation... v) {
            addons = List.of(v);
            return this;
        }

        Obs driftContested(DriftBudget.Contest... v) {
            driftContested = List.of(v);
            return this;
        }

        Obs now(Instant v) {
            now = v;
            return this;
        }

        HubObservation build() {
            return new HubObservation(generation, previous, conflictWith, invalidSpec, applyError, pullSecretUnreadable, desiredVersion,
                    appliedVersion, objectsApplied, waitingForOperator, clusterManager, operator, deleting,
                    deletionBlocked, deletionWaitingFor, joinCommand, clusters, addons, driftContested, now);
        }

        VelaOcmHubStatus compute() {
            return HubStatusCalculator.compute(build());
        }
    }

    @Test
    void aContestedObjectIsNamedWithTheOtherManagerAndReadyKeepsItsMeaning() {
        VelaOcmHubStatus status = obs().driftContested(new DriftBudget.Contest(
                "Deployment open-cluster-management/cluster-manager",
                "spec.template.spec.containers[name=registration-operator].image", "image-pinner")).compute();

        assertCondition(status, HubConditions.DRIFT_CONTESTED, "True", HubConditions.COMPETING_FIELD_MANAGER);
        String message = get(status, HubConditions.DRIFT_CONTESTED).getMessage();
        assertTrue(message.contains("Deployment open-cluster-management/cluster-manager")
                && message.contains("\"image-pinner\"")
                && message.contains("spec.template.spec.containers[name=registration-operator].image"),
                "expected the object, the field and the other manager in: " + message);
        assertCondition(status, HubConditions.READY, "True", HubConditions.HUB_READY);
        assertEquals("Ready", status.getPhase());
    }

    @Test
    void noContestNoDriftContestedCondition() {
        VelaOcmHubStatus contested = obs().driftContested(new DriftBudget.Contest("ClusterManager cluster-manager",
                "spec.placementImagePullSpec", "kubectl")).compute();
        VelaOcmHubStatus after = obs().previous(contested).compute();
        assertTrue(find(after, HubConditions.DRIFT_CONTESTED).isEmpty(),
                "expected DriftContested gone once nothing is contested, got " + types(after));
    }

    private static Obs obs() {
        return new Obs();
    }

    private static Optional<Condition> find(VelaOcmHubStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static Condition get(VelaOcmHubStatus status, String type) {
        return find(status, type).orElseThrow(() -> new AssertionError(
                "expected condition " + type + " in status, got types " + types(status)));
    }

    private static List<String> types(VelaOcmHubStatus status) {
        return status.getConditions().stream().map(Condition::getType).toList();
    }

    private static void assertCondition(VelaOcmHubStatus status, String type, String expectedStatus,
                                        String expectedReason) {
        Condition c = get(status, type);
        assertEquals(expectedStatus, c.getStatus(), "expected " + type + "=" + expectedStatus + " (" + c.getMessage() + ")");
        assertEquals(expectedReason, c.getReason(), "expected " + type + " reason " + expectedReason
                + " (" + c.getMessage() + ")");
    }

    private static void assertNotReady(VelaOcmHubStatus status, String expectedReason) {
        assertCondition(status, HubConditions.READY, "False", expectedReason);
    }

    private static void assertMessageContains(VelaOcmHubStatus status, String type, String expected) {
        String message = get(status, type).getMessage();
        assertTrue(message != null && message.contains(expected),
                "expected the " + type + " message to contain '" + expected + "' but was: " + message);
    }

    // ---------------------------------------------------------------- readiness

    @Test
    void isReadyWhenAppliedNotProgressingNotDegradedObservedAndOperatorAvailable() {
        VelaOcmHubStatus status = obs().compute();

        assertCondition(status, HubConditions.READY, "True", HubConditions.HUB_READY);
        assertCondition(status, HubConditions.BUNDLE_APPLIED, "True", HubConditions.APPLIED);
        assertCondition(status, HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE);
        assertEquals(HubConditions.PHASE_READY, status.getPhase(), "expected phase Ready");
        assertEquals("1.3.1", status.getInstalledVersion(), "expected installedVersion 1.3.1");
        assertEquals("clusteradm join ...", status.getJoinCommand(), "expected the join command copied");
        assertFalse(find(status, HubConditions.DELETION_BLOCKED).isPresent(), "expected no DeletionBlocked");
    }

    @Test
    void reportsJoinedAndAvailableClustersOnceCounted() {
        VelaOcmHubStatus counted = obs().clusters(new ClusterCounts(3, 2, 1)).compute();
        assertEquals(3, counted.getManagedClusters().getTotal());
        assertEquals(2, counted.getManagedClusters().getJoined());
        assertEquals(1, counted.getManagedClusters().getAvailable());

        VelaOcmHubStatus later = obs().previous(counted).compute();
        assertEquals(counted.getManagedClusters(), later.getManagedClusters(),
                "a pass that could not count keeps the last counts rather than dropping them");
        assertNull(obs().compute().getManagedClusters(), "nothing to say before the hub serves ManagedClusters");
    }

    @Test
    void remembersTheLastGenerationThatWasReadyUntilTheNextReadyOne() {
        VelaOcmHubStatus ready = obs().compute();
        assertEquals(HUB_GENERATION, ready.getLastReadyGeneration(), "Ready records its generation");

        VelaOcmHubStatus degraded = obs().previous(ready)
                .clusterManager(healthyCmWith(condition(HubConditions.CM_REGISTRATION_DEGRADED, "True",
                        "UnavailableRegistrationPod"))).compute();
        assertNotReady(degraded, HubConditions.DEGRADED);
        assertEquals(HUB_GENERATION, degraded.getLastReadyGeneration(), "a drop from Ready keeps the generation");

        VelaOcmHubStatus install = obs().clusterManager(null).compute();
        assertNull(install.getLastReadyGeneration(), "a hub never Ready has none");
    }

    /** Every reason of the four readiness conditions in the OCM table, and what Ready says about it. */
    @ParameterizedTest(name = "{0}={1} ({2}) -> {3}")
    @CsvSource({
            "Applied,                 True,  ClusterManagerApplied,           HubReady",
            "Applied,                 False, CRDApplyFailed,                  ClusterManagerNotApplied",
            "Applied,                 False, HubResourceApplyFailed,          ClusterManagerNotApplied",
            "Applied,                 False, RuntimeResourceApplyFailed,      ClusterManagerNotApplied",
            "Applied,                 False, ServiceAccountSyncFailed,        ClusterManagerNotApplied",
            "Applied,                 False, WebhookApplyFailed,              ClusterManagerNotApplied",
            "Applied,                 False, ClusterManagerApplyFailed,       ClusterManagerNotApplied",
            "Applied,                 Unknown, Unknown,                       ClusterManagerNotApplied",
            "Progressing,             True,  ClusterManagerDeploymentRolling, HubRollingOut",
            "Progressing,             False, ClusterManagerUpToDate,          HubReady",
            "Progressing,             Unknown, Unknown,                       HubRollingOut",
            "HubRegistrationDegraded, True,  GetRegistrationDeploymentFailed, HubDegraded",
            "HubRegistrationDegraded, True,  UnavailableRegistrationPod,      HubDegraded",
            "HubRegistrationDegraded, False, RegistrationFunctional,          HubReady",
            "HubRegistrationDegraded, Unknown, Unknown,                       HubDegraded",
            "HubPlacementDegraded,    True,  GetPlacementDeploymentFailed,    HubDegraded",
            "HubPlacementDegraded,    True,  UnavailablePlacementPod,         HubDegraded",
            "HubPlacementDegraded,    False, PlacementFunctional,             HubReady",
            "HubPlacementDegraded,    Unknown, Unknown,                       HubDegraded",
            "ValidFeatureGates,       True,  FeatureGatesAllValid,            HubReady",
            "ValidFeatureGates,       False, InvalidFeatureGatesExisting,     HubReady",
            "MigrationSucceeded,      True,  StorageVersionMigrationSucceed,  HubReady",
            "MigrationSucceeded,      False, StorageVersionMigrationFailed,   HubReady"})
    void decidesReadinessFromEachClusterManagerConditionReason(String type, String cmStatus, String cmReason,
                                                              String expectedReadyReason) {
        VelaOcmHubStatus status = obs().clusterManager(healthyCmWith(condition(type, cmStatus, cmReason))).compute();

        boolean ready = HubConditions.HUB_READY.equals(expectedReadyReason);
        assertCondition(status, HubConditions.READY, ready ? "True" : "False", expectedReadyReason);
        if (!ready) {
            assertMessageContains(status, HubConditions.READY, cmReason);
            assertMessageContains(status, HubConditions.READY, type);
        }
        assertCondition(status, type, cmStatus, cmReason); // mirrored, whether it blocks readiness or not
    }

    @ParameterizedTest
    @ValueSource(strings = {"HubRollingOut", "HubDegraded", "ClusterManagerNotApplied"})
    void summarisesAnUnhealthyHubInThePhase(String readyReason) {
        Condition bad = switch (readyReason) {
            case "HubRollingOut" -> condition("Progressing", "True", "ClusterManagerDeploymentRolling");
            case "HubDegraded" -> condition("HubPlacementDegraded", "True", "UnavailablePlacementPod");
            default -> condition("Applied", "False", "WebhookApplyFailed");
        };
        VelaOcmHubStatus status = obs().clusterManager(healthyCmWith(bad)).compute();

        assertNotReady(status, readyReason);
        String expectedPhase = readyReason.equals("HubRollingOut") ? HubConditions.PHASE_INSTALLING
                : HubConditions.PHASE_DEGRADED;
        assertEquals(expectedPhase, status.getPhase(), "expected phase " + expectedPhase + " for " + readyReason);
    }

    @Test
    void reportsUpgradingWhileANewVersionRollsOut() {
        VelaOcmHubStatus previous = obs().desiredVersion("1.2.1").appliedVersion("1.2.1").compute();
        VelaOcmHubStatus status = obs().previous(previous).appliedVersion(null)
                .clusterManager(healthyCmWith(condition("Progressing", "True", "ClusterManagerDeploymentRolling")))
                .compute();

        assertNotReady(status, HubConditions.ROLLING_OUT);
        assertEquals(HubConditions.PHASE_UPGRADING, status.getPhase(),
                "expected phase Upgrading while 1.2.1 is installed and 1.3.1 rolls out");
    }

    @Test
    void mirrorsInformationalConditionsWithoutBlockingReadiness() {
        Condition gates = condition("ValidFeatureGates", "False", "InvalidFeatureGatesExisting");
        Condition migration = condition("MigrationSucceeded", "False", "StorageVersionMigrationFailed");
        VelaOcmHubStatus status = obs().clusterManager(healthyCmWith(gates, migration)).compute();

        assertCondition(status, HubConditions.READY, "True", HubConditions.HUB_READY);
        assertCondition(status, "ValidFeatureGates", "False", "InvalidFeatureGatesExisting");
        assertCondition(status, "MigrationSucceeded", "False", "StorageVersionMigrationFailed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HubAddonManagerDegraded", "SomethingNew"})
    void mirrorsAnUnknownConditionTypeVerbatim(String type) {
        Condition unknown = new ConditionBuilder().withType(type).withStatus("True").withReason("ItHappened")
                .withMessage("something the operator does not know yet").withLastTransitionTime("2025-06-01T10:20:30Z")
                .build();
        VelaOcmHubStatus status = obs().clusterManager(healthyCmWith(unknown)).compute();

        Condition mirrored = get(status, type);
        assertAll(
                () -> assertEquals("True", mirrored.getStatus(), "expected the status mirrored verbatim"),
                () -> assertEquals("ItHappened", mirrored.getReason(), "expected the reason mirrored verbatim"),
                () -> assertEquals("something the operator does not know yet", mirrored.getMessage(),
                        "expected the message mirrored verbatim"),
                () -> assertEquals("2025-06-01T10:20:30Z", mirrored.getLastTransitionTime(),
                        "expected the lastTransitionTime mirrored verbatim"));
        assertCondition(status, HubConditions.READY, "True", HubConditions.HUB_READY);
    }

    @Test
    void mirrorsEveryClusterManagerConditionAfterOurOwn() {
        VelaOcmHubStatus status = obs().compute();

        assertEquals(List.of("Ready", "BundleApplied", "OperatorAvailable", "Applied", "Progressing",
                        "HubRegistrationDegraded", "HubPlacementDegraded"), types(status),
                "expected our conditions first, then the ClusterManager's in its order");
    }

    @Test
    void prefixesAClusterManagerConditionThatCollidesWithOurs() {
        Condition ready = condition("Ready", "False", "TheirOwnReason");
        VelaOcmHubStatus status = obs().clusterManager(healthyCmWith(ready)).compute();

        assertCondition(status, "ClusterManagerReady", "False", "TheirOwnReason");
        assertCondition(status, HubConditions.READY, "True", HubConditions.HUB_READY);
        assertEquals(1, types(status).stream().filter("Ready"::equals).count(), "expected exactly one Ready condition");
    }

    @Test
    void waitsForAMissingClusterManager() {
        VelaOcmHubStatus status = obs().clusterManager(null).compute();

        assertNotReady(status, HubConditions.CLUSTER_MANAGER_MISSING);
        assertEquals(HubConditions.PHASE_INSTALLING, status.getPhase(), "expected phase Installing");
    }

    @Test
    void waitsForTheRegistrationOperatorToObserveTheClusterManagerGeneration() {
        VelaOcmHubStatus status = obs().clusterManager(cm(4L, 3L, healthyConditions())).compute();

        assertNotReady(status, HubConditions.STALE_STATUS);
        assertMessageContains(status, HubConditions.READY, "4");
    }

    @Test
    void treatsAClusterManagerWithoutStatusAsStale() {
        ClusterManager cm = cm(1L, null, List.of());
        cm.setStatus(null);

        assertNotReady(obs().clusterManager(cm).compute(), HubConditions.STALE_STATUS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Applied", "Progressing", "HubRegistrationDegraded", "HubPlacementDegraded"})
    void waitsForEveryRequiredClusterManagerCondition(String missing) {
        List<Condition> conditions = new ArrayList<>(healthyConditions());
        conditions.removeIf(c -> c.getType().equals(missing));
        VelaOcmHubStatus status = obs().clusterManager(cm(conditions.toArray(Condition[]::new))).compute();

        assertNotReady(status, HubConditions.WAITING_FOR_CONDITIONS);
        assertMessageContains(status, HubConditions.READY, missing);
    }

    @Test
    void waitsForConditionsOfAClusterManagerThatReportsNone() {
        assertNotReady(obs().clusterManager(cm()).compute(), HubConditions.WAITING_FOR_CONDITIONS);
    }

    // ---------------------------------------------------------------- operator Deployment

    static Stream<Arguments> unavailableOperators() {
        return Stream.of(
                Arguments.of("missing", null, HubConditions.DEPLOYMENT_MISSING),
                Arguments.of("no available replica", deployment(1, 2L, 1, 0), HubConditions.DEPLOYMENT_UNAVAILABLE),
                Arguments.of("no status yet", deployment(1, null, null, null), HubConditions.DEPLOYMENT_ROLLING),
                Arguments.of("old generation observed", deployment(1, 1L, 1, 1), HubConditions.DEPLOYMENT_ROLLING),
                Arguments.of("2 of 3 replicas updated", deployment(3, 2L, 2, 3), HubConditions.DEPLOYMENT_ROLLING));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("unavailableOperators")
    void isNotReadyWhileTheOperatorIsUnavailable(String description, Deployment operator, String expectedReason) {
        VelaOcmHubStatus status = obs().operator(operator).compute();

        assertCondition(status, HubConditions.OPERATOR_AVAILABLE, "False", expectedReason);
        assertNotReady(status, HubConditions.OPERATOR_UNAVAILABLE);
        assertEquals(HubConditions.PHASE_DEGRADED, status.getPhase(), "expected phase Degraded when " + description);
    }

    @Test
    void countsAnOperatorWithOneOfThreeReplicasAvailableAsAvailable() {
        assertCondition(obs().operator(deployment(3, 2L, 3, 1)).compute(), HubConditions.OPERATOR_AVAILABLE, "True",
                HubConditions.DEPLOYMENT_AVAILABLE);
    }

    // ---------------------------------------------------------------- our own failures

    @Test
    void reportsAnInvalidSpecAsFailed() {
        VelaOcmHubStatus status = obs().invalidSpec("images.work quay.io/x/work has no tag or digest").compute();

        assertNotReady(status, HubConditions.INVALID_SPEC);
        assertMessageContains(status, HubConditions.READY, "images.work quay.io/x/work has no tag or digest");
        assertCondition(status, HubConditions.BUNDLE_APPLIED, "False", HubConditions.INVALID_SPEC);
        assertEquals(HubConditions.PHASE_FAILED, status.getPhase(), "expected phase Failed");
    }

    @Test
    void reportsAnApplyErrorAsFailedWithTheServersMessage() {
        VelaOcmHubStatus status = obs().applyError("clusterroles.rbac.authorization.k8s.io is forbidden").compute();

        assertNotReady(status, HubConditions.APPLY_FAILED);
        assertMessageContains(status, HubConditions.READY, "clusterroles.rbac.authorization.k8s.io is forbidden");
        assertCondition(status, HubConditions.BUNDLE_APPLIED, "False", HubConditions.APPLY_FAILED);
        assertMessageContains(status, HubConditions.BUNDLE_APPLIED, "clusterroles.rbac.authorization.k8s.io is forbidden");
        assertEquals(HubConditions.PHASE_FAILED, status.getPhase(), "expected phase Failed");
    }

    @Test
    void waitsForTheOperatorRolloutBeforeUpdatingTheClusterManager() {
        VelaOcmHubStatus status = obs().waitingForOperator().appliedVersion(null).compute();

        assertNotReady(status, HubConditions.UPGRADING);
        assertCondition(status, HubConditions.BUNDLE_APPLIED, "False", HubConditions.UPGRADING);
        assertEquals(HubConditions.PHASE_UPGRADING, status.getPhase(), "expected phase Upgrading");
    }

    @Test
    void writesOnlyReadyAndStalledWhenAnotherHubOwnsTheCluster() {
        Condition unknown = condition("SomethingNew", "True", "X");
        VelaOcmHubStatus status = obs().conflictWith("first-hub").clusterManager(healthyCmWith(unknown)).compute();

        assertEquals(List.of(HubConditions.READY, HubConditions.STALLED), types(status),
                "expected only Ready and Stalled, no mirrored ClusterManager conditions, on a conflicting hub");
        assertNotReady(status, HubConditions.CONFLICT);
        assertMessageContains(status, HubConditions.READY, "first-hub");
        assertEquals(HubConditions.PHASE_CONFLICT, status.getPhase(), "expected phase Conflict");
        assertEquals(HUB_GENERATION, status.getObservedGeneration(), "expected observedGeneration on a conflict too");
    }

    // ---------------------------------------------------------------- deletion

    @Test
    void reportsDeletingWhileTheHubIsRemoved() {
        VelaOcmHubStatus status = obs().deleting("the ClusterManager finalizer").compute();

        assertNotReady(status, HubConditions.DELETING);
        assertMessageContains(status, HubConditions.READY, "the ClusterManager finalizer");
        assertEquals(HubConditions.PHASE_DELETING, status.getPhase(), "expected phase Deleting");
        assertFalse(find(status, HubConditions.DELETION_BLOCKED).isPresent(), "expected no DeletionBlocked");
    }

    @Test
    void reportsABlockedDeletionWhileManagedClustersAreJoined() {
        VelaOcmHubStatus status = obs().deletionBlocked("2 ManagedClusters are joined: east, west").compute();

        assertCondition(status, HubConditions.DELETION_BLOCKED, "True", HubConditions.MANAGED_CLUSTERS_JOINED);
        assertMessageContains(status, HubConditions.DELETION_BLOCKED, "east, west");
        assertNotReady(status, HubConditions.DELETING);
        assertEquals(HubConditions.PHASE_BLOCKED, status.getPhase(), "expected phase Blocked");
    }

    // ---------------------------------------------------------------- bookkeeping

    @Test
    void stampsTheHubGenerationOnStatusAndOwnConditions() {
        VelaOcmHubStatus status = obs().compute();

        assertEquals(HUB_GENERATION, status.getObservedGeneration(), "expected status.observedGeneration = generation");
        for (String type : List.of(HubConditions.READY, HubConditions.BUNDLE_APPLIED, HubConditions.OPERATOR_AVAILABLE)) {
            assertEquals(HUB_GENERATION, get(status, type).getObservedGeneration(),
                    "expected " + type + ".observedGeneration = hub generation");
        }
    }

    @Test
    void stampsNewConditionsWithTheClock() {
        assertEquals(NOW_TEXT, get(obs().compute(), HubConditions.READY).getLastTransitionTime(),
                "expected a new condition stamped with the fixed clock");
    }

    @Test
    void keepsTheTransitionTimeOfAnUnchangedCondition() {
        VelaOcmHubStatus first = obs().compute();
        VelaOcmHubStatus later = obs().previous(first).now(NOW.plus(Duration.ofHours(1))).compute();

        assertEquals(NOW_TEXT, get(later, HubConditions.READY).getLastTransitionTime(),
                "expected Ready's lastTransitionTime kept while Ready stays True");
    }

    @Test
    void movesTheTransitionTimeWhenTheStatusFlips() {
        Instant later = NOW.plus(Duration.ofHours(1));
        VelaOcmHubStatus first = obs().compute();
        VelaOcmHubStatus flipped = obs().previous(first).now(later)
                .clusterManager(healthyCmWith(condition("HubPlacementDegraded", "True", "UnavailablePlacementPod")))
                .compute();

        assertEquals("2026-01-01T01:00:00Z", get(flipped, HubConditions.READY).getLastTransitionTime(),
                "expected Ready's lastTransitionTime to move when it flips to False");
        assertEquals(NOW_TEXT, get(flipped, HubConditions.BUNDLE_APPLIED).getLastTransitionTime(),
                "expected BundleApplied's lastTransitionTime kept, it did not flip");
    }

    @Test
    void computesEqualStatusesFromTheSameObservation() {
        HubObservation observation = obs().build();

        assertEquals(HubStatusCalculator.compute(observation), HubStatusCalculator.compute(observation),
                "expected the same observation to give equal statuses");
    }

    @Test
    void computesAnUnchangedStatusWhenNothingChangedButTheClock() {
        VelaOcmHubStatus first = obs().compute();
        VelaOcmHubStatus again = obs().previous(first).now(NOW.plus(Duration.ofMinutes(5))).compute();

        assertEquals(first, again, "expected an unchanged hub to produce an equal status, so no write happens");
    }

    @Test
    void computesAnUnchangedStatusForAnUnhealthyHubWhenNothingChangedButTheClock() {
        Obs unhealthy = obs().operator(null).clusterManager(healthyCmWith(
                condition("Progressing", "True", "ClusterManagerDeploymentRolling"),
                condition("SomethingNew", "True", "X")));
        VelaOcmHubStatus first = unhealthy.compute();
        VelaOcmHubStatus again = unhealthy.previous(first).now(NOW.plus(Duration.ofMinutes(5))).compute();

        assertEquals(first, again, "expected an unchanged unhealthy hub to produce an equal status");
    }

    @Test
    void keepsThePreviousInstalledVersionWhenNothingWasApplied() {
        VelaOcmHubStatus previous = obs().desiredVersion("1.2.1").appliedVersion("1.2.1").compute();
        VelaOcmHubStatus status = obs().previous(previous).applyError("the server is down").compute();

        assertEquals("1.2.1", status.getInstalledVersion(), "expected installedVersion kept at 1.2.1 when nothing applied");
    }

    @Test
    void recordsTheAppliedVersionAsInstalled() {
        VelaOcmHubStatus previous = obs().desiredVersion("1.2.1").appliedVersion("1.2.1").compute();
        VelaOcmHubStatus status = obs().previous(previous).appliedVersion("1.3.1").compute();

        assertEquals("1.3.1", status.getInstalledVersion(), "expected installedVersion 1.3.1 once it was applied");
    }

    @Test
    void leavesTheInstalledVersionEmptyBeforeAnythingWasApplied() {
        assertNull(obs().invalidSpec("bad").compute().getInstalledVersion(),
                "expected no installedVersion before anything was applied");
    }

    @Test
    void omitsTheJoinCommandWhenJoinAccessIsOff() {
        assertNull(obs().joinCommand(null).compute().getJoinCommand(), "expected no join command");
    }

    @Test
    void changesTheStatusWhenTheHubGenerationChanges() {
        VelaOcmHubStatus first = obs().compute();
        Obs next = obs().previous(first);
        next.generation = HUB_GENERATION + 1;

        assertNotEquals(first, next.compute(), "expected a new generation to be written");
    }

    @Test
    void reportsReconcilingWhileNotReadyAndNeitherWhenReady() {
        VelaOcmHubStatus ready = obs().compute();
        assertFalse(types(ready).contains(HubConditions.RECONCILING), "no Reconciling on a ready hub");
        assertFalse(types(ready).contains(HubConditions.STALLED), "no Stalled on a ready hub");

        VelaOcmHubStatus installing = obs().clusterManager(null).compute();
        assertCondition(installing, HubConditions.RECONCILING, "True", HubConditions.CLUSTER_MANAGER_MISSING);
        assertFalse(types(installing).contains(HubConditions.STALLED), "installing is not stalled");
    }

    @Test
    void reportsStalledWhenOnlyTheUserCanFixIt() {
        VelaOcmHubStatus invalid = obs().invalidSpec("unknown OCM version 9.9.9").compute();
        assertCondition(invalid, HubConditions.STALLED, "True", HubConditions.INVALID_SPEC);
        assertFalse(types(invalid).contains(HubConditions.RECONCILING), "a stalled hub is not reconciling");
    }

    @Test
    void aPullSecretTheApiServerFailedToReturnIsRetriedNotBlamedOnTheSpec() {
        VelaOcmHubStatus status = obs().pullSecretUnreadable("cannot read imagePullSecret vela-system/creds: etcd timeout")
                .compute();
        Condition ready = find(status, HubConditions.READY).orElseThrow();
        assertEquals(HubConditions.PULL_SECRET_UNREADABLE, ready.getReason(), "expected its own reason, not InvalidSpec");
        assertTrue(find(status, HubConditions.STALLED).isEmpty(), "expected no Stalled: the operator retries it");
        assertEquals("True", find(status, HubConditions.RECONCILING).orElseThrow().getStatus(),
                "expected Reconciling while the operator retries");
        assertNotEquals(HubConditions.PHASE_FAILED, status.getPhase(), "expected no Failed phase for a transient error");
        assertEquals(HubConditions.PULL_SECRET_UNREADABLE, find(status, HubConditions.BUNDLE_APPLIED).orElseThrow().getReason());
    }

    // ---------------------------------------------------------------- addons

    private static Deployment addonManager(Integer available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("cluster-proxy-addon-manager").withNamespace("open-cluster-management-addon")
                .withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1)
                .withAvailableReplicas(available).endStatus()
                .build();
    }

    private static AddonObservation proxy(String error, String waitingFor, Deployment manager,
                                          AddonObservation.AddonClusters clusters) {
        return new AddonObservation(Addon.CLUSTER_PROXY, "0.10.0", true, error, waitingFor, manager, clusters);
    }

    static Stream<Arguments> addonCases() {
        AddonObservation.AddonClusters two = new AddonObservation.AddonClusters(2, 2);
        return Stream.of(
                Arguments.of(proxy("applying X failed: forbidden", null, null, null), "False",
                        HubConditions.ADDON_APPLY_FAILED, "applying X failed: forbidden"),
                Arguments.of(proxy(null, "CRD placements.cluster.open-cluster-management.io to be established", null, null),
                        "False", HubConditions.ADDON_WAITING,
                        "cluster-proxy 0.10.0 waits for CRD placements.cluster.open-cluster-management.io to be established"),
                Arguments.of(proxy(null, null, null, null), "False", HubConditions.ADDON_MANAGER_UNAVAILABLE,
                        "cluster-proxy manager Deployment does not exist yet"),
                Arguments.of(proxy(null, null, addonManager(0), two), "False", HubConditions.ADDON_MANAGER_UNAVAILABLE,
                        "cluster-proxy manager Deployment open-cluster-management-addon/cluster-proxy-addon-manager:"
                                + " 1/1 replicas updated, 0 available"),
                Arguments.of(proxy(null, null, addonManager(1), new AddonObservation.AddonClusters(2, 1)), "False",
                        HubConditions.ADDON_UNAVAILABLE_ON_CLUSTERS,
                        "cluster-proxy 0.10.0: manager available, agent available on 1 of 2 clusters"),
                Arguments.of(proxy(null, null, addonManager(1), two), "True", HubConditions.ADDON_AVAILABLE,
                        "cluster-proxy 0.10.0: manager available, agent available on 2 of 2 clusters"),
                Arguments.of(proxy(null, null, addonManager(1), null), "True", HubConditions.ADDON_AVAILABLE,
                        "cluster-proxy 0.10.0: manager available, agent available on 0 of 0 clusters"),
                Arguments.of(new AddonObservation(Addon.CLUSTER_PROXY, null, false, null,
                                "the hub's addon-manager to remove its ManagedClusterAddOns", null, null), "False",
                        HubConditions.ADDON_REMOVING, "cluster-proxy is being removed; waiting for the hub's"
                                + " addon-manager to remove its ManagedClusterAddOns"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("addonCases")
    void eachAddonHasAConditionOfItsOwn(AddonObservation addon, String status, String reason, String message) {
        VelaOcmHubStatus result = obs().addons(addon).compute();
        Condition c = find(result, "AddonClusterProxyAvailable").orElseThrow();
        assertEquals(List.of(status, reason, message), List.of(c.getStatus(), c.getReason(), c.getMessage()));
        assertEquals(HUB_GENERATION, c.getObservedGeneration());
    }

    @Test
    void aFailingAddonLeavesTheHubReady() {
        VelaOcmHubStatus result = obs().addons(proxy("applying X failed: forbidden", null, null, null),
                new AddonObservation(Addon.MANAGED_SERVICE_ACCOUNT, "0.10.0", true, null, null, null, null)).compute();
        assertEquals("True", find(result, HubConditions.READY).orElseThrow().getStatus());
        assertEquals(HubConditions.PHASE_READY, result.getPhase());
        assertTrue(find(result, HubConditions.RECONCILING).isEmpty());
        assertTrue(find(result, HubConditions.STALLED).isEmpty());
        assertEquals("False", find(result, "AddonManagedServiceAccountAvailable").orElseThrow().getStatus());
    }

    @Test
    void countsEachEnabledAddonsClustersAndLeavesOutOneBeingRemoved() {
        VelaOcmHubStatus result = obs().addons(
                new AddonObservation(Addon.MANAGED_SERVICE_ACCOUNT, null, false, null, "its CRDs to be deleted", null, null),
                proxy(null, null, addonManager(1), new AddonObservation.AddonClusters(3, 2))).compute();
        assertEquals(new AddonStatus("0.10.0", 3, 2), result.getAddons().getClusterProxy());
        assertNull(result.getAddons().getManagedServiceAccount());
        assertNull(result.getAddons().getClusterGateway());
        assertNull(obs().addons().compute().getAddons(), "no addon, no addons status");
    }

    @Test
    void aPassThatDidNotLookAtTheAddonsKeepsTheirConditionsAndCounts() {
        VelaOcmHubStatus before = obs().addons(proxy(null, null, addonManager(1), new AddonObservation.AddonClusters(1, 1)))
                .compute();
        VelaOcmHubStatus after = obs().previous(before).invalidSpec("spec.version 9.9.9 is unknown").compute();
        assertEquals(find(before, "AddonClusterProxyAvailable"), find(after, "AddonClusterProxyAvailable"));
        assertEquals(before.getAddons(), after.getAddons());
    }

    @Test
    void anAddonConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
        VelaOcmHubStatus first = obs().addons(proxy(null, null, addonManager(1), null)).compute();
        VelaOcmHubStatus later = obs().previous(first).now(NOW.plus(Duration.ofMinutes(5)))
                .addons(proxy(null, null, addonManager(1), new AddonObservation.AddonClusters(1, 1))).compute();
        assertEquals(NOW_TEXT, find(later, "AddonClusterProxyAvailable").orElseThrow().getLastTransitionTime());
    }
}
