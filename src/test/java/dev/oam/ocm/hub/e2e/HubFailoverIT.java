package dev.oam.ocm.hub.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas, as deploy/base runs them: a rolling update or a node drain sends the leader SIGTERM. It must
 * exit promptly by itself and hand the Lease over, and the standby must take over the hub.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubFailoverIT extends E2eSupport {
    private static final String LEADER = "vela-ocm-hub-operator";
    private static final String STANDBY = "vela-ocm-hub-operator-standby";
    private static OperatorUnderTest standby;

    @BeforeAll
    static void start() {
        startCluster("failover");
        startOperator();
        await("the first replica to hold the Lease", Duration.ofSeconds(30), () -> LEADER.equals(leaseHolder()) ? true : null);
        standby = OperatorUnderTest.start(cluster, STANDBY);
    }

    /** Runs before E2eSupport's stopAll, which stops the first replica and the cluster. */
    @AfterAll
    static void stopStandby() {
        if (standby != null) {
            standby.close();
        }
    }

    @Test
    void sigtermToTheLeaderHandsTheHubToTheStandby() {
        applyHub(hubYaml("hub", NEWEST_REAL, "")).orThrow();
        awaitReady("hub");
        assertEquals(LEADER, leaseHolder());

        long t0 = System.nanoTime();
        operator.process().stop(Duration.ofSeconds(40));
        double exitSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(143, operator.process().exitCode(), "the leader exits on SIGTERM by itself (143), not by SIGKILL");
        assertTrue(exitSeconds < 15, "the leader took " + exitSeconds + " s to exit after SIGTERM");
        // Released, the Lease is the standby's within one retry period (10 s); unreleased it would take 40 s or more.
        await("the standby to take the Lease", Duration.ofSeconds(20), () -> STANDBY.equals(leaseHolder()) ? true : null);

        Deployment before = admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get();
        admin.resource(before).delete();
        Deployment after = await("the new leader to recreate the registration-operator Deployment", Duration.ofSeconds(60), () -> {
            Deployment d = admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get();
            return d != null && !d.getMetadata().getUid().equals(before.getMetadata().getUid()) ? d : null;
        });
        assertNotEquals(before.getMetadata().getUid(), after.getMetadata().getUid());
        awaitReady("hub");
    }

    private static String leaseHolder() {
        Lease lease = admin.resources(Lease.class).inNamespace(OperatorUnderTest.NAMESPACE).withName(LEADER).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
