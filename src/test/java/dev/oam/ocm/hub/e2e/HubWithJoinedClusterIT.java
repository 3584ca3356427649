package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.Clusteradm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's lifecycle with a real cluster joined: an upgrade 1.2.0 -> 1.2.1 by editing spec.version keeps cluster1
 * available and work still flows after it; deleting the hub is refused because of cluster1, and completes once the
 * cluster is detached (clusteradm unjoin on cluster1, its ManagedCluster deleted on the hub).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubWithJoinedClusterIT extends E2eSupport {
    private static final String OLDER = "1.2.0";

    @BeforeAll
    static void start() {
        startHubAndManagedCluster("joined-lifecycle");
        startOperator();
    }

    @Test
    @Order(1)
    void cluster1JoinsAHubOfTheOlderRelease() {
        applyHub(hubYaml("hub", OLDER, "joinAccess:\n  hubApiServer: " + cluster.apiServerUrl())).orThrow();
        awaitReady("hub");
        joinCluster1("hub");
        await("cluster1's join request on the hub", JOIN, () -> admin.genericKubernetesResources(MANAGED_CLUSTERS)
                .withName(CLUSTER).get() != null && !admin.certificates().v1().certificateSigningRequests()
                .withLabel("open-cluster-management.io/cluster-name", CLUSTER).list().getItems().isEmpty());
        new Clusteradm(cluster.adminKubeconfig(), cluster.logDir())
                .run(Duration.ofMinutes(2), "accept", "--clusters", CLUSTER).orThrow();
        awaitCluster1AcceptedJoinedAvailable();
    }

    @Test
    @Order(2)
    void anUpgradeKeepsCluster1AvailableAndWorkStillFlows() throws InterruptedException {
        // Sample cluster1's Available condition while the hub upgrades; report the longest stretch it was not True.
        AtomicLong notAvailableSince = new AtomicLong();
        AtomicLong longestGapMillis = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            boolean available;
            try {
                available = conditionTrue(admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get(),
                        "ManagedClusterConditionAvailable");
            } catch (RuntimeException e) {
                available = false; // the hub's API unreachable for a moment counts as a gap
            }
            if (available) {
                notAvailableSince.set(0);
            } else {
                notAvailableSince.compareAndSet(0, now);
                longestGapMillis.accumulateAndGet(now - notAvailableSince.get(), Math::max);
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        try {
            kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p",
                    "{\"spec\":{\"version\":\"" + NEWEST_REAL + "\"}}").orThrow();
            await("installedVersion " + NEWEST_REAL, INSTALL,
                    () -> NEWEST_REAL.equals(hub("hub").getStatus().getInstalledVersion()));
            awaitReady("hub");
            await("the hub components on " + NEWEST_REAL, INSTALL, () -> admin.apps().deployments()
                    .inNamespace("open-cluster-management-hub").withName("cluster-manager-registration-controller").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":v" + NEWEST_REAL));
            awaitCluster1AcceptedJoinedAvailable();
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        System.out.printf("e2e timing: longest stretch cluster1 was not Available during the upgrade: %.1f s%n",
                longestGapMillis.get() / 1000.0);

        sendConfigMapToCluster1("after-upgrade", "after-upgrade", "release", NEWEST_REAL);
        String delivered = await("the ConfigMap of a ManifestWork sent after the upgrade on cluster1", JOIN,
                () -> {
                    var cm = cluster1.adminClient().configMaps().inNamespace("default").withName("after-upgrade").get();
                    return cm == null ? null : cm.getData().get("release");
                });
        assertEquals(NEWEST_REAL, delivered);
    }

    @Test
    @Order(3)
    void deletionIsRefusedWhileCluster1IsJoinedAndCompletesAfterItIsDetached() {
        kubectl.run("delete", "ocmhub", "hub", "--wait=false").orThrow();
        String why = await("deletion refused because of cluster1", INSTALL, () -> condition("hub", "DeletionBlocked")
                .filter(c -> "True".equals(c.getStatus())).map(c -> c.getMessage()).orElse(null));
        assertTrue(why.contains(CLUSTER), why);
        assertEquals("Blocked", hub("hub").getStatus().getPhase());
        assertNull(clusterManager().getMetadata().getDeletionTimestamp(), "nothing is deleted while cluster1 is joined");

        // Detach cluster1 as OCM documents it: unjoin on the managed cluster, then remove it from the hub.
        new Clusteradm(cluster1.adminKubeconfig(), cluster1.logDir())
                .run(Duration.ofMinutes(3), "unjoin", "--cluster-name", CLUSTER).orThrow();
        kubectl.run("delete", "managedcluster", CLUSTER, "--timeout=" + INSTALL.toSeconds() + "s").orThrow();

        await("the hub to be removed", INSTALL, () -> hub("hub") == null);
        assertNull(clusterManager(), "the ClusterManager is gone, not Terminating");
        GenericKubernetesResource left = null;
        try {
            left = admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get();
        } catch (RuntimeException e) {
            // the ManagedCluster CRD is gone with the hub: nothing left
        }
        assertNull(left, "no ManagedCluster left behind");
    }
}
