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
import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/**
 * {@code registration webhook-server} of a cluster-manager-registration-webhook pod, in the pod's own
 * network namespace, so that its pod IP is real: the EndpointSlice controller publishes it and the
 * apiserver (aggregator routing) calls the admission webhooks on it.
 */
final class RegistrationWebhookWorkload implements PodWorkload {
    static final String IMAGE = "registration";
    /** Where the Deployment mounts the serving cert; controller-runtime's default cert dir. */
    static final String CERT_MOUNT = "/tmp/k8s-webhook-server/serving-certs";
    private static final Set<String> OWN_FLAGS = Set.of("kubeconfig", "certdir");
    /** OCM 1.2 hard-codes the health probe address ":8000" (no flag); later releases have one. */
    private static final String DEFAULT_HEALTH_PORT = "8000";
    private static final String DEFAULT_WEBHOOK_PORT = "9443";
    private static final Duration SECRET_REFRESH = Duration.ofSeconds(10);

    private final Pod pod;
    private final String release;
    private final KubeletServices services;
    private final HttpProbe probe = HttpProbe.trustingAnything();
    private TestNetwork.PodNetns netns;
    private Instant secretReadAt = Instant.EPOCH;
    /** The last refresh failure logged, so a Secret that stays gone is reported once. */
    private String refreshError;
    /** Set when the pod's runner stopped: a probe already under way must not touch the pod's files again. */
    private boolean stopped;

    RegistrationWebhookWorkload(Pod pod, String release, KubeletServices services) {
        this.pod = pod;
        this.release = release;
        this.services = services;
    }

    @Override
    public synchronized ManagedProcess launch() throws NotYetRunnableException {
        Container container = ContainerCommand.container(pod, IMAGE);
        String namespace = pod.getMetadata().getNamespace();
        Path certDir = refreshCerts();
        Path kubeconfig = services.tokens().kubeconfigFor(namespace, RegistrationOperatorWorkload.serviceAccount(pod));
        if (netns == null) {
            netns = services.network().addPodNetns(namespace + "/" + pod.getMetadata().getName());
        }
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns.name(),
                E2eBinaries.ocm(release, IMAGE).toString(), "webhook-server"));
        // The container's own flags as they are (feature gates, port; OCM 1.2 passes "port=9443", a positional
        // argument the command ignores).
        command.addAll(ContainerCommand.withoutFlags(args(container), OWN_FLAGS));
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--certdir=" + certDir);
        Map<String, String> env = ContainerCommand.environment(pod, container, netns.ip());
        env.put("TMPDIR", services.podDir(pod, "tmp").toString());
        env.put("HOME", services.podDir(pod, "home").toString());
        return services.processes().start("registration-webhook-" + pod.getMetadata().getName(), command, env);
    }

    @Override
    public boolean isReady(ManagedProcess process) {
        Container container = ContainerCommand.container(pod, IMAGE);
        String ip = podIp();
        String health = ContainerCommand.flagValue(args(container), "health-probe-port").orElse(DEFAULT_HEALTH_PORT);
        int webhook = Integer.parseInt(ContainerCommand.flagValue(args(container), "port").orElse(DEFAULT_WEBHOOK_PORT));
        // Health alone is not enough: the webhook server may still be starting, and the apiserver calls it as
        // soon as the pod is Ready (failurePolicy Fail).
        return ip != null && probe.ok("http://" + ip + ":" + health + "/readyz")
                && probe.answers("https://" + ip + ":" + webhook + "/");
    }

    @Override
    public synchronized String podIp() {
        return netns == null ? null : netns.ip();
    }

    /**
     * OCM rotates the serving cert in the Secret; the kubelet would update the volume, so do we. Like the
     * kubelet, a Secret that went away (the hub being removed deletes it before the pod) leaves the last
     * files in place, and the failure is logged once per distinct error, not on every probe.
     */
    @Override
    public synchronized void maintain() {
        if (stopped || Duration.between(secretReadAt, Instant.now()).compareTo(SECRET_REFRESH) < 0) {
            return;
        }
        try {
            refreshCerts();
            refreshError = null;
        } catch (NotYetRunnableException | RuntimeException e) {
            secretReadAt = Instant.now();
            if (!String.valueOf(e.getMessage()).equals(refreshError)) {
                refreshError = String.valueOf(e.getMessage());
                services.log().warn(pod.getMetadata().getName() + ": cannot refresh its serving cert (keeps the"
                        + " last one; said once until the error changes): " + e.getMessage());
            }
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

    private Path refreshCerts() throws NotYetRunnableException {
        Container container = ContainerCommand.container(pod, IMAGE);
        SecretVolumeSource volume = SecretVolumes.mountedAt(pod, container, CERT_MOUNT)
                .orElseThrow(() -> new IllegalStateException("expected pod " + pod.getMetadata().getName()
                        + " to mount a secret volume at " + CERT_MOUNT + " (OCM's webhook serving cert)"));
        Path dir = services.podDir(pod, "volumes/serving-certs");
        if (SecretVolumes.materialise(services.client(), pod.getMetadata().getNamespace(), volume, dir)
                && !secretReadAt.equals(Instant.EPOCH)) {
            services.log().info(pod.getMetadata().getName() + ": serving cert updated from secret "
                    + volume.getSecretName());
        }
        secretReadAt = Instant.now();
        return dir;
    }

    private static List<String> args(Container container) {
        return ContainerCommand.argsAfter(container, "webhook-server");
    }
}
