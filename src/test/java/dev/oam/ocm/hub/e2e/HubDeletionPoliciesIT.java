package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** KeepHubCRDs keeps the ManagedClusters; Orphan keeps the whole hub; neither leaves anything Terminating. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubDeletionPoliciesIT extends E2eSupport {
    private static final String MANAGED_CLUSTERS_CRD = "managedclusters.cluster.open-cluster-management.io";

    @BeforeAll
    static void start() {
        startCluster("deletion");
        startOperator();
    }

    @Test
    @Order(1)
    void keepHubCrdsRemovesTheHubButKeepsJoinedClusters() {
        applyHub(hubYaml("hub", NEWEST_REAL, "deletionPolicy: KeepHubCRDs")).orThrow();
        awaitReady("hub");
        joinCluster("cluster1");

        kubectl.run("delete", "ocmhub", "hub", "--timeout=" + INSTALL.toSeconds() + "s").orThrow();
        assertNull(clusterManager(), "the ClusterManager is gone, not Terminating");
        assertNull(admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get());
        await("the ClusterManager CRD to be gone", INSTALL, () -> admin.apiextensions().v1().customResourceDefinitions()
                .withName(ClusterManager.CRD_NAME).get() == null);
        assertNotNull(admin.apiextensions().v1().customResourceDefinitions().withName(MANAGED_CLUSTERS_CRD).get(),
                "KeepHubCRDs keeps the hub CRDs");
        assertNotNull(admin.genericKubernetesResources(MANAGED_CLUSTERS).withName("cluster1").get(),
                "KeepHubCRDs keeps the ManagedClusters");
        await("namespace open-cluster-management to be gone", INSTALL,
                () -> admin.namespaces().withName("open-cluster-management").get() == null);
    }

    @Test
    @Order(2)
    void orphanLeavesTheHubInstalledAndRunning() {
        applyHub(hubYaml("hub", NEWEST_REAL, "deletionPolicy: Orphan")).orThrow();
        awaitReady("hub");

        kubectl.run("delete", "ocmhub", "hub", "--timeout=60s").orThrow();
        ClusterManager cm = clusterManager();
        assertNotNull(cm);
        assertNull(cm.getMetadata().getDeletionTimestamp());
        assertNotNull(admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get());
        assertNotNull(admin.genericKubernetesResources(MANAGED_CLUSTERS).withName("cluster1").get());
    }
}
