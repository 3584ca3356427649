package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import dev.oam.ocm.hub.e2e.harness.KubeVela;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * <p>And the tunnel the seed's promise runs through: cluster-proxy's agent on cluster1 reaches the hub's proxy-server
 * by port-forwarding through the hub's apiserver (the {@code PortForward} entrypoint) to the stand-in node's kubelet
 * API (the harness's KubeletApi, on the kubelet's own streaming code); the proxy-agent logs its stream accepted by the proxy-server,
 * cluster-gateway's manager probes cluster1's /healthz through it (ClusterGateway cluster1 healthy, its
 * ManagedClusterAddOn AVAILABLE, so all three are), and a KubeVela Application with a topology policy targeting
 * cluster1 creates its ConfigMap on cluster1, written there by the managed ServiceAccount cluster-gateway uses.
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
    private static final ResourceDefinitionContext CLUSTER_GATEWAYS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.core.oam.dev").withVersion("v1alpha1").withPlural("clustergateways")
            .withKind("ClusterGateway").withNamespaced(false).build();
    private static final ResourceDefinitionContext MANIFEST_WORKS = new ResourceDefinitionContext.Builder()
            .withGroup("work.open-cluster-management.io").withVersion("v1").withPlural("manifestworks")
            .withKind("ManifestWork").withNamespaced(true).build();
    private static final Duration ADDONS_UP = Duration.ofMinutes(8);
    private static final String CLUSTER2 = "cluster2";
    /** How long `vela cluster join` may wait for its klusterlet: it polls without end for pods that never run here. */
    private static final Duration JOIN_RUN = Duration.ofSeconds(150);
    private static final List<String> ADDONS = List.of("managed-serviceaccount", "cluster-proxy", "cluster-gateway");
    private static final String APP = "e2e-to-cluster1";
    private static final String APP_CONFIG_MAP = "e2e-from-vela";

    private static LocalCluster cluster2;
    private static KubeVela vela;
    /** When {@code spec.addons} turned the three on (System.nanoTime()): the tunnel's timings count from there. */
    private static long addonsEnabled;

    @BeforeAll
    static void start() {
        // Built before any clock starts: a cold build takes minutes and is not what the scenarios measure.
        SeedWalkthrough.buildAddonBinaries();
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
        addonsEnabled = enabled;
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
    void theTunnelMakesCluster1HealthyAndAllThreeAddonsAvailable() {
        // The proxy-agent on cluster1 connects once its port-forward reaches the proxy-server pod on the hub.
        String connected = await("cluster1's proxy-agent to log its stream to the hub's proxy-server accepted", ADDONS_UP,
                E2eSupport::proxyAgentConnected);
        System.out.printf("e2e timing: addons enabled -> proxy-agent connected to the proxy-server after %.1f s: %s%n",
                sinceAddonsEnabled(), connected);

        // cluster-gateway's manager probes cluster1's /healthz through the tunnel and records it.
        await("ClusterGateway cluster1 healthy", ADDONS_UP, () -> {
            GenericKubernetesResource gateway = admin.genericKubernetesResources(CLUSTER_GATEWAYS).withName(CLUSTER)
                    .get();
            Object status = gateway == null ? null : gateway.getAdditionalProperties().get("status");
            return status instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("healthy"));
        });
        System.out.printf("e2e timing: addons enabled -> ClusterGateway cluster1 healthy after %.1f s%n",
                sinceAddonsEnabled());
        System.out.println("e2e: kubectl get clustergateways\n" + kubectl.run("get", "clustergateways").stdout());

        String table = await("all three AVAILABLE True in `kubectl get managedclusteraddon -n cluster1`", ADDONS_UP,
                () -> {
                    String out = kubectl.run("get", "managedclusteraddon", "-n", CLUSTER).stdout();
                    return ADDONS.stream().allMatch(a -> out.lines().anyMatch(l -> l.matches(a + "\\s+True\\b.*")))
                            ? out : null;
                });
        System.out.printf("e2e timing: addons enabled -> all three AVAILABLE on cluster1 after %.1f s%n",
                sinceAddonsEnabled());
        System.out.println("e2e: kubectl get managedclusteraddon -n cluster1\n" + table);
    }

    @Test
    @Order(3)
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
    @Order(4)
    void anApplicationWithATopologyPolicyCreatesItsConfigMapOnCluster1() {
        long applied = System.nanoTime();
        kubectl.runWithStdin(SeedWalkthrough.application(APP, APP_CONFIG_MAP), "apply", "-f", "-").orThrow();
        ConfigMap configMap = await("ConfigMap default/" + APP_CONFIG_MAP + " on cluster1", INSTALL,
                () -> cluster1.adminClient().configMaps().inNamespace("default").withName(APP_CONFIG_MAP).get());
        System.out.printf("e2e timing: Application applied on the hub -> its ConfigMap on cluster1 after %.1f s%n",
                (System.nanoTime() - applied) / 1e9);
        assertEquals(SeedWalkthrough.GREETING, configMap.getData().get("greeting"));
        assertEquals(APP, configMap.getMetadata().getLabels().get("app.oam.dev/name"),
                "the ConfigMap is the Application's: " + configMap.getMetadata().getLabels());
        assertNull(admin.configMaps().inNamespace("default").withName(APP_CONFIG_MAP).get(),
                "the topology policy names cluster1 only: nothing on the hub");
        String phase = await("Application " + APP + " running", INSTALL, () -> {
            String status = kubectl.run("get", "application", APP, "-n", "default", "-o",
                    "jsonpath={.status.status}").stdout().trim();
            return "running".equals(status) ? status : null;
        });
        System.out.printf("e2e timing: Application applied on the hub -> %s after %.1f s%n", phase,
                (System.nanoTime() - applied) / 1e9);

        // Written on cluster1 through the tunnel, with the credential cluster-gateway holds for cluster1 (the token of
        // its managed ServiceAccount there), not with any identity of the hub's.
        String writer = await("cluster1's audit log to record who created the ConfigMap", Duration.ofSeconds(30),
                () -> creatorOf(cluster1.auditLog(), APP_CONFIG_MAP));
        System.out.println("e2e: ConfigMap " + APP_CONFIG_MAP + " created on cluster1 by " + writer);
        assertTrue(writer.matches("system:serviceaccount:[a-z0-9-]+:cluster-gateway"),
                "expected cluster-gateway's managed ServiceAccount on cluster1 as the writer, got " + writer);
    }

    @Test
    @Order(5)
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

    private static double sinceAddonsEnabled() {
        return (System.nanoTime() - addonsEnabled) / 1e9;
    }

    /** The user of the audit event that created ConfigMap {@code name}, or null when none is recorded yet. */
    private static String creatorOf(Path auditLog, String name) {
        try (Stream<String> lines = Files.lines(auditLog, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("\"name\":\"" + name + "\"") && l.contains("\"verb\":\"create\""))
                    .map(l -> Serialization.unmarshal(l, Map.class))
                    .filter(e -> e.get("objectRef") instanceof Map<?, ?> ref && "configmaps".equals(ref.get("resource"))
                            && e.get("responseStatus") instanceof Map<?, ?> rs && Integer.valueOf(201).equals(rs.get("code")))
                    .map(e -> e.get("user") instanceof Map<?, ?> user ? String.valueOf(user.get("username")) : null)
                    .findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + auditLog, e);
        }
    }

    private static Map<?, ?> addOnConfiguration(GenericKubernetesResource addOn) {
        Object status = addOn.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> s && s.get("addOnConfiguration") instanceof Map<?, ?> c ? c : null;
    }
}
