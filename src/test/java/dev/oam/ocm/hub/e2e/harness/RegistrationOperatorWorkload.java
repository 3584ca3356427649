package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The registration-operator of a {@code cluster-manager} pod, as a host process:
 * {@code registration-operator hub} plus the container's own flags, authenticated as the pod's
 * ServiceAccount, serving health on a loopback port.
 */
final class RegistrationOperatorWorkload implements PodWorkload {
    static final String IMAGE = "registration-operator";
    /** Flags the harness sets itself; the container's values would point into a pod filesystem. */
    private static final Set<String> OWN_FLAGS = Set.of("kubeconfig", "namespace", "listen");
    private static final Duration UP_COUNTS_AS_READY = Duration.ofSeconds(2);

    private final Pod pod;
    private final String release;
    private final KubeletServices services;
    private final HttpProbe probe = HttpProbe.trustingAnything();
    private final int healthPort;

    RegistrationOperatorWorkload(Pod pod, String release, KubeletServices services) {
        this.pod = pod;
        this.release = release;
        this.services = services;
        this.healthPort = services.ports().next("127.0.0.1");
    }

    @Override
    public ManagedProcess launch() throws NotYetRunnableException {
        Container container = ContainerCommand.container(pod, IMAGE);
        String namespace = pod.getMetadata().getNamespace();
        Path kubeconfig = services.tokens().kubeconfigFor(namespace, serviceAccount(pod));
        List<String> extra = ContainerCommand.argsAfter(container, "hub");
        List<String> command = new ArrayList<>();
        command.add(E2eBinaries.ocm(release, IMAGE).toString());
        command.add("hub");
        command.addAll(ContainerCommand.withoutFlags(extra, OWN_FLAGS));
        command.add("--kubeconfig=" + kubeconfig);
        // Without it the operator would use "openshift-config-managed" for events and its leader lease.
        command.add("--namespace=" + namespace);
        command.add("--listen=127.0.0.1:" + healthPort);
        Map<String, String> env = ContainerCommand.environment(pod, container, null);
        env.put("POD_NAME", pod.getMetadata().getName());
        // It writes a self-signed serving cert into $TMPDIR when none is mounted.
        env.put("TMPDIR", services.podDir(pod, "tmp").toString());
        env.put("HOME", services.podDir(pod, "home").toString());
        return services.processes().start(IMAGE + "-" + pod.getMetadata().getName(), command, env);
    }

    @Override
    public boolean isReady(ManagedProcess process) {
        return probe.ok("https://127.0.0.1:" + healthPort + "/healthz")
                || Duration.between(process.startedAt(), Instant.now()).compareTo(UP_COUNTS_AS_READY) >= 0;
    }

    @Override
    public String podIp() {
        return null;
    }

    static String serviceAccount(Pod pod) {
        String name = pod.getSpec().getServiceAccountName();
        return name == null || name.isEmpty() ? "default" : name;
    }
}
