package dev.oam.ocm.hub.bench;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.e2e.OperatorPrerequisites;
import dev.oam.ocm.hub.e2e.OperatorUnderTest;
import dev.oam.ocm.hub.e2e.harness.Clusteradm;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.e2e.harness.TestHost;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Seconds from {@code clusteradm join} on a fresh cluster1 to its ManagedCluster AVAILABLE True on the hub, on a hub
 * installed by {@code clusteradm init} and on one this operator installed, each on fresh control planes. Both joins
 * take the same steps a user takes: the join command (clusteradm's from {@code clusteradm get token}, ours from
 * {@code status.joinCommand}), then {@code clusteradm accept} on the hub once the CSR is there.
 */
final class JoinTiming {
    private static final String CLUSTER = "cluster1";
    private static final Duration STEP = Duration.ofMinutes(5);

    private final Path out;
    private final String version;

    JoinTiming(Path out, String version) {
        this.out = out;
        this.version = version;
    }

    double onClusteradmHub(int run) throws InterruptedException {
        try (TestHost host = TestHost.open(out.resolve("join-clusteradm-" + run + "/host").toAbsolutePath())) {
            LocalCluster hub = LocalCluster.start(host, out.resolve("join-clusteradm-" + run + "/hub").toAbsolutePath());
            LocalCluster cluster1 = LocalCluster.start(host, out.resolve("join-clusteradm-" + run + "/cluster1").toAbsolutePath());
            Clusteradm onHub = new Clusteradm(hub.adminKubeconfig(), hub.logDir());
            onHub.run(STEP, "init", "--bundle-version=" + version, "--wait").orThrow();
            String token = onHub.run(STEP, "get", "token").orThrow().stdout();
            // It prints the command with the path it was run from: "/.../clusteradm join --hub-token ...".
            String join = token.lines().filter(l -> l.contains("clusteradm join "))
                    .map(l -> l.substring(l.indexOf("clusteradm join ")).strip()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no join command in `clusteradm get token`:\n" + token));
            return timeJoin(hub, cluster1, join.replace("<cluster_name>", CLUSTER));
        }
    }

    double onOurHub(int run) throws InterruptedException {
        try (TestHost host = TestHost.open(out.resolve("join-ours-" + run + "/host").toAbsolutePath())) {
            LocalCluster hub = LocalCluster.start(host, out.resolve("join-ours-" + run + "/hub").toAbsolutePath());
            LocalCluster cluster1 = LocalCluster.start(host, out.resolve("join-ours-" + run + "/cluster1").toAbsolutePath());
            OperatorPrerequisites.install(hub.kubectl());
            try (OperatorUnderTest ignored = OperatorUnderTest.start(hub, "vela-ocm-hub-operator")) {
                hub.kubectl().runWithStdin("apiVersion: ocm.oam.dev/v1alpha1\nkind: VelaOcmHub\nmetadata:\n  name: hub\n"
                        + "spec:\n  version: \"" + version + "\"\n  joinAccess:\n    hubApiServer: " + hub.apiServerUrl()
                        + "\n", "apply", "-f", "-").orThrow();
                hub.kubectl().run("wait", "--for=condition=Ready", "ocmhub/hub", "--timeout=" + STEP.toSeconds() + "s")
                        .orThrow();
                String join = hub.adminClient().resources(VelaOcmHub.class).withName("hub").get().getStatus()
                        .getJoinCommand().replace("<cluster-name>", CLUSTER);
                return timeJoin(hub, cluster1, join);
            }
        }
    }

    /** From the join command on cluster1 to AVAILABLE True on the hub, accepting the cluster as soon as it asks. */
    private double timeJoin(LocalCluster hub, LocalCluster cluster1, String joinCommand) throws InterruptedException {
        KubernetesClient admin = hub.adminClient();
        long t0 = System.nanoTime();
        new Clusteradm(cluster1.adminKubeconfig(), cluster1.logDir())
                .runCommandLine(STEP, joinCommand + " --bundle-version=" + version, hub.adminKubeconfig()).orThrow();
        HubBenchmarkIT.awaitTrue("cluster1's CSR on the hub", STEP, () -> managedCluster(admin) != null && !admin.certificates().v1()
                .certificateSigningRequests().withLabel("open-cluster-management.io/cluster-name", CLUSTER).list()
                .getItems().isEmpty());
        new Clusteradm(hub.adminKubeconfig(), hub.logDir()).run(STEP, "accept", "--clusters", CLUSTER).orThrow();
        HubBenchmarkIT.awaitTrue("cluster1 AVAILABLE", STEP, () -> available(managedCluster(admin)));
        return (System.nanoTime() - t0) / 1e9;
    }

    private static GenericKubernetesResource managedCluster(KubernetesClient admin) {
        return admin.genericKubernetesResources(OperatorPrerequisites.MANAGED_CLUSTERS).withName(CLUSTER).get();
    }

    @SuppressWarnings("unchecked")
    private static boolean available(GenericKubernetesResource mc) {
        if (mc == null || !(mc.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return false;
        }
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list && list.stream().map(c -> (Map<String, Object>) c)
                .anyMatch(c -> "ManagedClusterConditionAvailable".equals(c.get("type")) && "True".equals(c.get("status")));
    }
}
