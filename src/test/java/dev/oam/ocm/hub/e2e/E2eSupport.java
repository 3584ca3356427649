package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.e2e.harness.Clusteradm;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.e2e.harness.OcmManifests;
import dev.oam.ocm.hub.e2e.harness.TestHost;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every end-to-end class shares: a local control plane with the real registration-operator, the
 * VelaOcmHub CRD and the operator's RBAC from deploy/base, the operator jar running under that identity, and
 * a user's kubectl. On a failed scenario the tail of every process log is printed, and the logs stay under
 * target/e2e/.
 */
abstract class E2eSupport {
    /** The newest OCM release whose real binaries can be built here (1.3.x is not on the Go module proxy). */
    static final String NEWEST_REAL = "1.2.1";
    static final Duration INSTALL = Duration.ofMinutes(4);
    static final ResourceDefinitionContext MANAGED_CLUSTERS = OperatorPrerequisites.MANAGED_CLUSTERS;
    /** The managed cluster's name, as the scenarios and README's walkthrough join it. */
    static final String CLUSTER = "cluster1";
    static final Duration JOIN = Duration.ofMinutes(5);

    static LocalCluster cluster;
    /** Set by {@link #startHubAndManagedCluster(String)}: the host both clusters share. */
    static TestHost host;
    /** The managed cluster "cluster1", beside the hub {@link #cluster}, or null. */
    static LocalCluster cluster1;
    static KubernetesClient admin;
    static Kubectl kubectl;
    static OperatorUnderTest operator;

    static void startCluster(String name) {
        cluster = LocalCluster.start(Path.of("target/e2e", name).toAbsolutePath());
        admin = cluster.adminClient();
        kubectl = new Kubectl(cluster.adminKubeconfig(), cluster.logDir());
        OperatorPrerequisites.install(kubectl);
    }

    /**
     * Two control planes on one {@link TestHost}: the hub {@link #cluster} (the operator's prerequisites
     * installed, as in {@link #startCluster(String)}) and {@link #cluster1}, an empty cluster to join to it.
     */
    static void startHubAndManagedCluster(String name) {
        Path dir = Path.of("target/e2e", name).toAbsolutePath();
        host = TestHost.open(dir.resolve("logs"));
        cluster = LocalCluster.start(host, dir.resolve("hub"));
        cluster1 = LocalCluster.start(host, dir.resolve("cluster1"));
        admin = cluster.adminClient();
        kubectl = new Kubectl(cluster.adminKubeconfig(), cluster.logDir());
        OperatorPrerequisites.install(kubectl);
    }

    static void startOperator() {
        operator = OperatorUnderTest.start(cluster, "vela-ocm-hub-operator");
    }

    /** After each scenario class (JUnit runs a subclass's own @AfterAll first). */
    @AfterAll
    static void stopAll() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
        if (host != null) {
            host.close(); // both clusters
            host = null;
        } else if (cluster != null) {
            cluster.close();
        }
        cluster = null;
        cluster1 = null;
    }

    /** Applies a VelaOcmHub as a user would, from YAML on stdin. */
    static CommandResult applyHub(String yaml) {
        return kubectl.runWithStdin(yaml, "apply", "-f", "-");
    }

    static String hubYaml(String name, String version, String extraSpec) {
        return "apiVersion: ocm.oam.dev/v1alpha1\nkind: VelaOcmHub\nmetadata:\n  name: " + name + "\nspec:\n  version: \""
                + version + "\"\n" + (extraSpec == null ? "" : extraSpec.indent(2));
    }

    static void awaitReady(String hub) {
        kubectl.run("wait", "--for=condition=Ready", "ocmhub/" + hub, "--timeout=" + INSTALL.toSeconds() + "s").orThrow();
    }

    static VelaOcmHub hub(String name) {
        return admin.resources(VelaOcmHub.class).withName(name).get();
    }

    static Optional<Condition> condition(String hub, String type) {
        VelaOcmHub h = hub(hub);
        if (h == null || h.getStatus() == null) {
            return Optional.empty();
        }
        return h.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static ClusterManager clusterManager() {
        return admin.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
    }

    /**
     * Creates a ManagedCluster through the real registration webhook. The registration-operator reports the hub
     * functional a moment before it registers the webhooks, so a server-side dry run must come back mutated
     * (the default cluster set label) before the real create.
     */
    static void joinCluster(String name) {
        GenericKubernetesResource managedCluster = new GenericKubernetesResourceBuilder()
                .withApiVersion("cluster.open-cluster-management.io/v1").withKind("ManagedCluster")
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("hubAcceptsClient", true)))
                .build();
        await("the registration webhook to answer for ManagedClusters", Duration.ofMinutes(2), () -> {
            GenericKubernetesResource dryRun = admin.genericKubernetesResources(MANAGED_CLUSTERS).resource(managedCluster)
                    .dryRun().create();
            Map<String, String> labels = dryRun.getMetadata().getLabels();
            return labels != null && labels.containsKey("cluster.open-cluster-management.io/clusterset");
        });
        admin.genericKubernetesResources(MANAGED_CLUSTERS).resource(managedCluster).create();
    }

    /**
     * Runs the join command of VelaOcmHub {@code hub}'s status as a user pastes it: the $(kubectl ... create token
     * ...) in it runs against the hub, clusteradm against cluster1. The bundle version picks the OCM release whose
     * binaries this machine has.
     */
    static void joinCluster1(String hub) {
        String joinCommand = hub(hub).getStatus().getJoinCommand();
        assertTrue(joinCommand.contains("--hub-apiserver " + cluster.apiServerUrl()), joinCommand);
        String line = joinCommand.replace("<cluster-name>", CLUSTER) + " --bundle-version=" + NEWEST_REAL;
        new Clusteradm(cluster1.adminKubeconfig(), cluster1.logDir())
                .runCommandLine(JOIN, line, cluster.adminKubeconfig()).orThrow();
    }

    /**
     * cluster1 joins VelaOcmHub {@code hub} as README tells users: the join command from status, then
     * {@code clusteradm accept} once its registration agent has asked (a ManagedCluster and a CSR on the hub).
     */
    static void joinAndAcceptCluster1(String hub) {
        joinCluster1(hub);
        await("cluster1's registration agent to ask to join (a ManagedCluster and a CSR on the hub)", JOIN,
                () -> admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get() != null
                        && !admin.certificates().v1().certificateSigningRequests()
                        .withLabel("open-cluster-management.io/cluster-name", CLUSTER).list().getItems().isEmpty());
        new Clusteradm(cluster.adminKubeconfig(), cluster.logDir())
                .run(Duration.ofMinutes(2), "accept", "--clusters", CLUSTER).orThrow();
        awaitCluster1AcceptedJoinedAvailable();
    }

    /** VelaOcmHub {@code hub} of {@code release} Ready, with join access pointing at the hub, and cluster1 joined to it. */
    static void readyHubWithCluster1(String release) {
        applyHub(hubYaml("hub", release, "joinAccess:\n  hubApiServer: " + cluster.apiServerUrl())).orThrow();
        awaitReady("hub");
        joinAndAcceptCluster1("hub");
    }

    /** A ManifestWork in namespace cluster1 on the hub that asks for ConfigMap default/{configMap} on cluster1. */
    static void sendConfigMapToCluster1(String work, String configMap, String key, String value) {
        kubectl.runWithStdin(OcmManifests.configMapWork(work, CLUSTER, configMap, key, value), "apply", "-f", "-").orThrow();
    }

    static void awaitCluster1AcceptedJoinedAvailable() {
        await("ManagedCluster cluster1 accepted, joined and available", JOIN, () -> {
            GenericKubernetesResource mc = admin.genericKubernetesResources(MANAGED_CLUSTERS).withName(CLUSTER).get();
            return conditionTrue(mc, "HubAcceptedManagedCluster") && conditionTrue(mc, "ManagedClusterJoined")
                    && conditionTrue(mc, "ManagedClusterConditionAvailable");
        });
    }

    /** The row a user sees in `kubectl get managedclusters`, as README's walkthrough shows it. */
    static void assertManagedClustersRow() {
        String table = kubectl.run("get", "managedclusters").orThrow().stdout();
        String row = table.lines().filter(l -> l.startsWith(CLUSTER + " ")).findFirst().orElse("");
        // clusteradm join read cluster1's address from its kube-public/cluster-info: MANAGED CLUSTER URLS shows it.
        assertTrue(row.matches(CLUSTER + "\\s+true\\s+" + Pattern.quote(cluster1.apiServerUrl()) + "\\s+True\\s+True\\s+.*"),
                "expected cluster1 HUB ACCEPTED true, URL " + cluster1.apiServerUrl() + ", JOINED True, AVAILABLE True,"
                        + " got:\n" + table);
    }

    @SuppressWarnings("unchecked")
    static boolean conditionTrue(GenericKubernetesResource resource, String type) {
        if (resource == null || !(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
                || !(status.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().map(c -> (Map<String, Object>) c)
                .anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    /**
     * The first line in which cluster1's proxy-agent (cluster-proxy's, a real process of cluster1's stand-in kubelet)
     * logs that it learnt the proxy-server count from the server's response, or null: the agent's port-forward through
     * the hub's apiserver reached the hub's proxy-server and its gRPC stream there was accepted (mutual TLS included).
     * The proxy-server itself says so only at a higher verbosity than its chart's.
     */
    static String proxyAgentConnected() {
        try (Stream<Path> logs = Files.list(cluster1.logDir())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("proxy-agent-")).sorted().toList()) {
                Optional<String> line = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                        .filter(l -> l.contains("change detected in proxy server count (was: 0, now: 1")).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the proxy-agent logs in " + cluster1.logDir(), e);
        }
    }

    static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")") + "; logs: " + cluster.logDir());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints the end of every process log when a scenario fails, so CI output alone explains it. */
    static final class PrintLogsOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (LocalCluster failed : Stream.of(cluster, cluster1).filter(c -> c != null).toList()) {
                System.out.println("===== scenario " + context.getDisplayName() + " failed; process logs in "
                        + failed.logDir());
                printTails(failed.logDir());
            }
        }

        private static void printTails(Path logDir) {
            try (Stream<Path> logs = Files.list(logDir)) {
                logs.sorted().forEach(log -> {
                    System.out.println("----- tail of " + log);
                    try {
                        List<String> lines = Files.readAllLines(log);
                        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
                    } catch (IOException e) {
                        System.out.println("(cannot read: " + e.getMessage() + ")");
                    }
                });
            } catch (IOException e) {
                System.out.println("(cannot list " + logDir + ": " + e.getMessage() + ")");
            }
        }
    }
}
