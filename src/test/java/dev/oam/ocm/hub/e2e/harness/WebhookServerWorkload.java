package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * An OCM {@code webhook-server} (registration, work, addon) in the pod's own network namespace, so that its
 * pod IP is real: the EndpointSlice controller publishes it and the apiserver (aggregator routing) calls the
 * admission and conversion webhooks on it. One namespace per pod because they all listen on fixed ports.
 */
final class WebhookServerWorkload implements PodWorkload {
    /** Where OCM's Deployments mount the serving cert; controller-runtime's default cert dir. */
    static final String CERT_MOUNT = "/tmp/k8s-webhook-server/serving-certs";
    private static final Set<String> OWN_FLAGS = Set.of("kubeconfig", "certdir");
    /** OCM 1.2 hard-codes the health probe address ":8000" (no flag); later releases have one. */
    private static final String DEFAULT_HEALTH_PORT = "8000";
    private static final String DEFAULT_WEBHOOK_PORT = "9443";

    private final OcmContainer ocm;
    private final Pod pod;
    private final KubeletServices services;
    private final PodVolumes volumes;
    private final HttpProbe probe = HttpProbe.trustingAnything();
    private TestNetwork.PodNetns netns;
    /** Set when the pod's runner stopped: a probe already under way must not touch the pod's files again. */
    private boolean stopped;

    WebhookServerWorkload(OcmContainer ocm, KubeletServices services) {
        this.ocm = ocm;
        this.pod = ocm.pod();
        this.services = services;
        this.volumes = new PodVolumes(services, pod, ocm.container());
    }

    @Override
    public synchronized ManagedProcess launch() throws NotYetRunnableException {
        volumes.refresh();
        Path certDir = volumes.hostPath(CERT_MOUNT).orElseThrow(() -> new IllegalStateException("expected pod "
                + pod.getMetadata().getName() + " to mount a secret volume at " + CERT_MOUNT
                + " (OCM's webhook serving cert)"));
        String namespace = pod.getMetadata().getNamespace();
        Path kubeconfig = services.tokens().kubeconfigFor(namespace, ControllerWorkload.serviceAccount(pod));
        if (netns == null) {
            netns = services.network().addPodNetns(namespace + "/" + pod.getMetadata().getName());
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns.name(),
                ocm.binary().toString(), ocm.command().subcommand()));
        // The container's own flags as they are (feature gates, port; OCM 1.2 passes "port=9443", a positional
        // argument the command ignores).
        argv.addAll(volumes.translate(ContainerCommand.withoutFlags(ocm.args(), OWN_FLAGS)));
        argv.add("--kubeconfig=" + kubeconfig);
        argv.add("--certdir=" + certDir);
        Map<String, String> env = ContainerCommand.environment(pod, ocm.container(), netns.ip());
        env.put("TMPDIR", services.podDir(pod, "tmp").toString());
        env.put("HOME", services.podDir(pod, "home").toString());
        return services.processes().start(ocm.processName(), argv, env);
    }

    @Override
    public boolean isReady(ManagedProcess process) {
        String ip = podIp();
        String health = ContainerCommand.flagValue(ocm.args(), "health-probe-port").orElse(DEFAULT_HEALTH_PORT);
        int webhook = Integer.parseInt(ContainerCommand.flagValue(ocm.args(), "port").orElse(DEFAULT_WEBHOOK_PORT));
        // Health alone is not enough: the webhook server may still be starting, and the apiserver calls it as
        // soon as the pod is Ready (failurePolicy Fail).
        return ip != null && probe.ok("http://" + ip + ":" + health + "/readyz")
                && probe.answers("https://" + ip + ":" + webhook + "/");
    }

    @Override
    public synchronized String podIp() {
        return netns == null ? null : netns.ip();
    }

    /** OCM rotates the serving cert in the Secret; the kubelet would update the volume, so do we. */
    @Override
    public synchronized void maintain() {
        if (!stopped) {
            volumes.maintain();
        }
    }

    @Override
    public synchronized void cleanUp() {
        stopped = true;
        if (netns != null) {
            services.network().removePodNetns(netns);
            netns = null;
        }
    }
}
