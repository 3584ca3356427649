package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the stand-in node serves besides the fake kubelet's pod statuses, as one process of go/kubelet-api:
 * <ul>
 * <li>the kubelet's port-forward endpoint at {@link #address()}:{@link #port()} (the Node's InternalIP and kubelet
 * port), where kube-apiserver sends pods/portforward: cluster-proxy's agent reaches the hub's proxy-server so. Each
 * forwarded connection goes to the pod's IP, an address on the bridge, where a real process backs the pod.</li>
 * <li>the cluster's {@code kubernetes} Service at {@link #kubernetesServiceIp()}:443, relayed to the apiserver's real
 * port, as kube-proxy would: for names that lead to that Service and then dial 443 (cluster-proxy's ExternalName
 * Service named after the cluster, which its proxy-agent dials for every request through the tunnel).</li>
 * </ul>
 */
record KubeletApi(String address, int port, String kubernetesServiceIp) {
    static final int KUBERNETES_SERVICE_PORT = 443;

    /** Starts it (reading pods with {@code adminKubeconfig}) and waits until /healthz answers. */
    static KubeletApi start(Processes processes, Path adminKubeconfig, String address, int port,
            String kubernetesServiceIp, String apiServerAddress) {
        ManagedProcess process = processes.start("kubelet-api", List.of(
                E2eBinaries.kubeletApi().toString(),
                "--kubeconfig=" + adminKubeconfig,
                "--listen=" + address + ":" + port,
                "--relay=" + kubernetesServiceIp + ":" + KUBERNETES_SERVICE_PORT + "=" + apiServerAddress), Map.of());
        String health = "https://" + address + ":" + port + "/healthz";
        HttpProbe probe = HttpProbe.trustingAnything();
        process.awaitReady("answer " + health, Duration.ofSeconds(30), () -> probe.ok(health));
        return new KubeletApi(address, port, kubernetesServiceIp);
    }
}
