package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hub installed by `clusteradm init` is taken over in place: nothing is recreated, Ready follows. */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubAdoptionIT extends E2eSupport {

    @BeforeAll
    static void start() {
        startCluster("adoption");
    }

    @Test
    void adoptsAHubInstalledByClusteradm() {
        // clusteradm 1.3.1 is built against OCM 1.2.1's charts here; pin the images to the same release.
        cluster.run("clusteradm", E2eBinaries.clusteradm().toString(), "init", "--bundle-version=" + NEWEST_REAL,
                "--wait", "--kubeconfig", cluster.adminKubeconfig().toString()).orThrow();
        await("clusteradm's hub to report RegistrationFunctional", INSTALL, () -> clusterManager().getStatus() != null
                && clusterManager().getStatus().getConditions().stream().anyMatch(c -> "HubRegistrationDegraded".equals(c.getType())
                && "False".equals(c.getStatus())));
        String cmUid = clusterManager().getMetadata().getUid();
        String operatorUid = deployment("open-cluster-management", "cluster-manager").getMetadata().getUid();
        String registrationUid = deployment("open-cluster-management-hub", "cluster-manager-registration-controller")
                .getMetadata().getUid();

        startOperator();
        applyHub(hubYaml("hub", NEWEST_REAL, null)).orThrow();
        awaitReady("hub");

        assertEquals(cmUid, clusterManager().getMetadata().getUid(), "the ClusterManager is adopted, not recreated");
        assertEquals("hub", clusterManager().getMetadata().getLabels().get("ocm.oam.dev/hub"));
        assertEquals(operatorUid, deployment("open-cluster-management", "cluster-manager").getMetadata().getUid(),
                "the registration-operator Deployment is adopted, not recreated");
        assertEquals(registrationUid, deployment("open-cluster-management-hub", "cluster-manager-registration-controller")
                .getMetadata().getUid(), "the hub components keep running");
        assertTrue(clusterManager().getMetadata().getManagedFields().stream()
                .anyMatch(f -> "vela-ocm-hub-operator".equals(f.getManager())), "the operator now manages the ClusterManager");
    }

    private static Deployment deployment(String namespace, String name) {
        return admin.apps().deployments().inNamespace(namespace).withName(name).get();
    }
}
