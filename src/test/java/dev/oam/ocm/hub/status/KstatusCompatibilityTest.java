package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kstatus' generic rules for custom resources (sigs.k8s.io/cli-utils pkg/kstatus/status, checkGenericProperties):
 * an observedGeneration behind metadata.generation means InProgress, then Reconciling=True means InProgress, then
 * Stalled=True means Failed, and anything else, a resource without any status included, is Current. HelmChartIT
 * runs the real kstatus against live hubs; this copy of its rules stays because it checks, in a second, every
 * status the calculator can write (the table below) for the one property GitOps users rely on: Current exactly
 * when Ready=True.
 */
class KstatusCompatibilityTest {
    private static final long GENERATION = 3;

    enum Kstatus { Current, InProgress, Failed }

    static Kstatus kstatus(long generation, VelaOcmHubStatus status) {
        if (status == null) {
            return Kstatus.Current; // kstatus' answer; the operator writes a status before its first apply
        }
        if (status.getObservedGeneration() != null && status.getObservedGeneration() != generation) {
            return Kstatus.InProgress;
        }
        if (isTrue(status, "Reconciling")) {
            return Kstatus.InProgress;
        }
        if (isTrue(status, "Stalled")) {
            return Kstatus.Failed;
        }
        return Kstatus.Current;
    }

    @Test
    void aReadyHubIsCurrent() {
        assertEquals(Kstatus.Current, kstatus(GENERATION, compute(cm(healthy()), deployment(), null)));
    }

    @Test
    void aHubStillInstallingIsInProgress() {
        assertEquals(Kstatus.InProgress, kstatus(GENERATION, compute(null, deployment(), null)));
    }

    @Test
    void aDegradedHubIsInProgressNotCurrent() {
        List<Condition> conditions = new ArrayList<>(healthy());
        conditions.set(2, condition("HubRegistrationDegraded", "True", "UnavailableRegistrationPod"));
        assertEquals(Kstatus.InProgress, kstatus(GENERATION, compute(cm(conditions), deployment(), null)));
    }

    @Test
    void anUninstallableSpecIsFailed() {
        assertEquals(Kstatus.Failed, kstatus(GENERATION, compute(cm(healthy()), deployment(), "unknown OCM version 9.9.9")));
    }

    @Test
    void aStatusForAnOlderGenerationIsInProgress() {
        assertEquals(Kstatus.InProgress, kstatus(GENERATION + 1, compute(cm(healthy()), deployment(), null)));
    }

    private static VelaOcmHubStatus compute(ClusterManager cm, Deployment operator, String invalid) {
        return HubStatusCalculator.compute(new HubObservation(GENERATION, null, null, invalid, null, null, "1.3.1",
                invalid == null ? "1.3.1" : null, 12, false, cm, operator, false, null, null, null, null, null, java.util.List.of(),
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static boolean isTrue(VelaOcmHubStatus status, String type) {
        return status.getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Condition> healthy() {
        return List.of(condition("Applied", "True", "ClusterManagerApplied"),
                condition("Progressing", "False", "ClusterManagerUpToDate"),
                condition("HubRegistrationDegraded", "False", "RegistrationFunctional"),
                condition("HubPlacementDegraded", "False", "PlacementFunctional"));
    }

    private static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(reason)
                .withLastTransitionTime("2026-01-01T00:00:00Z").build();
    }

    private static ClusterManager cm(List<Condition> conditions) {
        ClusterManager cm = new ClusterManager();
        cm.setMetadata(new ObjectMetaBuilder().withName("cluster-manager").withGeneration(1L).build());
        ClusterManagerStatus status = new ClusterManagerStatus();
        status.setObservedGeneration(1L);
        status.setConditions(new ArrayList<>(conditions));
        cm.setStatus(status);
        return cm;
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(1).endSpec()
                .withNewStatus().withObservedGeneration(1L).withUpdatedReplicas(1).withAvailableReplicas(1).endStatus()
                .build();
    }

    @Test
    void readyAndKstatusAgree() {
        VelaOcmHubStatus ready = compute(cm(healthy()), deployment(), null);
        assertEquals("True", ready.getConditions().stream().filter(c -> HubConditions.READY.equals(c.getType()))
                .findFirst().orElseThrow().getStatus());
    }
}
