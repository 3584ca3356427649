package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's path after the install, on two control planes: a hub this operator installed and an empty
 * cluster1. cluster1 joins with the command the VelaOcmHub status shows (a token minted by kubectl, as README
 * says) and {@code clusteradm join --bundle-version}, the hub accepts it with {@code clusteradm accept}, and work
 * then flows: a ManifestWork creates a ConfigMap on cluster1, a Placement selects cluster1. Every OCM pod on both
 * sides runs as its real binary (the harness never reports an OCM pod Ready without a process).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class ManagedClusterJoinIT extends E2eSupport {
    private static final ResourceDefinitionContext MANIFEST_WORKS = new ResourceDefinitionContext.Builder()
            .withGroup("work.open-cluster-management.io").withVersion("v1").withKind("ManifestWork")
            .withPlural("manifestworks").withNamespaced(true).build();
    private static final ResourceDefinitionContext PLACEMENT_DECISIONS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.open-cluster-management.io").withVersion("v1beta1").withKind("PlacementDecision")
            .withPlural("placementdecisions").withNamespaced(true).build();

    private static Kubectl cluster1Kubectl;

    @BeforeAll
    static void start() {
        startHubAndManagedCluster("join");
        cluster1Kubectl = cluster1.kubectl();
        startOperator();
    }

    @Test
    @Order(1)
    void installsAHubWhoseComponentsAllRun() {
        // The ManifestWorkReplicaSet gate makes the registration-operator deploy the work manager too.
        applyHub(hubYaml("hub", NEWEST_REAL, "joinAccess:\n  hubApiServer: " + cluster.apiServerUrl()
                + "\nclusterManager:\n  work:\n    featureGates:\n    - feature: ManifestWorkReplicaSet\n      mode: Enable"))
                .orThrow();
        awaitReady("hub");
        // Ready pods here are real processes (the harness never reports an OCM pod Ready without one): all of
        // them Ready means the registration, work and addon webhooks, the registration and placement
        // controllers, the work manager and the addon manager all run.
        kubectl.run("-n", "open-cluster-management-hub", "wait", "--for=condition=Ready", "pods", "--all",
                "--timeout=" + INSTALL.toSeconds() + "s").orThrow();
        String pods = kubectl.run("-n", "open-cluster-management-hub", "get", "pods", "-o",
                "jsonpath={range .items[*]}{.metadata.labels.app}{\"\\n\"}{end}").orThrow().stdout();
        for (String app : List.of("clustermanager-registration-controller", "cluster-manager-registration-webhook",
                "cluster-manager-work-webhook", "clustermanager-placement-controller",
                "clustermanager-addon-manager-controller", "cluster-manager-addon-webhook",
                "cluster-manager-work-controller")) {
            assertTrue(pods.lines().anyMatch(app::equals), "expected a running hub pod " + app + ", got:\n" + pods);
        }
    }

    @Test
    @Order(2)
    void cluster1JoinsWithTheJoinCommandFromStatusAndIsAccepted() {
        long joinStarted = System.nanoTime();
        joinAndAcceptCluster1("hub");
        System.out.printf("e2e timing: clusteradm join to cluster1 AVAILABLE in %.1f s%n",
                (System.nanoTime() - joinStarted) / 1e9);
        String reported = kubectl.run("get", "managedcluster", CLUSTER, "-o", "jsonpath={.status.version.kubernetes}")
                .orThrow().stdout().strip();
        assertEquals("v" + E2eBinaries.kubeVersion(), reported, "cluster1's apiserver reports its stamped version");
        assertManagedClustersRow();

        // The hub's own line counts the cluster, from a cache that keeps two conditions of each ManagedCluster.
        await("the VelaOcmHub status to count cluster1 joined and available", INSTALL, () -> {
            VelaOcmHub hub = hub("hub");
            return hub.getStatus().getManagedClusters() != null && hub.getStatus().getManagedClusters().getJoined() == 1
                    && hub.getStatus().getManagedClusters().getAvailable() == 1 ? hub : null;
        });
        String header = kubectl.run("get", "ocmhub").orThrow().stdout().lines().findFirst().orElse("");
        assertTrue(header.contains("JOINED") && header.contains("AVAILABLE"), "kubectl get ocmhub counts clusters: " + header);
    }

    @Test
    @Order(3)
    void aManifestWorkCreatesAConfigMapOnCluster1() {
        sendConfigMapToCluster1("hello", "hello-from-the-hub", "greeting", "hello");

        ConfigMap delivered = await("the ConfigMap on cluster1", JOIN, () -> cluster1.adminClient().configMaps()
                .inNamespace("default").withName("hello-from-the-hub").get());
        assertEquals("hello", delivered.getData().get("greeting"));
        await("ManifestWork hello Applied and Available", JOIN, () -> {
            GenericKubernetesResource work = admin.genericKubernetesResources(MANIFEST_WORKS).inNamespace(CLUSTER)
                    .withName("hello").get();
            return conditionTrue(work, "Applied") && conditionTrue(work, "Available");
        });
        assertTrue(cluster1Kubectl.run("get", "configmap", "-n", "default", "hello-from-the-hub").succeeded());
    }

    @Test
    @Order(4)
    void aPlacementThroughAClusterSetBindingSelectsCluster1() {
        kubectl.runWithStdin("""
                apiVersion: cluster.open-cluster-management.io/v1beta2
                kind: ManagedClusterSetBinding
                metadata:
                  name: default
                  namespace: default
                spec:
                  clusterSet: default
                ---
                apiVersion: cluster.open-cluster-management.io/v1beta1
                kind: Placement
                metadata:
                  name: everywhere
                  namespace: default
                spec:
                  clusterSets:
                  - default
                """, "apply", "-f", "-").orThrow();

        List<?> decisions = await("a PlacementDecision of placement everywhere that lists cluster1", JOIN, () ->
                admin.genericKubernetesResources(PLACEMENT_DECISIONS).inNamespace("default")
                        .withLabel("cluster.open-cluster-management.io/placement", "everywhere").list().getItems()
                        .stream().map(d -> ((Map<?, ?>) d.getAdditionalProperties().getOrDefault("status", Map.of()))
                                .get("decisions"))
                        .filter(list -> list instanceof List<?> l && l.stream()
                                .anyMatch(e -> e instanceof Map<?, ?> m && CLUSTER.equals(m.get("clusterName"))))
                        .map(list -> (List<?>) list).findFirst().orElse(null));
        assertEquals(1, decisions.size(), "only cluster1 exists: " + decisions);
        CommandResult placement = kubectl.run("get", "placement", "-n", "default", "everywhere").orThrow();
        assertTrue(placement.stdout().contains("everywhere"), placement.stdout());
    }
}
