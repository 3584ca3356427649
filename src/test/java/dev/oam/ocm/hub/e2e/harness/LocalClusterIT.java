package dev.oam.ocm.hub.e2e.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Self-test of the harness, in order on one cluster: the control plane and fake kubelet run Deployments
 * and finish namespace deletions, the real registration-operator brings a hub to working conditions with
 * every hub pod running its real binary, ManagedCluster writes pass through the real registration webhook
 * in its own netns, and two clusters compose on one {@link TestHost}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
    private static final String OCM_RELEASE = "1.2.1";
    private static final ResourceDefinitionContext CLUSTER_MANAGERS = new ResourceDefinitionContext.Builder()
            .withGroup("operator.open-cluster-management.io").withVersion("v1").withKind("ClusterManager")
            .withPlural("clustermanagers").withNamespaced(false).build();
    private static final ResourceDefinitionContext MANAGED_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.open-cluster-management.io").withVersion("v1").withKind("ManagedCluster")
            .withPlural("managedclusters").withNamespaced(false).build();

    private static LocalCluster cluster;
    private static KubernetesClient admin;
    private static Kubectl kubectl;
    private static long startNanos;

    @BeforeAll
    static void start() {
        startNanos = System.nanoTime();
        cluster = LocalCluster.start(Path.of("target", "e2e", "local-cluster-it"));
        admin = cluster.adminClient();
        kubectl = cluster.kubectl();
        System.out.printf("e2e timing: apiserver ready after %.1f s, cluster ready after %.1f s (logs: %s)%n",
                seconds(cluster.timeToApiServerReady()), seconds(cluster.timeToReady()), cluster.logDir());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(0)
    void kubectlVersionReadsTheStampedServerVersion() {
        // An unstamped apiserver reports v0.0.0-master, which kubectl version cannot parse.
        String version = kubectl.run("version", "-o", "json").orThrow().stdout();
        assertTrue(version.contains("\"gitVersion\": \"v" + E2eBinaries.kubeVersion() + "\""), version);
    }

    @Test
    @Order(1)
    void aDeploymentBecomesAvailableWithPodsThatHaveNoAddress() {
        admin.apps().deployments().inNamespace("default").resource(deployment("hello")).create();

        await("deployment default/hello to report availableReplicas=1", Duration.ofSeconds(60),
                () -> availableReplicas("default", "hello") == 1,
                () -> "availableReplicas=" + availableReplicas("default", "hello"));
        Pod pod = admin.pods().inNamespace("default").withLabel("app", "hello").list().getItems().get(0);
        assertEquals("e2e-node", pod.getSpec().getNodeName());
        assertEquals("Running", pod.getStatus().getPhase());
        assertNull(pod.getStatus().getPodIP(), "a pod with no process behind it gets no IP, so nothing dials it");
        CommandResult rollout = kubectl.run("rollout", "status", "deployment/hello", "--timeout=30s").orThrow();
        assertTrue(rollout.stdout().contains("successfully rolled out"), rollout.stdout());
    }

    @Test
    @Order(2)
    void deletingANamespaceWithRunningPodsCompletes() {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
                .create();
        await("serviceaccount doomed/default", Duration.ofSeconds(30),
                () -> admin.serviceAccounts().inNamespace("doomed").withName("default").get() != null, () -> "absent");
        admin.apps().deployments().inNamespace("doomed").resource(deployment("victim")).create();
        await("deployment doomed/victim to be available", Duration.ofSeconds(60),
                () -> availableReplicas("doomed", "victim") == 1,
                () -> "availableReplicas=" + availableReplicas("doomed", "victim"));

        kubectl.run("delete", "namespace", "doomed", "--wait=false").orThrow();
        await("namespace doomed to be gone (the fake kubelet finalizes the deletion of its pods)",
                Duration.ofSeconds(90), () -> admin.namespaces().withName("doomed").get() == null,
                () -> String.valueOf(admin.namespaces().withName("doomed").get().getStatus()));
    }

    @Test
    @Order(3)
    void theRealRegistrationOperatorInstallsAWorkingHub() throws IOException {
        Path hubYaml = cluster.workDir().resolve("velaocmhub.yaml");
        Files.writeString(hubYaml, "apiVersion: ocm.oam.dev/v1alpha1\nkind: VelaOcmHub\nmetadata:\n  name: hub\n"
                + "spec:\n  version: \"" + OCM_RELEASE + "\"\n");
        CommandResult rendered = new OperatorCommand(cluster.logDir()).render(hubYaml).orThrow();
        long applyNanos = System.nanoTime();
        // As a user would: the ClusterManager cannot be mapped before its CRD is established, so the first
        // apply stops there; apply again once it is.
        kubectl.runWithStdin(rendered.stdout(), "apply", "--server-side", "-f", "-");
        kubectl.run("wait", "--for=condition=Established", "--timeout=60s",
                "crd/clustermanagers.operator.open-cluster-management.io").orThrow();
        kubectl.runWithStdin(rendered.stdout(), "apply", "--server-side", "-f", "-").orThrow();

        await("ClusterManager cluster-manager with Applied=True, HubRegistrationDegraded=False "
                        + "(RegistrationFunctional) and HubPlacementDegraded=False", Duration.ofMinutes(5),
                () -> condition("Applied").filter("True"::equals).isPresent()
                        && condition("HubRegistrationDegraded").filter("False"::equals).isPresent()
                        && conditionReason("HubRegistrationDegraded").filter("RegistrationFunctional"::equals).isPresent()
                        && condition("HubPlacementDegraded").filter("False"::equals).isPresent(),
                LocalClusterIT::clusterManagerConditions);
        System.out.printf("e2e timing: hub working %.1f s after apply, %.1f s after start()%n",
                (System.nanoTime() - applyNanos) / 1e9, (System.nanoTime() - startNanos) / 1e9);

        Pod operator = admin.pods().inNamespace("open-cluster-management").withLabel("app", "cluster-manager")
                .list().getItems().get(0);
        assertTrue(isReady(operator), "the registration-operator pod is Ready");
        // The harness never reports a pod in an OCM namespace Ready without a process: all Ready means the
        // registration, placement and addon controllers and the three webhooks run; webhooks have an address.
        kubectl.run("-n", "open-cluster-management-hub", "wait", "--for=condition=Ready", "pods", "--all",
                "--timeout=120s").orThrow();
        for (String webhook : List.of("registration", "work", "addon")) {
            Pod pod = admin.pods().inNamespace("open-cluster-management-hub")
                    .withLabel("app", "cluster-manager-" + webhook + "-webhook").list().getItems().get(0);
            assertTrue(pod.getStatus().getPodIP().startsWith("10.213.0."),
                    "the " + webhook + " webhook pod has an address in its netns: " + pod.getStatus().getPodIP());
        }
    }

    @Test
    @Order(4)
    void managedClusterWritesGoThroughTheRealRegistrationWebhook() {
        String cluster1 = """
                apiVersion: cluster.open-cluster-management.io/v1
                kind: ManagedCluster
                metadata:
                  name: cluster1
                spec:
                  hubAcceptsClient: true
                """;
        // OCM reports RegistrationFunctional once the webhook Deployment is available and only then registers
        // the webhook configurations: a write right after the hub turned working may bypass them. Only the
        // mutating webhook adds the clusterset label (feature gate DefaultClusterSet, on by default).
        String clusterSetLabel = "{.metadata.labels.cluster\\.open-cluster-management\\.io/clusterset}";
        await("a server-side dry run of ManagedCluster cluster1 to come back labelled by the mutating webhook",
                Duration.ofSeconds(30),
                () -> kubectl.runWithStdin(cluster1, "create", "--dry-run=server", "-o", "jsonpath=" + clusterSetLabel,
                        "-f", "-").stdout().strip().equals("default"),
                () -> "not labelled");
        kubectl.runWithStdin(cluster1, "apply", "-f", "-").orThrow();

        GenericKubernetesResource created = admin.genericKubernetesResources(MANAGED_CLUSTERS).withName("cluster1").get();
        assertNotNull(created, "ManagedCluster cluster1 exists");
        assertEquals("default", created.getMetadata().getLabels().get("cluster.open-cluster-management.io/clusterset"),
                "the mutating webhook labelled cluster1; labels: " + created.getMetadata().getLabels());

        CommandResult refused = kubectl.runWithStdin("""
                apiVersion: cluster.open-cluster-management.io/v1
                kind: ManagedCluster
                metadata:
                  name: cluster2
                spec:
                  hubAcceptsClient: true
                  managedClusterClientConfigs:
                  - url: http://plain-http.invalid
                """, "apply", "-f", "-");
        assertFalse(refused.succeeded(), "the validating webhook refuses a non-HTTPS client config URL");
        assertTrue(refused.stderr().contains("is invalid in client configs"), refused.stderr());
    }

    @Test
    @Order(5)
    void closeLeavesNothingBehindAndTwoClustersComposeOnOneHost() {
        cluster.close();
        cluster.close(); // idempotent
        assertEquals(List.of(), leftovers(), "close() removes every netns, veth and bridge it made");
        Path dir = Path.of("target", "e2e", "local-cluster-it-pair");
        try (TestHost host = TestHost.open(dir.resolve("logs"))) {
            LocalCluster first = LocalCluster.start(host, dir.resolve("first"));
            LocalCluster second = LocalCluster.start(host, dir.resolve("second"));
            assertFalse(first.apiServerUrl().equals(second.apiServerUrl()), "each cluster has its own apiserver");
            first.adminClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("only-in-first")
                    .endMetadata().build()).create();
            assertNull(second.adminClient().namespaces().withName("only-in-first").get(), "and its own etcd");
            assertTrue(second.kubectl().run("get", "nodes").orThrow().stdout().contains("e2e-node"));
        }
        assertEquals(List.of(), leftovers(), "closing the host stops both clusters and removes the network");
    }

    private static List<String> leftovers() {
        List<String> found = new ArrayList<>();
        for (Path dir : List.of(Path.of("/run/netns"), Path.of("/sys/class/net"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("vela-e2e") || n.startsWith("ve2e"))
                            .forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return found;
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("registry.invalid/e2e/pause:1").endContainer()
                .endSpec().endTemplate()
                .endSpec()
                .build();
    }

    private static int availableReplicas(String namespace, String name) {
        Deployment deployment = admin.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null) {
            return 0;
        }
        return deployment.getStatus().getAvailableReplicas();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> clusterManagerConditionList() {
        GenericKubernetesResource cm = admin.genericKubernetesResources(CLUSTER_MANAGERS).withName("cluster-manager").get();
        if (cm == null || !(cm.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return List.of();
        }
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static Optional<String> condition(String type) {
        return clusterManagerConditionList().stream().filter(c -> type.equals(c.get("type")))
                .map(c -> String.valueOf(c.get("status"))).findFirst();
    }

    private static Optional<String> conditionReason(String type) {
        return clusterManagerConditionList().stream().filter(c -> type.equals(c.get("type")))
                .map(c -> String.valueOf(c.get("reason"))).findFirst();
    }

    private static String clusterManagerConditions() {
        return clusterManagerConditionList().stream()
                .map(c -> c.get("type") + "=" + c.get("status") + " (" + c.get("reason") + ": " + c.get("message") + ")")
                .toList().toString();
    }

    private static void await(String expectation, Duration timeout, BooleanSupplier condition,
            Supplier<String> observed) {
        Waits.until(expectation, timeout, condition, observed, cluster.logDir().toString());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
