package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.AddonStatus;
import dev.oam.ocm.hub.api.AddonsStatus;
import dev.oam.ocm.hub.e2e.harness.Clusteradm;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OCM addons for real: with cluster1 joined, enabling managed-serviceaccount and cluster-proxy on the VelaOcmHub
 * makes the operator install their hub side; their managers (and the proxy-server cluster-proxy's manager creates)
 * run as the real binaries of those releases, deploy their agents to cluster1 through ManifestWorks, the work agent
 * applies them, and the agents run as real binaries on cluster1 too (see the harness's AddonPod). Both addons become
 * AVAILABLE in {@code kubectl get managedclusteraddon}, a ManagedServiceAccount yields a token that cluster1's
 * apiserver accepts, the hub's status counts them, and disabling removes them from the hub and from cluster1.
 * Only with {@code -Pe2e,addons} (the binaries take minutes to build cold).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class OcmAddonsIT extends E2eSupport {
    private static final ResourceDefinitionContext MANAGED_CLUSTER_ADDONS = new ResourceDefinitionContext.Builder()
            .withGroup("addon.open-cluster-management.io").withVersion("v1alpha1").withPlural("managedclusteraddons")
            .withKind("ManagedClusterAddOn").withNamespaced(true).build();
    private static final ResourceDefinitionContext CLUSTER_MANAGEMENT_ADDONS = new ResourceDefinitionContext.Builder()
            .withGroup("addon.open-cluster-management.io").withVersion("v1alpha1").withPlural("clustermanagementaddons")
            .withKind("ClusterManagementAddOn").withNamespaced(false).build();
    private static final ResourceDefinitionContext MANAGED_SERVICE_ACCOUNTS = new ResourceDefinitionContext.Builder()
            .withGroup("authentication.open-cluster-management.io").withVersion("v1beta1")
            .withPlural("managedserviceaccounts").withKind("ManagedServiceAccount").withNamespaced(true).build();
    private static final List<String> ADDONS = List.of("managed-serviceaccount", "cluster-proxy");
    private static final String HUB_ADDON_NAMESPACE = "open-cluster-management-addon";
    private static final Duration ADDONS_UP = Duration.ofMinutes(6);

    @BeforeAll
    static void start() {
        // Built before any clock starts: a cold build takes minutes and is not what the scenarios measure.
        E2eBinaries.addon("managed-serviceaccount", "msa");
        for (String binary : List.of("addon-manager", "addon-agent", "cluster-proxy", "proxy-server", "proxy-agent")) {
            E2eBinaries.addon("cluster-proxy", binary);
        }
        startHubAndManagedCluster("addons");
        startOperator();
        readyHubWithCluster1(NEWEST_REAL);
    }

    @Test
    @Order(1)
    void enablingBothAddonsMakesThemAvailableOnCluster1() {
        long enabled = System.nanoTime();
        enableAddons(true);
        String table = await("both addons AVAILABLE True in `kubectl get managedclusteraddon -n cluster1`", ADDONS_UP,
                () -> {
                    String out = kubectl.run("get", "managedclusteraddon", "-n", CLUSTER).stdout();
                    return ADDONS.stream().allMatch(a -> availableRow(out, a)) ? out : null;
                });
        System.out.printf("e2e timing: addons enabled -> managed-serviceaccount and cluster-proxy AVAILABLE on cluster1"
                + " after %.1f s%n", (System.nanoTime() - enabled) / 1e9);
        System.out.println("e2e: kubectl get managedclusteraddon -n cluster1\n" + table);
        // The agents are real processes on cluster1, deployed by the managers' ManifestWorks.
        List<String> agents = cluster1.adminClient().apps().deployments().inAnyNamespace().list().getItems().stream()
                .filter(d -> Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()))
                .map(d -> d.getMetadata().getName()).toList();
        assertTrue(agents.containsAll(List.of("managed-serviceaccount-addon-agent", "cluster-proxy-proxy-agent")),
                "expected both agents' Deployments ready on cluster1, ready ones: " + agents);
        // cluster-proxy's tunnel: its agent port-forwards through the hub's apiserver to the proxy-server pod.
        String connected = await("cluster1's proxy-agent to log its stream to the hub's proxy-server accepted", ADDONS_UP,
                E2eSupport::proxyAgentConnected);
        System.out.printf("e2e timing: addons enabled -> proxy-agent connected to the proxy-server after %.1f s: %s%n",
                (System.nanoTime() - enabled) / 1e9, connected);
    }

    @Test
    @Order(2)
    void aManagedServiceAccountYieldsATokenThatCluster1Accepts() {
        kubectl.runWithStdin("""
                apiVersion: authentication.open-cluster-management.io/v1beta1
                kind: ManagedServiceAccount
                metadata:
                  name: e2e-reader
                  namespace: %s
                spec:
                  rotation:
                    enabled: true
                    validity: 720h
                """.formatted(CLUSTER), "apply", "-f", "-").orThrow();
        long created = System.nanoTime();
        // The agent creates the ServiceAccount on cluster1, requests its token there and writes it back to the hub.
        Secret secret = await("Secret cluster1/e2e-reader with a token on the hub", JOIN, () -> {
            Secret s = admin.secrets().inNamespace(CLUSTER).withName("e2e-reader").get();
            return s != null && s.getData() != null && s.getData().get("token") != null ? s : null;
        });
        System.out.printf("e2e timing: ManagedServiceAccount -> token Secret on the hub after %.1f s%n",
                (System.nanoTime() - created) / 1e9);
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        TokenReview review = cluster1.adminClient().resource(new TokenReviewBuilder().withNewSpec().withToken(token)
                .endSpec().build()).create();
        assertTrue(Boolean.TRUE.equals(review.getStatus().getAuthenticated()),
                "expected cluster1's apiserver to accept the token, got " + review.getStatus());
        String user = review.getStatus().getUser().getUsername();
        assertTrue(user.matches("system:serviceaccount:open-cluster-management-[a-z-]+:e2e-reader"),
                "expected the token of ServiceAccount e2e-reader in the agent's namespace on cluster1, got " + user);
        GenericKubernetesResource msa = admin.genericKubernetesResources(MANAGED_SERVICE_ACCOUNTS).inNamespace(CLUSTER)
                .withName("e2e-reader").get();
        assertTrue(conditionTrue(msa, "TokenReported"), "expected TokenReported True on " + msa);
    }

    @Test
    @Order(3)
    void theHubStatusCountsBothAddonsOnCluster1() {
        AddonsStatus addons = await("status.addons counting cluster1 available for both", INSTALL, () -> {
            AddonsStatus s = hub("hub").getStatus().getAddons();
            return s != null && available(s.getManagedServiceAccount()) && available(s.getClusterProxy()) ? s : null;
        });
        assertEquals(new AddonStatus("0.10.0", 1, 1), addons.getManagedServiceAccount());
        assertEquals(new AddonStatus("0.10.0", 1, 1), addons.getClusterProxy());
        assertTrue(condition("hub", "AddonManagedServiceAccountAvailable").map(c -> "True".equals(c.getStatus()))
                .orElse(false), "expected AddonManagedServiceAccountAvailable True");
        assertTrue(condition("hub", "AddonClusterProxyAvailable").map(c -> "True".equals(c.getStatus())).orElse(false),
                "expected AddonClusterProxyAvailable True");
    }

    @Test
    @Order(4)
    void disablingRemovesTheAddonsFromTheHubAndFromCluster1() {
        long disabled = System.nanoTime();
        enableAddons(false);
        await("the addons' objects gone from the hub and their agents from cluster1", INSTALL, () ->
                admin.genericKubernetesResources(CLUSTER_MANAGEMENT_ADDONS).list().getItems().stream()
                        .noneMatch(a -> ADDONS.contains(a.getMetadata().getName()))
                && admin.genericKubernetesResources(MANAGED_CLUSTER_ADDONS).inNamespace(CLUSTER).list().getItems().stream()
                        .noneMatch(a -> ADDONS.contains(a.getMetadata().getName()))
                && admin.apps().deployments().inNamespace(HUB_ADDON_NAMESPACE).list().getItems().isEmpty()
                && cluster1.adminClient().apps().deployments().inAnyNamespace().list().getItems().stream()
                        .noneMatch(d -> d.getMetadata().getName().startsWith("managed-serviceaccount")
                                || d.getMetadata().getName().startsWith("cluster-proxy")));
        System.out.printf("e2e timing: addons disabled -> gone from the hub and cluster1 after %.1f s%n",
                (System.nanoTime() - disabled) / 1e9);
        awaitReady("hub");
    }

    /** Turns both addons on or off as a user would, with kubectl patch. */
    private static void enableAddons(boolean enabled) {
        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"addons\":{\"managedServiceAccount\":"
                + "{\"enabled\":" + enabled + "},\"clusterProxy\":{\"enabled\":" + enabled + "}}}}").orThrow();
    }

    /** The addon's row in `kubectl get managedclusteraddon`: NAME AVAILABLE DEGRADED PROGRESSING. */
    private static boolean availableRow(String table, String addon) {
        return table.lines().anyMatch(l -> l.matches(addon + "\\s+True\\b.*"));
    }

    private static boolean available(AddonStatus status) {
        return status != null && status.getClusters() == 1 && status.getAvailable() == 1;
    }
}
