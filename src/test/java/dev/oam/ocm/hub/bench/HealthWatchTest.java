package dev.oam.ocm.hub.bench;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HealthWatchTest {
    private static final long MS = 1_000_000;

    @Test
    void theOverheadRunsFromTheLastHealthSignalToReadyForTheCurrentGeneration() {
        HealthWatch.Moments moments = new HealthWatch.Moments();
        moments.deployment(deployment("cluster-manager-registration-controller", true), 100 * MS);
        moments.deployment(deployment("cluster-manager-placement-controller", false), 110 * MS);
        moments.clusterManager(clusterManager(2, 2, "False"), 120 * MS);
        assertNull(moments.overheadMs(), "one Deployment is not available yet");

        moments.hub(hub(2, 1, "True"), 125 * MS); // Ready for an older generation does not count
        moments.deployment(deployment("cluster-manager-placement-controller", true), 130 * MS);
        assertNull(moments.overheadMs(), "healthy, not Ready yet");

        moments.hub(hub(2, 2, "True"), 142 * MS);
        assertEquals(12.0, moments.overheadMs());
        moments.hub(hub(2, 2, "True"), 500 * MS);
        assertEquals(12.0, moments.overheadMs(), "the first Ready counts");
    }

    @Test
    void aClusterManagerNotYetObservedOrDegradedIsNotHealthy() {
        HealthWatch.Moments moments = new HealthWatch.Moments();
        moments.deployment(deployment("cluster-manager-registration-controller", true), 0);
        moments.clusterManager(clusterManager(3, 2, "False"), 10 * MS);
        moments.clusterManager(clusterManager(3, 3, "True"), 20 * MS);
        moments.hub(hub(1, 1, "True"), 30 * MS);
        assertNull(moments.overheadMs());
        moments.clusterManager(clusterManager(3, 3, "False"), 40 * MS);
        assertEquals(-10.0, moments.overheadMs(), "a Ready before the hub was healthy shows as negative, not hidden");
    }

    private static Deployment deployment(String name, boolean available) {
        return new DeploymentBuilder().withMetadata(new ObjectMetaBuilder().withName(name).build()).withNewStatus()
                .addNewCondition().withType("Available").withStatus(available ? "True" : "False").endCondition()
                .endStatus().build();
    }

    private static ClusterManager clusterManager(long generation, long observed, String registrationDegraded) {
        ClusterManager cm = new ClusterManager();
        cm.setMetadata(new ObjectMetaBuilder().withName(ClusterManager.NAME).withGeneration(generation).build());
        ClusterManagerStatus status = new ClusterManagerStatus();
        status.setObservedGeneration(observed);
        status.setConditions(new ArrayList<>(List.of(condition("Applied", "True"), condition("Progressing", "False"),
                condition("HubRegistrationDegraded", registrationDegraded), condition("HubPlacementDegraded", "False"))));
        cm.setStatus(status);
        return cm;
    }

    private static VelaOcmHub hub(long generation, long conditionGeneration, String ready) {
        VelaOcmHub hub = new VelaOcmHub();
        hub.setMetadata(new ObjectMetaBuilder().withName("hub").withGeneration(generation).build());
        VelaOcmHubStatus status = new VelaOcmHubStatus();
        Condition c = condition("Ready", ready);
        c.setObservedGeneration(conditionGeneration);
        status.setConditions(new ArrayList<>(List.of(c)));
        hub.setStatus(status);
        return hub;
    }

    private static Condition condition(String type, String status) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason("Test").build();
    }
}
