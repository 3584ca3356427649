package dev.oam.ocm.hub.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
    private static final String NS = "vela-ocm-hub-system";
    KubernetesClient client;

    @Test
    void aLeaderThatStopsHandsTheLeaseBack() {
        holdLease("replica-a", 3);
        assertTrue(new LeaderElection(OperatorSettings.LEASE_NAME, NS, "replica-a").release(client));
        Lease lease = lease();
        assertEquals("", lease.getSpec().getHolderIdentity(), "no holder: a standby may take it at its next try");
        assertEquals(1, lease.getSpec().getLeaseDurationSeconds());
        assertEquals(3, lease.getSpec().getLeaseTransitions(), "a release is not a transition");
    }

    @Test
    void aStandbyLeavesTheLeaderItsLease() {
        holdLease("replica-a", 0);
        assertFalse(new LeaderElection(OperatorSettings.LEASE_NAME, NS, "replica-b").release(client));
        assertEquals("replica-a", lease().getSpec().getHolderIdentity());
        assertEquals(40, lease().getSpec().getLeaseDurationSeconds());
    }

    @Test
    void nothingToReleaseWithoutALease() {
        assertFalse(new LeaderElection(OperatorSettings.LEASE_NAME, NS, "replica-a").release(client));
        assertNull(lease());
    }

    @Test
    void theConfigurationRenewsRarelyAndLeavesExitingToUs() {
        var config = new LeaderElection(OperatorSettings.LEASE_NAME, NS, "replica-a").configuration();
        assertEquals(LeaderElection.RETRY_PERIOD, config.getRetryPeriod());
        assertTrue(config.getRenewDeadline().toMillis() > 2.2 * config.getRetryPeriod().toMillis(),
                "fabric8 refuses a renew deadline of 2.2 retry periods or less");
        assertTrue(config.getLeaseDuration().compareTo(config.getRenewDeadline()) > 0);
        assertFalse(config.isExitOnStopLeading(), "JOSDK's System.exit in the callback deadlocks a shutdown hook");
        assertTrue(config.getLeaderCallbacks().isPresent());
    }

    private void holdLease(String holder, int transitions) {
        ZonedDateTime now = ZonedDateTime.now();
        client.resource(new LeaseBuilder().withNewMetadata().withName(OperatorSettings.LEASE_NAME).withNamespace(NS).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(40).withLeaseTransitions(transitions)
                .withAcquireTime(now).withRenewTime(now).endSpec().build()).create();
    }

    private Lease lease() {
        return client.resources(Lease.class).inNamespace(NS).withName(OperatorSettings.LEASE_NAME).get();
    }
}
