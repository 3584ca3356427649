package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import dev.oam.ocm.hub.e2e.harness.KubeVela;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.e2e.harness.SandboxEnv;
import dev.oam.ocm.hub.e2e.harness.TestHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A local hub for newcomers without a cluster: the end-to-end control plane (kube-apiserver, etcd, controller
 * manager, the real OCM binaries) with this operator running under its deploy/ RBAC, a VelaOcmHub "hub" installed
 * by it, and an empty second control plane "cluster1" to join. Once all of that is up it writes
 * {@code <dir>/sandbox.env} ({@link SandboxEnv}) and prints the join commands; it stays up until interrupted and
 * then stops every process it started. Run it with `mvn -B -Psandbox verify` (root is needed for the test
 * network namespaces). With {@code -Dsandbox.operator=false} it starts the two clusters only: the user installs the
 * operator their way (deploy/base, the KubeVela addon, the chart), and the stand-in kubelet runs the pods of its
 * image as the jar of this checkout. With {@code -Dsandbox.kubevela=true} the hub also runs KubeVela (vela-core, its
 * CRDs and definitions, as {@link KubeVela} installs them) and {@code vela} is on the PATH of sandbox.env, so
 * {@code -Dsandbox.operator=false -Dsandbox.kubevela=true} is the starting point of README's addon path, and
 * {@code -Dsandbox.kubevela=true} alone that of the seed's whole walkthrough ({@link SeedWalkthrough}).
 */
public final class Sandbox {
    private static final String HUB = "hub";
    private static final Duration INSTALL = Duration.ofMinutes(5);

    private Sandbox() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean withOperator = !"false".equals(System.getProperty("sandbox.operator", "true"));
        boolean withKubeVela = Boolean.getBoolean("sandbox.kubevela");
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sandbox").toAbsolutePath();
        SandboxEnv.remove(dir);
        // The hub keeps the sandbox's directory (and its kubeconfig path) as before cluster1 existed; the host's
        // own logs go beside it, since starting the hub cleans <dir>/logs.
        TestHost host = TestHost.open(dir.resolve("host-logs"));
        CountDownLatch stopped = new CountDownLatch(1);
        OperatorUnderTest[] operator = new OperatorUnderTest[1];
        // Ctrl-C at any moment, even during start-up: the operator first (it would react to the hub going away),
        // then both clusters and the network. The host's own shutdown hook only closes what is not closed yet.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the sandbox...");
            if (operator[0] != null) {
                operator[0].close();
            }
            host.close();
            // It describes a running sandbox: gone with it, so a script waiting for the next one is not misled.
            SandboxEnv.remove(dir);
            System.out.println("Sandbox stopped: every process it started has exited, the test network is gone.");
            stopped.countDown();
        }));

        if (withKubeVela && withOperator) {
            // The seed walkthrough turns the three addons on: their binaries are built now, not in the middle of it.
            SeedWalkthrough.buildAddonBinaries();
        }
        LocalCluster hub = LocalCluster.start(host, dir);
        LocalCluster cluster1 = LocalCluster.start(host, dir.resolve("cluster1"));
        // cluster1's agents reach the hub at the hub apiserver's address on the test bridge.
        String hubApiServer = hub.apiServerUrl();
        // Tools beyond kubectl and clusteradm on the PATH of sandbox.env: helm for the chart, vela with KubeVela.
        List<Path> tools = new ArrayList<>(List.of(E2eBinaries.helm()));
        if (withKubeVela) {
            KubeVela.install(hub);
            tools.add(E2eBinaries.kubevela("vela"));
            System.out.println("KubeVela " + E2eBinaries.kubevelaVersion() + " runs on the hub (vela-core in "
                    + KubeVela.NAMESPACE + "); `vela` is on the PATH of sandbox.env.");
        }
        if (!withOperator) {
            Path env = SandboxEnv.write(dir, hub.adminKubeconfig(), cluster1.adminKubeconfig(), hubApiServer,
                    SandboxEnv.machineKubectl(), E2eBinaries.clusteradm(), tools.toArray(Path[]::new));
            String install = withKubeVela ? """
                    The addon installs the operator and a VelaOcmHub "hub" in one command (OCM %s, the release this
                    machine has binaries for; hubApiServer is where cluster1's agents reach the hub):
                    ----- addon commands -----
                    vela addon enable ./deploy/addon/vela-ocm-hub version=%s hubApiServer="$HUB_API_SERVER"
                    kubectl wait --for=condition=Ready ocmhub/hub --timeout=5m
                    vela addon status vela-ocm-hub
                    ----- end -----""".formatted(E2eSupport.NEWEST_REAL, E2eSupport.NEWEST_REAL) : """
                    Install the operator:
                      kubectl apply -k deploy/base
                      kubectl -n vela-ocm-hub-system rollout status deployment/vela-ocm-hub-operator
                    or the chart (helm is on that PATH):
                      helm install vela-ocm-hub-operator deploy/helm/vela-ocm-hub-operator -n vela-ocm-hub-system \\
                        --create-namespace --wait
                    then a VelaOcmHub with spec.version "%s" (the OCM release this machine has binaries for) and
                    spec.joinAccess.hubApiServer "$HUB_API_SERVER", and the join commands of its status.joinCommand.
                    (With -Dsandbox.kubevela=true the sandbox runs KubeVela too, for the addon.)""".formatted(
                    E2eSupport.NEWEST_REAL);
            System.out.printf("""

                    The sandbox is up without the operator (-Dsandbox.operator=false): hub kube-apiserver %s, empty;
                    cluster1's kube-apiserver %s, empty, to join. Pods of the operator image run as the jar of this
                    checkout (target/vela-ocm-hub-operator.jar), whatever registry and tag they name.
                    In another shell:
                      source %s
                    %s
                    Logs of every process: %s and %s
                    Press Ctrl-C to stop and clean up.
                    %n""", hubApiServer, cluster1.apiServerUrl(), env, install, hub.logDir(), cluster1.logDir());
            stopped.await();
            return;
        }
        Kubectl kubectl = hub.kubectl();
        OperatorPrerequisites.install(kubectl);
        operator[0] = OperatorUnderTest.start(hub, "vela-ocm-hub-operator");

        String hubYaml = E2eSupport.hubYaml(HUB, E2eSupport.NEWEST_REAL,
                "joinAccess:\n  hubApiServer: " + hubApiServer);
        kubectl.runWithStdin(hubYaml, "apply", "-f", "-").orThrow();
        kubectl.run("wait", "--for=condition=Ready", "ocmhub/" + HUB, "--timeout=" + INSTALL.toSeconds() + "s")
                .orThrow();
        kubectl.run("-n", "open-cluster-management-hub", "wait", "--for=condition=Ready", "pods", "--all",
                "--timeout=" + INSTALL.toSeconds() + "s").orThrow();
        String joinCommand = hub.adminClient().resources(VelaOcmHub.class).withName(HUB).get().getStatus()
                .getJoinCommand();

        Path env = SandboxEnv.write(dir, hub.adminKubeconfig(), cluster1.adminKubeconfig(), hubApiServer,
                SandboxEnv.machineKubectl(), E2eBinaries.clusteradm(), tools.toArray(Path[]::new));
        String join = joinCommand.replace("<cluster-name>", "cluster1") + " --bundle-version=" + E2eSupport.NEWEST_REAL
                + " --kubeconfig \"$CLUSTER1_KUBECONFIG\"";
        if (withKubeVela) {
            System.out.printf("""

                    The sandbox is up: hub kube-apiserver %s with VelaOcmHub "%s" (OCM %s) Ready, installed by
                    vela-ocm-hub-operator, and KubeVela %s (vela-core in %s, multi-cluster off until the cluster
                    gateway exists); cluster1's kube-apiserver %s, empty, to join.
                    In another shell:
                      source %s
                    then the seed's walkthrough: join cluster1, turn on the three OCM addons KubeVela's multi-cluster
                    runs through, turn on vela-core's multi-cluster, and deploy an Application to cluster1:
                    %s
                    Logs of every process: %s and %s
                    Press Ctrl-C to stop and clean up.
                    %n""", hubApiServer, HUB, E2eSupport.NEWEST_REAL, E2eBinaries.kubevelaVersion(), KubeVela.NAMESPACE,
                    cluster1.apiServerUrl(), env, SeedWalkthrough.commands(HUB, join).stripTrailing(),
                    hub.logDir(), cluster1.logDir());
            stopped.await();
            return;
        }
        System.out.printf("""

                The sandbox is up: hub kube-apiserver %s with VelaOcmHub "%s" (OCM %s) Ready, installed by
                vela-ocm-hub-operator; cluster1's kube-apiserver %s, empty, to join.
                The hub, as it was applied:
                %s
                In another shell:
                  source %s
                  kubectl get ocmhub
                Join cluster1 (status.joinCommand of ocmhub/%s, the bundle version whose binaries this machine
                has, cluster1's kubeconfig), accept it on the hub and wait until its agent reports it available:
                ----- join commands -----
                %s
                clusteradm accept --clusters cluster1 --wait
                kubectl wait --for=condition=ManagedClusterConditionAvailable managedcluster/cluster1 --timeout=5m
                kubectl get managedclusters
                ----- end -----
                Logs of every process: %s and %s
                Press Ctrl-C to stop and clean up.
                %n""", hubApiServer, HUB, E2eSupport.NEWEST_REAL, cluster1.apiServerUrl(), hubYaml.indent(2).stripTrailing(),
                env, HUB, join, hub.logDir(), cluster1.logDir());
        stopped.await();
    }
}
