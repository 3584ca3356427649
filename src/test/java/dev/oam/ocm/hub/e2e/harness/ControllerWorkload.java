package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * A library-go controller of an OCM pod as a host process: the registration-operator ({@code hub},
 * {@code klusterlet}), the hub controllers (registration, placement, work manager, addon manager) and the
 * klusterlet agents. It runs the binary of the pod's release with the container's own arguments (paths into
 * its volumes translated to the pod's directory), authenticated as the pod's ServiceAccount, serving health
 * on a loopback port of its own (they all default to 8443).
 */
final class ControllerWorkload implements PodWorkload {
    /** Flags the harness sets itself; the container's values would point into a pod filesystem. */
    private static final Set<String> OWN_FLAGS = Set.of("kubeconfig", "namespace", "listen");
    private static final Duration UP_COUNTS_AS_READY = Duration.ofSeconds(2);

    private final OcmContainer ocm;
    private final Pod pod;
    private final KubeletServices services;
    private final PodVolumes volumes;
    private final HttpProbe probe = HttpProbe.trustingAnything();
    private final int healthPort;

    ControllerWorkload(OcmContainer ocm, KubeletServices services) {
        this.ocm = ocm;
        this.pod = ocm.pod();
        this.services = services;
        this.volumes = new PodVolumes(services, pod, ocm.container());
        this.healthPort = services.ports().next("127.0.0.1");
    }

    @Override
    public synchronized ManagedProcess launch() throws NotYetRunnableException {
        volumes.refresh();
        String namespace = pod.getMetadata().getNamespace();
        Path kubeconfig = services.tokens().kubeconfigFor(namespace, serviceAccount(pod));
        List<String> argv = new ArrayList<>();
        argv.add(ocm.binary().toString());
        argv.add(ocm.command().subcommand());
        argv.addAll(volumes.translate(ContainerCommand.withoutFlags(ocm.args(), OWN_FLAGS)));
        ocm.command().implicitPaths().forEach((path, flag) -> volumes.hostPath(path)
                .ifPresent(host -> argv.add("--" + flag + "=" + host)));
        // In a pod this is the in-cluster config of the pod's ServiceAccount: the same identity, the same RBAC.
        argv.add("--kubeconfig=" + kubeconfig);
        // In a pod library-go reads it from the ServiceAccount mount; without it the operator would use
        // "openshift-config-managed" for events and its leader lease.
        argv.add("--namespace=" + namespace);
        argv.add("--listen=127.0.0.1:" + healthPort);
        Map<String, String> env = ContainerCommand.environment(pod, ocm.container(), null);
        env.put("POD_NAME", pod.getMetadata().getName());
        // library-go writes a self-signed serving cert into $TMPDIR when none is mounted.
        env.put("TMPDIR", volumes.hostPath("/tmp").orElse(services.podDir(pod, "tmp")).toString());
        env.put("HOME", services.podDir(pod, "home").toString());
        return services.processes().start(ocm.processName(), argv, env);
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

    @Override
    public synchronized void maintain() {
        volumes.maintain();
    }

    static String serviceAccount(Pod pod) {
        String name = pod.getSpec().getServiceAccountName();
        return name == null || name.isEmpty() ? "default" : name;
    }
}
