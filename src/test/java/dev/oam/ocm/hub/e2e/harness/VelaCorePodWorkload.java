package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod of KubeVela's controller image ({@code oamdev/vela-core:v<release>}, from any registry) as the real
 * vela-core binary of that release, built from the wrapper module go/kubevela-*: the container's own arguments,
 * a token of the pod's ServiceAccount as {@code KUBECONFIG} (vela-core has no working {@code --kubeconfig} flag),
 * in a network namespace of its own so that the chart's fixed ports ({@code :8080} metrics, {@code :9440}
 * health) are the pod's. Ready when its {@code /readyz} answers on the pod IP.
 */
final class VelaCorePodWorkload extends PodInOwnNetns {
    static final String IMAGE_NAME = "vela-core";
    /** controller-runtime's health default; the chart passes {@code --health-addr=:9440}. */
    private static final String DEFAULT_HEALTH_ADDR = ":9440";

    VelaCorePodWorkload(Pod pod, Container container, KubeletServices services) {
        super(pod, container, services);
    }

    /** Whether {@code image} is KubeVela's controller image, whatever registry mirrors it. */
    static boolean runs(String image) {
        return imageNamed(image, IMAGE_NAME);
    }

    /** Why this harness cannot run {@code image}, or empty when its release is the one built here. */
    static Optional<String> unrunnableBecause(String image) {
        Optional<String> release = ContainerCommand.release(image);
        String built = E2eBinaries.kubevelaVersion().replaceFirst("^v", "");
        if (release.isEmpty() || !release.get().equals(built)) {
            return Optional.of("image " + image + " names " + release.map(r -> "KubeVela " + r).orElse("no release")
                    + ", but the e2e harness builds only vela-core " + built + " (src/test/e2e/go/kubevela-" + built + ")");
        }
        return Optional.empty();
    }

    @Override
    public synchronized ManagedProcess launch() throws NotYetRunnableException {
        String namespace = pod.getMetadata().getNamespace();
        Path kubeconfig = services.tokens().kubeconfigFor(namespace, ControllerWorkload.serviceAccount(pod));
        TestNetwork.PodNetns netns = netns();
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns.name(),
                E2eBinaries.kubevela("vela-core").toString()));
        argv.addAll(ContainerCommand.argv(container));
        // In a pod controller-runtime reads the leader election namespace from the ServiceAccount mount; out of a
        // pod it refuses to elect without it (the chart always passes --enable-leader-election).
        argv.add("--leader-election-namespace=" + namespace);
        Map<String, String> env = ContainerCommand.environment(pod, container, netns.ip());
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HOME", services.podDir(pod, "home").toString());
        env.put("TMPDIR", services.podDir(pod, "tmp").toString());
        return services.processes().start("vela-core-" + pod.getMetadata().getName(), argv, env);
    }

    @Override
    public boolean isReady(ManagedProcess process) {
        String ip = podIp();
        String addr = ContainerCommand.flagValue(ContainerCommand.argv(container), "health-addr").orElse(DEFAULT_HEALTH_ADDR);
        return ip != null && probe.ok("http://" + ip + ":" + addr.substring(addr.lastIndexOf(':') + 1) + "/readyz");
    }
}
