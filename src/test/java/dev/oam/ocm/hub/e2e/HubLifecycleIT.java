package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed scenario on a real control plane, in order on one cluster: install, degrade and recover, drift,
 * field ownership, invalid input, a second hub, and a deletion that is refused while a cluster is joined.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubLifecycleIT extends E2eSupport {
    private static final String OCM_NS = "open-cluster-management";

    @BeforeAll
    static void start() {
        startCluster("lifecycle");
        startOperator();
    }

    @Test
    @Order(1)
    void installsTheHubAndReportsReadyFromTheClusterManagerConditions() {
        applyHub(hubYaml("hub", NEWEST_REAL, null)).orThrow();
        awaitReady("hub");

        ClusterManager cm = clusterManager();
        assertConditionMirrored(cm, "Applied", "True", "ClusterManagerApplied");
        assertConditionMirrored(cm, "HubRegistrationDegraded", "False", "RegistrationFunctional");
        assertConditionMirrored(cm, "HubPlacementDegraded", "False", "PlacementFunctional");
        VelaOcmHub hub = hub("hub");
        assertEquals(NEWEST_REAL, hub.getStatus().getInstalledVersion());
        assertEquals("Ready", hub.getStatus().getPhase());
        assertEquals(hub.getMetadata().getGeneration(), hub.getStatus().getObservedGeneration());
        for (String crd : List.of("managedclusters.cluster.open-cluster-management.io",
                "manifestworks.work.open-cluster-management.io", "placements.cluster.open-cluster-management.io")) {
            assertNotNull(admin.apiextensions().v1().customResourceDefinitions().withName(crd).get(),
                    "the registration-operator installs the hub CRD " + crd);
        }
        CommandResult get = kubectl.run("get", "ocmhub").orThrow();
        assertTrue(get.stdout().contains("Ready") && get.stdout().contains(NEWEST_REAL), get.stdout());
        String header = get.stdout().lines().findFirst().orElse("");
        assertTrue(header.contains("AGE") && header.contains("REASON"), "kubectl get ocmhub shows AGE and REASON: " + header);
        assertTrue(get.stdout().contains("HubReady"), get.stdout());
        assertEquals("", warningReasons(), "a healthy install records no Warning event");
    }

    @Test
    @Order(2)
    void mirrorsADegradedHubComponentAndRecovers() {
        cluster.failPods("open-cluster-management-hub", "app=clustermanager-registration-controller", true);
        Condition degraded = await("HubRegistrationDegraded=True mirrored", INSTALL, () -> condition("hub", "HubRegistrationDegraded")
                .filter(c -> "True".equals(c.getStatus())).orElse(null));
        assertEquals("UnavailableRegistrationPod", degraded.getReason());
        Condition ready = condition("hub", "Ready").orElseThrow();
        assertEquals("False", ready.getStatus());
        assertEquals("HubDegraded", ready.getReason());

        cluster.failPods("open-cluster-management-hub", "app=clustermanager-registration-controller", false);
        awaitReady("hub");
        sleep(2000); // a late duplicate would come from a reconcile that read its own stale status
        assertEquals("HubDegraded", warningReasons(), "one Warning for one drop from Ready, none repeated");
    }

    @Test
    @Order(4)
    void turningJoinAccessOffRemovesTheJoinIdentitiesAndOnPutsThemBack() {
        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"joinAccess\":{\"enabled\":false}}}").orThrow();
        await("the join identities to be removed", Duration.ofSeconds(30), () -> admin.serviceAccounts().inNamespace(OCM_NS)
                .withName("agent-registration-bootstrap").get() == null
                && admin.rbac().clusterRoleBindings().withName("cluster-bootstrap-sa").get() == null);
        await("no join command in the status without join access", Duration.ofSeconds(30),
                () -> hub("hub").getStatus().getJoinCommand() == null);

        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"joinAccess\":{\"enabled\":true}}}").orThrow();
        await("the join identities to be back", Duration.ofSeconds(30), () -> admin.serviceAccounts().inNamespace(OCM_NS)
                .withName("agent-registration-bootstrap").get() != null
                && admin.rbac().clusterRoleBindings().withName("cluster-bootstrap-sa").get() != null);
        awaitReady("hub");
    }

    @Test
    @Order(3)
    void putsBackADeletedOperatorDeploymentAndAnEditedClusterManager() {
        String oldUid = operatorDeployment().getMetadata().getUid();
        kubectl.run("-n", OCM_NS, "delete", "deployment", "cluster-manager", "--wait=false").orThrow();
        await("the registration-operator Deployment to come back", Duration.ofSeconds(30), () -> {
            Deployment d = operatorDeployment();
            return d != null && !d.getMetadata().getUid().equals(oldUid) ? d : null;
        });

        kubectl.run("patch", "clustermanager", "cluster-manager", "--type=merge",
                "-p", "{\"spec\":{\"placementImagePullSpec\":\"quay.io/open-cluster-management/placement:v0.0.1\"}}").orThrow();
        await("the placement image to be restored", Duration.ofSeconds(30), () -> clusterManager().getSpec()
                .getPlacementImagePullSpec().equals("quay.io/open-cluster-management/placement:v" + NEWEST_REAL));
        assertTrue(kubectl.run("get", "events", "-n", "default", "--field-selector", "reason=DriftRepaired").orThrow()
                .stdout().contains("Deployment"), "a DriftRepaired event names the Deployment");
        awaitReady("hub");
    }

    @Test
    @Order(4)
    void leavesFieldsOfOtherManagersAlone() {
        // Another tool (a GitOps controller, say) owns an annotation and a label on the ClusterManager.
        kubectl.runWithStdin("""
                apiVersion: operator.open-cluster-management.io/v1
                kind: ClusterManager
                metadata:
                  name: cluster-manager
                  annotations:
                    example.com/owner: platform-team
                  labels:
                    example.com/tier: gold
                """, "apply", "--server-side", "--field-manager=someone-else", "-f", "-").orThrow();
        // Touch a field we own so the operator re-applies the ClusterManager.
        kubectl.run("patch", "clustermanager", "cluster-manager", "--type=merge",
                "-p", "{\"spec\":{\"workImagePullSpec\":\"quay.io/open-cluster-management/work:v0.0.1\"}}").orThrow();
        ClusterManager cm = await("the work image to be restored", Duration.ofSeconds(30), () -> {
            ClusterManager c = clusterManager();
            return c.getSpec().getWorkImagePullSpec().endsWith(":v" + NEWEST_REAL) ? c : null;
        });
        assertEquals("platform-team", cm.getMetadata().getAnnotations().get("example.com/owner"));
        assertEquals("gold", cm.getMetadata().getLabels().get("example.com/tier"));
        assertTrue(cm.getMetadata().getManagedFields().stream().anyMatch(f -> "someone-else".equals(f.getManager())),
                "the other manager still owns its fields");
    }

    @Test
    @Order(5)
    void schemaRejectsNonsenseWithReadableMessages() {
        assertRejected(hubYaml("bad", "latest", null), "spec.version");
        assertRejected(hubYaml("bad", NEWEST_REAL, "images:\n  placement: quay.io/open-cluster-management/placement"),
                "spec.images.placement");
        assertRejected(hubYaml("bad", NEWEST_REAL, "images:\n  placement: quay.io/open-cluster-management/placement:latest"),
                "not :latest");
        assertRejected(hubYaml("bad", NEWEST_REAL, "deletionPolicy: Sometimes"), "spec.deletionPolicy");
        assertRejected(hubYaml("bad", NEWEST_REAL, "operator:\n  replicas: 9"), "spec.operator.replicas");
        assertRejected(hubYaml("bad", NEWEST_REAL, "deletionPolicy: Orphan\ndeleteWithJoinedClusters: true"),
                "deleteWithJoinedClusters only applies");
        assertRejected(hubYaml("bad", NEWEST_REAL, "clusterManager:\n  work:\n    featureGates:\n"
                + "    - feature: ManifestWorkReplicaSet\n    - feature: ManifestWorkReplicaSet\n      mode: Disable"),
                "a feature gate may appear only once");
        assertNull(hub("bad"), "nothing rejected may be stored");
    }

    @Test
    @Order(6)
    void anUninstallableSpecShowsAConditionAndChangesNothing() {
        String image = operatorDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"version\":\"9.9.9\"}}").orThrow();
        Condition ready = await("Ready=False InvalidSpec", Duration.ofSeconds(30), () -> condition("hub", "Ready")
                .filter(c -> "InvalidSpec".equals(c.getReason())).orElse(null));
        assertTrue(ready.getMessage().contains("9.9.9") && ready.getMessage().contains("1.3.1"), ready.getMessage());
        assertEquals(image, operatorDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                "nothing is applied from an invalid spec");

        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"version\":\"" + NEWEST_REAL + "\"}}").orThrow();
        awaitReady("hub");
    }

    @Test
    @Order(7)
    void aSecondHubReportsConflictAndChangesNothing() {
        applyHub(hubYaml("second", "1.2.0", null)).orThrow();
        Condition ready = await("Conflict on the second hub", Duration.ofSeconds(30), () -> condition("second", "Ready")
                .filter(c -> "Conflict".equals(c.getReason())).orElse(null));
        assertTrue(ready.getMessage().contains("hub"), ready.getMessage());
        assertTrue(clusterManager().getSpec().getRegistrationImagePullSpec().endsWith(":v" + NEWEST_REAL));
        kubectl.run("delete", "ocmhub", "second", "--timeout=60s").orThrow();
        assertNotNull(clusterManager(), "deleting the losing hub leaves the hub alone");
        awaitReady("hub");
    }

    @Test
    @Order(8)
    void deletionWaitsForJoinedClustersThenRemovesEverythingInOrder() {
        joinCluster("cluster1");
        kubectl.run("delete", "ocmhub", "hub", "--wait=false").orThrow();
        Condition blocked = await("DeletionBlocked", Duration.ofSeconds(30), () -> condition("hub", "DeletionBlocked").orElse(null));
        assertEquals("ManagedClustersJoined", blocked.getReason());
        assertTrue(blocked.getMessage().contains("cluster1"), blocked.getMessage());
        assertNull(clusterManager().getMetadata().getDeletionTimestamp(), "nothing is deleted while a cluster is joined");

        admin.genericKubernetesResources(MANAGED_CLUSTERS).withName("cluster1").delete();
        await("the VelaOcmHub to be gone", INSTALL, () -> hub("hub") == null);
        assertNull(clusterManager(), "the ClusterManager is gone, not Terminating");
        // CRD deletion finishes asynchronously (the API server first removes every stored object).
        await("the ClusterManager CRD to be gone", INSTALL, () -> admin.apiextensions().v1().customResourceDefinitions()
                .withName(ClusterManager.CRD_NAME).get() == null);
        await("policy Delete to remove the hub CRDs", INSTALL, () -> admin.apiextensions().v1().customResourceDefinitions()
                .withName("managedclusters.cluster.open-cluster-management.io").get() == null);
        assertNull(operatorDeployment());
        assertNull(admin.rbac().clusterRoles().withName("cluster-manager").get());
        await("namespace open-cluster-management to be gone", INSTALL, () -> admin.namespaces().withName(OCM_NS).get() == null);
        await("namespace open-cluster-management-hub to be gone", INSTALL,
                () -> admin.namespaces().withName("open-cluster-management-hub").get() == null);
    }

    private static Deployment operatorDeployment() {
        return admin.apps().deployments().inNamespace(OCM_NS).withName("cluster-manager").get();
    }

    private static void assertConditionMirrored(ClusterManager cm, String type, String status, String reason) {
        Condition source = cm.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("the ClusterManager has no " + type + " condition"));
        assertEquals(status, source.getStatus(), "ClusterManager " + type);
        assertEquals(reason, source.getReason(), "ClusterManager " + type);
        Condition mirrored = condition("hub", type).orElseThrow(() -> new AssertionError(type + " is not mirrored"));
        assertEquals(source.getStatus(), mirrored.getStatus());
        assertEquals(source.getReason(), mirrored.getReason());
        assertEquals(source.getMessage(), mirrored.getMessage());
        assertEquals(source.getLastTransitionTime(), mirrored.getLastTransitionTime());
    }

    /**
     * The reasons of the Warning events recorded about hubs so far, space-separated, oldest first. Only events about
     * VelaOcmHub objects count: the kube-apiserver's own repair loop may warn about the default/kubernetes Service
     * (ClusterIPNotAllocated) while it starts, which says nothing about this operator.
     */
    private static String warningReasons() {
        return kubectl.run("get", "events", "-n", "default", "--field-selector", "type=Warning,involvedObject.kind=VelaOcmHub",
                "--sort-by=.metadata.creationTimestamp", "-o", "jsonpath={.items[*].reason}").orThrow().stdout().strip();
    }

    private static void assertRejected(String yaml, String expectedInMessage) {
        CommandResult result = applyHub(yaml);
        assertFalse(result.succeeded(), "expected the API server to reject:\n" + yaml);
        assertTrue(result.stderr().contains(expectedInMessage),
                "expected a message naming " + expectedInMessage + ", got: " + result.stderr());
    }
}
