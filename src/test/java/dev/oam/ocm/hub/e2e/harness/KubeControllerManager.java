package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** kube-controller-manager as cluster admin, serving its health endpoint on loopback. */
final class KubeControllerManager {
    private KubeControllerManager() {
    }

    static ManagedProcess start(Processes processes, ClusterPki pki, Path adminKubeconfig, int securePort,
            Path certDir) {
        ManagedProcess kcm = processes.start("kube-controller-manager", List.of(
                E2eBinaries.kube("kube-controller-manager").toString(),
                "--kubeconfig=" + adminKubeconfig,
                "--authentication-kubeconfig=" + adminKubeconfig,
                "--authorization-kubeconfig=" + adminKubeconfig,
                "--bind-address=127.0.0.1",
                "--secure-port=" + securePort,
                "--cert-dir=" + certDir,
                "--leader-elect=false",
                // The fake kubelet renews no Lease: the node lifecycle controller would mark e2e-node Unknown
                // and taint-evict every pod after about five minutes.
                "--controllers=*,-node-lifecycle-controller",
                // Same CA as --client-ca-file, so certificates signed for CSRs authenticate to the apiserver.
                "--cluster-signing-cert-file=" + pki.caCert(),
                "--cluster-signing-key-file=" + pki.caKey(),
                "--root-ca-file=" + pki.caCert(),
                "--service-account-private-key-file=" + pki.serviceAccountKey(),
                "--v=1"), Map.of());
        HttpProbe probe = HttpProbe.trustingAnything();
        String healthz = "https://127.0.0.1:" + securePort + "/healthz";
        kcm.awaitReady("answer " + healthz, Duration.ofSeconds(60), () -> probe.ok(healthz));
        return kcm;
    }
}
