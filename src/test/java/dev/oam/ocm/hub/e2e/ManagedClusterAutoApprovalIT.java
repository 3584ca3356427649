package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.OcmManifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The join without a hub admin: the VelaOcmHub lists the identity clusteradm join's bootstrap kubeconfig carries
 * (the token of ServiceAccount open-cluster-management/agent-registration-bootstrap) in
 * {@code spec.clusterManager.registration.autoApproveUsers} and enables the ManagedClusterAutoApproval gate, so
 * the registration controller approves cluster1's CSR and accepts its ManagedCluster by itself. A class of its own
 * (a fresh hub and cluster1) rather than a rejoin in {@link ManagedClusterJoinIT}: an unjoined cluster's
 * ManagedCluster keeps {@code hubAcceptsClient: true} on the hub, so a rejoin would prove nothing.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class ManagedClusterAutoApprovalIT extends E2eSupport {
    static final String BOOTSTRAP_USER = OcmManifests.BOOTSTRAP_USER;

    @BeforeAll
    static void start() {
        startHubAndManagedCluster("auto-approval");
        startOperator();
    }

    @Test
    void cluster1JoinsWithoutClusteradmAccept() throws Exception {
        applyHub(hubYaml("hub", NEWEST_REAL, "joinAccess:\n  hubApiServer: " + cluster.apiServerUrl() + "\n"
                + OcmManifests.autoApprovingClusterManager())).orThrow();
        awaitReady("hub");

        long joinStarted = System.nanoTime();
        joinCluster1("hub");
        awaitCluster1AcceptedJoinedAvailable();
        System.out.printf("e2e timing: clusteradm join to cluster1 AVAILABLE (auto-approved) in %.1f s%n",
                (System.nanoTime() - joinStarted) / 1e9);
        assertManagedClustersRow();

        // Nobody ran clusteradm accept (the log lists every clusteradm command): the CSR was approved by the
        // registration controller, for the bootstrap identity.
        Path clusteradmLog = cluster.logDir().resolve("clusteradm.log");
        assertFalse(Files.exists(clusteradmLog) && Files.readString(clusteradmLog).contains("accept"),
                "no clusteradm accept on the hub");
        List<GenericKubernetesResource> csrs = admin.genericKubernetesResources("certificates.k8s.io/v1",
                "CertificateSigningRequest").withLabel("open-cluster-management.io/cluster-name", CLUSTER).list().getItems();
        assertFalse(csrs.isEmpty(), "cluster1's registration agent asked for a certificate");
        String approvals = kubectl.run("get", "csr", "-l", "open-cluster-management.io/cluster-name=" + CLUSTER, "-o",
                "jsonpath={range .items[*]}{.spec.username} {.status.conditions[?(@.type==\"Approved\")].reason}{\"\\n\"}{end}")
                .orThrow().stdout();
        assertTrue(approvals.lines().anyMatch(l -> l.startsWith(BOOTSTRAP_USER + " ")),
                "expected a CSR from " + BOOTSTRAP_USER + ", got:\n" + approvals);
    }
}
