package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's "With kubectl" path as a user types it, on an empty cluster: {@code kubectl apply -k deploy/base}, and
 * the two replicas it declares are real (the stand-in kubelet runs each pod of the operator image as the jar under
 * test, with the pod's arguments, environment and ServiceAccount, in a network namespace of its own). Then the
 * example hub (with the newest OCM release built here), a leader pod deleted as a node drain would, and both
 * removed again with kubectl.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployWithKubectlIT extends E2eSupport {
    private static final String NS = OperatorUnderTest.NAMESPACE;
    private static final String LEASE = "vela-ocm-hub-operator";

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(Path.of("target/e2e", "deploy-kubectl").toAbsolutePath());
        admin = cluster.adminClient();
        kubectl = new Kubectl(cluster.adminKubeconfig(), cluster.logDir());
    }

    @Test
    @Order(1)
    void applyKustomizeRunsTwoRealReplicasThatInstallTheExampleHub() throws IOException {
        kubectl.run("apply", "-k", "deploy/base").orThrow();
        kubectl.run("-n", NS, "rollout", "status", "deployment/vela-ocm-hub-operator", "--timeout=180s").orThrow();

        List<Pod> pods = operatorPods();
        assertEquals(2, pods.size(), "deploy/base runs two replicas");
        for (Pod pod : pods) {
            assertNotNull(pod.getStatus().getPodIP(), "each replica runs in a network namespace of its own: " + pod);
        }
        Set<String> names = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        String leader = await("one replica to hold the Lease", Duration.ofSeconds(60), () -> {
            String holder = leaseHolder();
            return names.contains(holder) ? holder : null;
        });
        assertTrue(names.contains(leader));

        // README applies the example as it ships (the newest release the operator knows); the binaries here stop
        // at NEWEST_REAL, so the same file with that version.
        String example = Files.readString(Path.of("deploy/examples/velaocmhub.yaml"));
        String here = example.replaceFirst("version: \"[^\"]+\"", "version: \"" + NEWEST_REAL + "\"");
        assertNotEquals(example, here, "deploy/examples/velaocmhub.yaml names a version");
        applyHub(here).orThrow();
        awaitReady("hub");
        String table = kubectl.run("get", "ocmhub").orThrow().stdout();
        assertTrue(table.lines().anyMatch(l -> l.startsWith("hub ") && l.contains("HubReady") && l.endsWith("Ready")),
                table);
    }

    @Test
    @Order(2)
    void theStandbyTakesOverWhenTheLeaderPodIsDeleted() {
        String leader = leaseHolder();
        Deployment before = admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager")
                .get();
        kubectl.run("-n", NS, "delete", "pod", leader, "--wait=true", "--timeout=60s").orThrow();
        String next = await("another replica to take the Lease", Duration.ofSeconds(60), () -> {
            String holder = leaseHolder();
            return holder != null && !holder.isEmpty() && !holder.equals(leader) ? holder : null;
        });
        assertNotEquals(leader, next);

        // The new leader does the work: drift is repaired and the hub stays Ready.
        admin.resource(before).delete();
        await("the new leader to recreate the registration-operator Deployment", Duration.ofSeconds(60), () -> {
            Deployment d = admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager")
                    .get();
            return d != null && !d.getMetadata().getUid().equals(before.getMetadata().getUid()) ? d : null;
        });
        awaitReady("hub");
        kubectl.run("-n", NS, "rollout", "status", "deployment/vela-ocm-hub-operator", "--timeout=180s").orThrow();
    }

    @Test
    @Order(3)
    void kubectlDeletesTheHubThenTheOperator() {
        kubectl.run("delete", "ocmhub", "hub", "--timeout=180s").orThrow();
        await("the hub's namespace to be gone", Duration.ofSeconds(120),
                () -> admin.namespaces().withName("open-cluster-management-hub").get() == null);
        kubectl.run("delete", "-k", "deploy/base", "--timeout=180s").orThrow();
        await("the operator's namespace to be gone", Duration.ofSeconds(120),
                () -> admin.namespaces().withName(NS).get() == null);
        assertTrue(admin.apiextensions().v1().customResourceDefinitions().withName("velaocmhubs.ocm.oam.dev").get() == null);
    }

    private static List<Pod> operatorPods() {
        return admin.pods().inNamespace(NS).withLabel("app", "vela-ocm-hub-operator").list().getItems();
    }

    private static String leaseHolder() {
        Lease lease = admin.resources(Lease.class).inNamespace(NS).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
