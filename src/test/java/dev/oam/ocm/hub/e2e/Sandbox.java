package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A local hub for newcomers without a cluster: the end-to-end control plane (kube-apiserver, etcd, controller
 * manager, the real OCM registration-operator) with this operator running under its deploy/ RBAC. Prints the
 * KUBECONFIG to use and stays up until interrupted. Run it with `mvn -B -Psandbox verify` (root is needed for
 * the test network namespaces).
 */
public final class Sandbox {
    private Sandbox() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sandbox").toAbsolutePath();
        LocalCluster cluster = LocalCluster.start(dir);
        Kubectl kubectl = cluster.kubectl();
        OperatorPrerequisites.install(kubectl);
        OperatorUnderTest operator = OperatorUnderTest.start(cluster, "vela-ocm-hub-operator");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the sandbox...");
            operator.close();
            cluster.close();
            stopped.countDown();
        }));
        System.out.printf("""

                The sandbox is up: kube-apiserver %s, OCM %s binaries, vela-ocm-hub-operator running.
                  export KUBECONFIG=%s
                  kubectl apply -f - <<'YAML'
                  apiVersion: ocm.oam.dev/v1alpha1
                  kind: VelaOcmHub
                  metadata:
                    name: hub
                  spec:
                    version: "%s"
                  YAML
                  kubectl wait --for=condition=Ready ocmhub/hub --timeout=5m
                Logs of every process: %s
                Press Ctrl-C to stop and clean up.
                %n""", cluster.apiServerUrl(), E2eSupport.NEWEST_REAL, cluster.adminKubeconfig(), E2eSupport.NEWEST_REAL,
                cluster.logDir());
        stopped.await();
    }
}
