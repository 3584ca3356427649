package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import dev.oam.ocm.hub.e2e.harness.KubeVela;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's multi-cluster walkthrough on this operator's hub, for real: with cluster1 joined through the join command
 * in status, {@code spec.addons} turns on managed-serviceaccount, cluster-proxy and cluster-gateway; their managers run
 * as the real binaries of those releases, and cluster-gateway's manager deploys its aggregated apiserver, whose
 * APIService {@code v1alpha1.cluster.core.oam.dev} becomes Available. Then KubeVela 1.9.13 (vela-core with the cluster
 * gateway on, and the CLI): {@code vela cluster list} lists cluster1, and {@code vela cluster join <kubeconfig> -t ocm}
 * of a fresh cluster2 runs as the seed writes it: on this hub it contests nothing the operator manages, and on
 * cluster2 it gets as far as deploying its klusterlet, whose OCM v0.5.0 images no module proxy serves.
 *
 * <p>Not here: an Application with a topology policy deployed to cluster1. vela-core reaches cluster1 through
 * {@code clustergateways/cluster1/proxy}, which goes through cluster-proxy's tunnel; its agent on cluster1 reaches the
 * hub's proxy-server by port-forwarding through the hub's apiserver (the {@code PortForward} entrypoint), and the
 * apiserver forwards to the node's kubelet, which the stand-in kubelet does not serve: the proxy-server answers
 * "No agent available" and ClusterGateway cluster1 stays HEALTHY false.
 *
 * <p>Only with {@code -Pe2e,addons,kubevela}, or alone with {@code -Pe2e -Dit.test=KubeVelaMultiClusterIT} (three
 * control planes, three addons and KubeVela: minutes of Go builds cold and more than CI's budget).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class KubeVelaMultiClusterIT extends E2eSupport {
    private static final String APISERVICE = "v1alpha1.cluster.core.oam.dev";
    private static final ResourceDefinitionContext APISERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("apiregistration.k8s.io").withVersion("v1").withPlural("apiservices").withKind("APIService")
            .withNamespaced(false).build();
    private static final ResourceDefinitionContext MANAGED_CLUSTER_ADDONS = new ResourceDefinitionContext.Builder()
            .withGroup("addon.open-cluster-management.io").withVersion("v1alpha1").withPlural("managedclusteraddons")
            .withKind("ManagedClusterAddOn").withNamespaced(true).build();
    private static final ResourceDefinitionContext MANIFEST_WORKS = new ResourceDefinitionContext.Builder()
            .withGroup("work.open-cluster-management.io").withVersion("v1").withPlural("manifestworks")
            .withKind("ManifestWork").withNamespaced(true).build();
    private static final Duration ADDONS_UP = Duration.ofMinutes(8);
    private static final String CLUSTER2 = "cluster2";
    /** How long `vela cluster join` may wait for its klusterlet: it polls without end for pods that never run here. */
    private static final Duration JOIN_RUN = Duration.ofSeconds(150);

    private static LocalCluster cluster2;
    private static KubeVela vela;

    @BeforeAll
    static void start() {
        // Built before any clock starts: a cold build takes minutes and is not what the scenarios measure.
        E2eBinaries.addon("managed-serviceaccount", "msa");
        for (String binary : List.of("addon-manager", "addon-agent", "cluster-proxy", "proxy-server", "proxy-agent")) {
            E2eBinaries.addon("cluster-proxy", binary);
        }
        E2eBinaries.addon("cluster-gateway", "addon-manager");
        E2eBinaries.addon("cluster-gateway", "apiserver");
        E2eBinaries.kubevela("vela-core");
        E2eBinaries.kubevela("vela");
        String name = "kubevela-multicluster";
        startHubAndManagedCluster(name);
        cluster2 = LocalCluster.start(host, Path.of("target/e2e", name, CLUSTER2).toAbsolutePath());
        startOperator();
        readyHubWithCluster1(NEWEST_REAL);
    }

    @Test
    @Order(1)
    void theThreeAddonsMakeTheClusterGatewayApiServiceAvailable() {
        long enabled = System.nanoTime();
        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"addons\":{"
                + "\"managedServiceAccount\":{\"enabled\":true},\"clusterProxy\":{\"enabled\":true},"
                + "\"clusterGateway\":{\"enabled\":true}}}}").orThrow();
        await("APIService " + APISERVICE + " created by cluster-gateway's manager", ADDONS_UP,
                () -> admin.genericKubernetesResources(APISERVICES).withName(APISERVICE).get() != null);
        kubectl.run("wait", "--for=condition=Available", "apiservice/" + APISERVICE,
                "--timeout=" + ADDONS_UP.toSeconds() + "s").orThrow();
        System.out.printf("e2e timing: addons enabled -> APIService %s Available after %.1f s%n", APISERVICE,
                (System.nanoTime() - enabled) / 1e9);
        // Served by the aggregated apiserver, through the hub's: the group answers discovery.
        String resources = kubectl.run("api-resources", "--api-group=cluster.core.oam.dev").orThrow().stdout();
        assertTrue(resources.contains("clustergateways"), "expected clustergateways served, got:\n" + resources);

        // cluster-gateway 1.9.0 reads its OCM clusters through a cache it sets up at start, after a discovery of the
        // hub's API groups; its own group is not served yet while its first pods start, that discovery fails, and the
        // pods keep a nil cache: every read of a ClusterGateway panics (503) until they restart. Restarted one by
        // one, each new pod's discovery goes through the older ones.
        CommandResult firstRead = kubectl.run("get", "clustergateways");
        System.out.println("e2e: kubectl get clustergateways, first pods: exit " + firstRead.exitCode() + "\n"
                + firstRead.stdout() + firstRead.stderr());
        kubectl.run("-n", KubeVela.NAMESPACE, "rollout", "restart", "deployment/gateway-deployment").orThrow();
        kubectl.run("-n", KubeVela.NAMESPACE, "rollout", "status", "deployment/gateway-deployment", "--timeout=180s")
                .orThrow();
        String gateways = await("kubectl get clustergateways to list cluster1", INSTALL, () -> {
            CommandResult read = kubectl.run("get", "clustergateways");
            return read.succeeded() && read.stdout().lines().anyMatch(l -> l.startsWith(CLUSTER + " ")) ? read.stdout() : null;
        });
        System.out.println("e2e: kubectl get clustergateways, after the restart\n" + gateways);

        // The product's part: what cluster-gateway's agent reads and OCM 1.2.1 no longer writes.
        GenericKubernetesResource gatewayOnCluster1 = await("cluster1's cluster-gateway ManagedClusterAddOn named"
                + " by status.addOnConfiguration", INSTALL, () -> {
            GenericKubernetesResource addOn = admin.genericKubernetesResources(MANAGED_CLUSTER_ADDONS)
                    .inNamespace(CLUSTER).withName("cluster-gateway").get();
            return addOn != null && addOnConfiguration(addOn) != null ? addOn : null;
        });
        Map<?, ?> coordinates = addOnConfiguration(gatewayOnCluster1);
        assertEquals("clustergatewayconfigurations.proxy.open-cluster-management.io", coordinates.get("crdName"));
        assertEquals("cluster-gateway", coordinates.get("crName"));
        // Which is what makes cluster-gateway's agent render: its ManifestWork gives cluster1's managed ServiceAccount
        // the gateway's role there, and the work agent applies it.
        await("cluster-gateway's agent ManifestWork applied on cluster1", INSTALL, () -> {
            GenericKubernetesResource work = admin.genericKubernetesResources(MANIFEST_WORKS).inNamespace(CLUSTER)
                    .withName("addon-cluster-gateway-deploy-0").get();
            return work != null && conditionTrue(work, "Applied");
        });
        assertNotNull(cluster1.adminClient().rbac().clusterRoleBindings()
                .withName("open-cluster-management:cluster-gateway:default").get(), "the gateway's binding on cluster1");
        System.out.println("e2e: kubectl get managedclusteraddon -n cluster1\n"
                + kubectl.run("get", "managedclusteraddon", "-n", CLUSTER).stdout());
    }

    @Test
    @Order(2)
    void velaSeesCluster1ThroughOcm() {
        long installing = System.nanoTime();
        vela = KubeVela.installWithClusterGateway(cluster);
        System.out.printf("e2e timing: vela-core with --enable-cluster-gateway rolled out after %.1f s%n",
                (System.nanoTime() - installing) / 1e9);
        CommandResult list = vela.run(Duration.ofMinutes(1), "cluster", "list");
        assertTrue(list.succeeded(), "vela cluster list failed: " + list.stderr());
        System.out.println("e2e: vela cluster list\n" + list.stdout());
        // CLUSTER ALIAS TYPE ENDPOINT ACCEPTED LABELS: cluster1 read from its ManagedCluster, accepted.
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches("\\s*" + CLUSTER + "\\s+.*\\btrue\\b.*")),
                "expected an accepted cluster1 row, got:\n" + list.stdout());
    }

    @Test
    @Order(3)
    void velaClusterJoinOcmContestsNothingOnThisHubAndDeploysItsOldKlusterlet() {
        Map<String, Supplier<HasMetadata>> shared = new LinkedHashMap<>();
        shared.put("ConfigMap kube-public/cluster-info",
                () -> admin.configMaps().inNamespace("kube-public").withName("cluster-info").get());
        shared.put("ServiceAccount open-cluster-management/cluster-bootstrap",
                () -> admin.serviceAccounts().inNamespace("open-cluster-management").withName("cluster-bootstrap").get());
        shared.put("ClusterRoleBinding cluster-bootstrap-sa",
                () -> admin.rbac().clusterRoleBindings().withName("cluster-bootstrap-sa").get());
        shared.put("ClusterRole system:open-cluster-management:bootstrap",
                () -> admin.rbac().clusterRoles().withName("system:open-cluster-management:bootstrap").get());
        Map<String, String> before = new LinkedHashMap<>();
        shared.forEach((what, read) -> {
            HasMetadata live = read.get();
            assertNotNull(live, what + " exists before the join (the operator's bundle, or kubeadm's cluster-info)");
            before.put(what, fingerprint(live));
        });

        long joining = System.nanoTime();
        CommandResult join = vela.run(JOIN_RUN, "cluster", "join", cluster2.adminKubeconfig().toString(),
                "-t", "ocm", "--name", CLUSTER2);
        System.out.printf("e2e: vela cluster join -t ocm ran %.1f s, exit %d%n%s%n%s%n",
                (System.nanoTime() - joining) / 1e9, join.exitCode(), join.stdout(), join.stderr());

        // On cluster2: the klusterlet operator of OCM v0.5.0, which the stand-in kubelet cannot run (not served).
        Deployment klusterlet = await("the klusterlet Deployment on cluster2", Duration.ofSeconds(30), () ->
                cluster2.adminClient().apps().deployments().inNamespace("open-cluster-management").withName("klusterlet")
                        .get());
        List<String> images = klusterlet.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage).toList();
        assertEquals(List.of("quay.io/open-cluster-management/registration-operator:v0.5.0"), images,
                "the 2021-era agent `vela cluster join -t ocm` v1.9.13 installs");
        // Its progress goes to a spinner, which prints nothing without a terminal: where it stopped shows on the
        // clusters. It still waited (for pods labelled app=klusterlet to run) and had not filed cluster2's CSR.
        assertEquals(-1, join.exitCode(), "the join waits for that klusterlet without end; it was stopped after "
                + JOIN_RUN.toSeconds() + " s. Its output:\n" + join.stdout() + join.stderr());
        List<String> klusterletPods = cluster2.adminClient().pods().inNamespace("open-cluster-management")
                .withLabel("app", "klusterlet").list().getItems().stream()
                .map(KubeVelaMultiClusterIT::readiness).toList();
        System.out.println("e2e: cluster2's klusterlet pods: " + klusterletPods);
        assertTrue(!klusterletPods.isEmpty() && klusterletPods.stream().noneMatch(p -> p.contains("Ready=True")),
                "expected the v0.5.0 klusterlet pods on cluster2, none Ready: " + klusterletPods);
        assertTrue(admin.certificates().v1().certificateSigningRequests()
                        .withLabel("open-cluster-management.io/cluster-name", CLUSTER2).list().getItems().isEmpty()
                        && admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER2).get() == null,
                "no CSR and no ManagedCluster for cluster2 on the hub: the join stopped at the klusterlet");

        // On the hub: the objects both this operator and the join touch are as they were.
        sleep(20_000); // a few reconcile passes and informer events for the operator to react to, if it would
        shared.forEach((what, read) -> assertEquals(before.get(what), fingerprint(read.get()),
                what + ": resourceVersion and field managers unchanged by the join"));
        assertTrue(condition("hub", HubConditions.DRIFT_CONTESTED).map(c -> !"True".equals(c.getStatus())).orElse(true),
                "expected no DriftContested condition, got " + condition("hub", HubConditions.DRIFT_CONTESTED));
        awaitReady("hub");
    }

    /** "name Ready=<status> <first container's waiting reason: message>", as kubectl describe would show it. */
    private static String readiness(Pod pod) {
        String ready = pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> "Ready=" + c.getStatus()).findFirst().orElse("no Ready condition");
        String waiting = pod.getStatus().getContainerStatuses().stream().filter(c -> c.getState().getWaiting() != null)
                .map(c -> c.getState().getWaiting().getReason() + ": " + c.getState().getWaiting().getMessage())
                .findFirst().orElse("");
        return pod.getMetadata().getName() + " " + ready + " " + waiting;
    }

    /** resourceVersion and the set of field managers: what a contest between two writers changes. */
    private static String fingerprint(HasMetadata object) {
        List<String> managers = object.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager)
                .distinct().sorted().toList();
        return "resourceVersion " + object.getMetadata().getResourceVersion() + ", managers " + managers;
    }

    private static Map<?, ?> addOnConfiguration(GenericKubernetesResource addOn) {
        Object status = addOn.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> s && s.get("addOnConfiguration") instanceof Map<?, ?> c ? c : null;
    }
}
