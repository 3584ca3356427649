package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.Clusteradm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's lifecycle with a real cluster joined: an upgrade 1.2.0 -> 1.2.1 by editing spec.version keeps cluster1
 * available and work still flows after it; with deletionPolicy KeepHubCRDs the hub is deleted and created again and
 * cluster1 comes back without joining again; deleting the hub (policy Delete) is refused because of cluster1, and
 * completes once the cluster is detached (clusteradm unjoin on cluster1, its ManagedCluster deleted on the hub).
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
        readyHubWithCluster1(OLDER);
    }

    @Test
    @Order(2)
    void anUpgradeKeepsCluster1AvailableAndWorkStillFlows() throws InterruptedException {
        // Sample cluster1's Available condition while the hub upgrades; report the longest stretch it was not True.
        AtomicLong notAvailableSince = new AtomicLong();
        AtomicLong longestGapMillis = new AtomicLong();
        // And the agent's lease on the hub: the longest time between two renewals it made (the hub marks a cluster
        // Unknown when its lease is not renewed within a grace period of several lease durations).
        LeaseRenewals lease = new LeaseRenewals();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            lease.sample();
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
            // The agent renews every leaseDurationSeconds (60 s): keep sampling until one renewal after the upgrade
            // has been seen, so the gap below spans the whole upgrade.
            await("a renewal of cluster1's lease after the upgrade", Duration.ofMinutes(3), () -> lease.renewals() > 0);
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        System.out.printf("e2e timing: longest stretch cluster1 was not Available during the upgrade: %.1f s%n",
                longestGapMillis.get() / 1000.0);
        System.out.printf("e2e timing: longest time between two renewals of cluster1's lease during the upgrade: %.1f s"
                + " (%d renewals seen; leaseDurationSeconds %s)%n", lease.longestGap().toMillis() / 1000.0,
                lease.renewals(), admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get()
                        .getAdditionalProperties().get("spec") instanceof java.util.Map<?, ?> spec
                        ? spec.get("leaseDurationSeconds") : "?");
        // A missed renewal would show as a gap of two lease durations or more; the hub declares a cluster Unknown
        // only after several, so this is stricter than AVAILABLE staying True.
        assertTrue(lease.longestGap().compareTo(Duration.ofSeconds(2 * 60)) < 0,
                "cluster1's agent missed a lease renewal during the upgrade: " + lease.longestGap());

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
    void withKeepHubCrdsTheHubIsRecreatedAndCluster1ComesBackWithoutJoiningAgain() {
        String uid = admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get().getMetadata().getUid();
        int csrs = cluster1Csrs();
        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"deletionPolicy\":\"KeepHubCRDs\"}}")
                .orThrow();
        // Not refused: this policy keeps the ManagedClusters, so cluster1 is not lost.
        kubectl.run("delete", "ocmhub", "hub", "--timeout=" + INSTALL.toSeconds() + "s").orThrow();
        assertNull(clusterManager(), "the hub is removed");
        await("the hub's components to be gone", INSTALL, () -> admin.apps().deployments()
                .inNamespace("open-cluster-management-hub").list().getItems().isEmpty());
        assertEquals(uid, admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get().getMetadata().getUid(),
                "KeepHubCRDs keeps the ManagedCluster");

        long recreated = System.nanoTime();
        applyHub(hubYaml("hub", NEWEST_REAL, "joinAccess:\n  hubApiServer: " + cluster.apiServerUrl())).orThrow();
        awaitReady("hub");
        awaitCluster1AcceptedJoinedAvailable();
        System.out.printf("e2e timing: hub re-created with KeepHubCRDs, Ready and cluster1 Available after %.1f s%n",
                (System.nanoTime() - recreated) / 1e9);
        assertEquals(uid, admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get().getMetadata().getUid(),
                "the same ManagedCluster");
        assertEquals(csrs, cluster1Csrs(), "cluster1 did not join again: no new CSR");
        // Its agent still holds the hub's trust: its lease is renewed on the new hub, and work flows again.
        sendConfigMapToCluster1("after-recreate", "after-recreate", "hub", "recreated");
        assertEquals("recreated", await("the ConfigMap of a ManifestWork sent to the re-created hub on cluster1", JOIN,
                () -> {
                    var cm = cluster1.adminClient().configMaps().inNamespace("default").withName("after-recreate").get();
                    return cm == null ? null : cm.getData().get("hub");
                }));
    }

    /** Renewals of cluster1's Lease on the hub (namespace cluster1, written by its registration agent). */
    private static final class LeaseRenewals {
        private Instant last;
        private Duration longest = Duration.ZERO;
        private int renewals;

        synchronized void sample() {
            Lease lease;
            try {
                lease = admin.resources(Lease.class).inNamespace(CLUSTER).withName("managed-cluster-lease").get();
            } catch (RuntimeException e) {
                return; // the hub's API unreachable for a moment: the next sample sees the renewal
            }
            if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
                return;
            }
            Instant renewed = lease.getSpec().getRenewTime().toInstant();
            if (last != null && renewed.isAfter(last)) {
                longest = longest.compareTo(Duration.between(last, renewed)) >= 0 ? longest : Duration.between(last, renewed);
                renewals++;
            }
            if (last == null || renewed.isAfter(last)) {
                last = renewed;
            }
        }

        /** The longest interval between renewals, counting the time since the last one up to now. */
        synchronized Duration longestGap() {
            Duration open = last == null ? Duration.ZERO : Duration.between(last, Instant.now());
            return longest.compareTo(open) >= 0 ? longest : open;
        }

        synchronized int renewals() {
            return renewals;
        }
    }

    private static int cluster1Csrs() {
        return admin.certificates().v1().certificateSigningRequests()
                .withLabel("open-cluster-management.io/cluster-name", CLUSTER).list().getItems().size();
    }

    @Test
    @Order(4)
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
