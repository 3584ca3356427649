package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * A pod of an OCM addon (a manager on the hub, cluster-proxy's proxy-server, an agent a manager deployed through a
 * ManifestWork) with every container as the real binary {@link AddonImages} names, each a process supervised like a
 * kubelet's container (restarted on exit, independently of the others), all in the pod's one network namespace.
 *
 * <p>Unlike OCM's own controllers, these binaries take no {@code --kubeconfig} for their own cluster: they use the
 * in-cluster config. So each container gets a private mount namespace ({@code unshare -m}) in which it sees what a
 * kubelet mounts: a tmpfs at {@value #SERVICE_ACCOUNT_DIR} holding a TokenRequest token of the pod's ServiceAccount,
 * the cluster CA and the namespace, and its Secret, ConfigMap and emptyDir volumes at their mount paths (bind mounts
 * of {@link PodVolumes}' directories; a mount point missing on this host is created as an empty directory, which
 * outside the namespace stays empty). {@code KUBERNETES_SERVICE_HOST/PORT} point at the cluster's apiserver, and
 * {@code ip netns exec} puts {@code /etc/netns/<netns>/hosts} over {@code /etc/hosts}: it resolves
 * {@code kubernetes.default.svc}, the pod's host aliases and every Service with a ready endpoint as
 * {@code <svc>.<ns>.svc}, and as {@code <svc>} in the pod's own namespace, as the search domains would (the endpoint's
 * address: there is no kube-proxy, so the Service port must be the target port), plus every ExternalName Service that
 * names the {@code kubernetes} Service, at the address where {@link KubeletApi} relays its port 443 (cluster-proxy's
 * agent dials {@code <cluster name>:443}). The file is refreshed while the pod runs (a Service made after the pod).
 * A container counts as Ready once its process has run for 2 s (these pods declare no readiness probe).
 */
final class AddonPod implements PodRunner {
    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final Duration UP_COUNTS_AS_READY = Duration.ofSeconds(2);
    private static final Duration HOSTS_REFRESH = Duration.ofSeconds(10);

    private final Pod pod;
    private final KubeletServices services;
    private final PodInOwnNetns.Netns netns;
    private final List<SupervisedPodProcess> containers = new ArrayList<>();
    private Instant hostsWrittenAt = Instant.MIN;

    AddonPod(Pod pod, List<AddonImages.Launch> launches, KubeletServices services, ScheduledExecutorService supervisor,
             Runnable onChange) {
        this.pod = pod;
        this.services = services;
        this.netns = new PodInOwnNetns.Netns(services, pod);
        List<Container> specs = pod.getSpec().getContainers();
        for (int i = 0; i < specs.size(); i++) {
            Container container = specs.get(i);
            containers.add(new SupervisedPodProcess(FakeKubelet.key(pod) + "/" + container.getName(),
                    pod.getSpec().getRestartPolicy(), new ContainerWorkload(container, launches.get(i)), supervisor,
                    onChange, services.log()));
        }
    }

    @Override
    public void start() {
        containers.forEach(SupervisedPodProcess::start);
    }

    @Override
    public PodRunState state() {
        return combined(containers.stream().map(SupervisedPodProcess::state).toList(), netns.ip());
    }

    @Override
    public void stop() {
        containers.forEach(SupervisedPodProcess::stop);
        if (netns.ip() == null) {
            return; // never launched: no namespace, no hosts file
        }
        Path hosts = hostsDir();
        netns.release();
        try {
            deleteRecursively(hosts);
        } catch (IOException e) {
            services.log().warn(FakeKubelet.key(pod) + ": cannot remove " + hosts + ": " + e);
        }
    }

    /**
     * The pod's state from its containers', as the kubelet sums them up: running when all run, Ready when all are,
     * restarts added up; otherwise the first container that does not run says why.
     */
    static PodRunState combined(List<PodRunState> containers, String podIp) {
        int restarts = containers.stream().mapToInt(PodRunState::restartCount).sum();
        for (PodRunState state : containers) {
            if (!state.running()) {
                return new PodRunState(false, false, podIp, restarts, state.waitingReason(), state.message(), null,
                        state.exitCode());
            }
        }
        boolean ready = containers.stream().allMatch(PodRunState::ready);
        Instant started = containers.stream().map(PodRunState::startedAt).max(Comparator.naturalOrder()).orElse(null);
        return PodRunState.running(ready, podIp, restarts, started);
    }

    /**
     * The pod's /etc/hosts: localhost, the pod itself, the apiserver as the {@code kubernetes} Service, the pod's
     * host aliases, then each Service name ({@code <svc>.<ns>.svc} and its longer and shorter forms, the bare name
     * for a Service of the pod's namespace) to its address.
     */
    static String hostsFile(String podIp, String podName, String podNamespace, String apiServerIp,
                            List<HostAlias> aliases, Map<String, String> serviceIps) {
        StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n");
        if (podIp != null) {
            hosts.append(podIp).append('\t').append(podName).append('\n');
        }
        hosts.append(apiServerIp).append('\t').append(String.join(" ", serviceNames(KUBERNETES, podNamespace)))
                .append('\n');
        for (HostAlias alias : aliases) {
            hosts.append(alias.getIp()).append('\t').append(String.join(" ", alias.getHostnames())).append('\n');
        }
        new TreeMap<>(serviceIps).forEach((service, ip) -> {
            if (!KUBERNETES.equals(service)) {
                hosts.append(ip).append('\t').append(String.join(" ", serviceNames(service, podNamespace)))
                        .append('\n');
            }
        });
        return hosts.toString();
    }

    private static final String KUBERNETES = "default/kubernetes";

    private static List<String> serviceNames(String namespacedName, String podNamespace) {
        String namespace = namespacedName.substring(0, namespacedName.indexOf('/'));
        String name = namespacedName.substring(namespacedName.indexOf('/') + 1);
        String svc = name + "." + namespace + ".svc";
        List<String> names = new ArrayList<>(List.of(svc, svc + ".cluster.local", name + "." + namespace));
        if (KUBERNETES.equals(namespacedName) || namespace.equals(podNamespace)) {
            names.add(0, name);
        }
        return names;
    }

    /**
     * Service namespace/name to {@code kubernetesServiceIp} for each ExternalName Service whose external name is one
     * of the {@code kubernetes} Service's names (with or without the trailing dot).
     */
    static Map<String, String> externalNamesOfKubernetes(List<Service> services, String kubernetesServiceIp) {
        List<String> kubernetesNames = serviceNames(KUBERNETES, "default");
        Map<String, String> ips = new LinkedHashMap<>();
        for (Service service : services) {
            if (service.getSpec() == null || !"ExternalName".equals(service.getSpec().getType())
                    || service.getSpec().getExternalName() == null) {
                continue;
            }
            String target = service.getSpec().getExternalName();
            target = target.endsWith(".") ? target.substring(0, target.length() - 1) : target;
            if (kubernetesNames.contains(target)) {
                ips.put(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(),
                        kubernetesServiceIp);
            }
        }
        return ips;
    }

    /**
     * The shell that runs in the container's fresh mount namespace: the ServiceAccount tmpfs filled from
     * {@code serviceAccountFiles}, each volume bound at its mount path, then the binary in its place ({@code exec "$@"}).
     */
    static String mountScript(Path serviceAccountFiles, Map<String, Path> mounts) {
        StringBuilder script = new StringBuilder("set -e\n");
        script.append("mount -t tmpfs -o size=1m,mode=0755 tmpfs ").append(quoted(SERVICE_ACCOUNT_DIR)).append('\n');
        for (String file : List.of("token", "ca.crt", "namespace")) {
            script.append("cp ").append(quoted(serviceAccountFiles.resolve(file).toString())).append(' ')
                    .append(quoted(SERVICE_ACCOUNT_DIR + "/" + file)).append('\n');
        }
        // Shorter paths first, so /etc/a/b is bound inside an /etc/a volume rather than hidden by it.
        mounts.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparingInt(String::length)))
                .forEach(m -> script.append("mount --bind ").append(quoted(m.getValue().toString())).append(' ')
                        .append(quoted(m.getKey())).append('\n'));
        script.append("exec \"$@\"\n");
        return script.toString();
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * Service namespace/name to the address of one ready endpoint, for every Service of the cluster that has one, and
     * to the relayed {@code kubernetes} Service for an ExternalName Service that names it.
     */
    private Map<String, String> serviceIps() {
        Map<String, String> ips = externalNamesOfKubernetes(
                services.client().services().inAnyNamespace().list().getItems(), services.kubernetesServiceIp());
        for (EndpointSlice slice : services.client().discovery().v1().endpointSlices().inAnyNamespace().list().getItems()) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get("kubernetes.io/service-name");
            if (service == null || !"IPv4".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (ready && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                    ips.putIfAbsent(slice.getMetadata().getNamespace() + "/" + service, endpoint.getAddresses().get(0));
                }
            }
        }
        return ips;
    }

    /**
     * Writes the pod's hosts file when its content changed, in place: {@code ip netns exec} bind-mounts that very file
     * over /etc/hosts of the running containers, and a resolver reads it again once it changed.
     */
    private synchronized void writeHosts(String podIp) throws IOException {
        String content = hostsFile(podIp, pod.getMetadata().getName(), pod.getMetadata().getNamespace(),
                URI.create(services.tokens().server()).getHost(), pod.getSpec().getHostAliases(), serviceIps());
        Path file = hostsDir().resolve("hosts");
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        hostsWrittenAt = Instant.now();
    }

    /** For a Service made after the pod started: at most every {@link #HOSTS_REFRESH}, shared by the containers. */
    private void refreshHosts() throws IOException {
        String podIp;
        synchronized (this) {
            podIp = netns.ip();
            if (podIp == null || Duration.between(hostsWrittenAt, Instant.now()).compareTo(HOSTS_REFRESH) < 0) {
                return;
            }
        }
        writeHosts(podIp);
    }

    /** What {@code ip netns exec} binds over /etc for processes of the pod's namespace. */
    private Path hostsDir() {
        return Path.of("/etc/netns", netns.get().name());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One container: its binary, in the pod's network namespace and its own mount namespace. */
    private final class ContainerWorkload extends PodInOwnNetns {
        private final AddonImages.Launch launch;
        private final PodVolumes volumes;

        ContainerWorkload(Container container, AddonImages.Launch launch) {
            super(AddonPod.this.pod, container, AddonPod.this.services, AddonPod.this.netns);
            this.launch = launch;
            this.volumes = new PodVolumes(services, pod, container);
        }

        @Override
        public synchronized ManagedProcess launch() throws NotYetRunnableException {
            volumes.refresh();
            String namespace = pod.getMetadata().getNamespace();
            String token = services.tokens().token(namespace, ControllerWorkload.serviceAccount(pod));
            Path serviceAccount = services.podDir(pod, "serviceaccount/" + container.getName());
            URI apiServer = URI.create(services.tokens().server());
            TestNetwork.PodNetns podNetns = netns();
            Map<String, Path> mounts = volumes.mounts();
            try {
                Files.writeString(serviceAccount.resolve("token"), token, StandardCharsets.UTF_8);
                Files.copy(services.tokens().caCert(), serviceAccount.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(serviceAccount.resolve("namespace"), namespace, StandardCharsets.UTF_8);
                Files.createDirectories(Path.of(SERVICE_ACCOUNT_DIR));
                for (Map.Entry<String, Path> mount : mounts.entrySet()) {
                    createMountPoint(Path.of(mount.getKey()), Files.isDirectory(mount.getValue()));
                }
                writeHosts(podNetns.ip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the files of pod " + FakeKubelet.key(pod), e);
            }
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", podNetns.name(),
                    "unshare", "--mount", "--propagation", "private",
                    "sh", "-c", mountScript(serviceAccount, mounts), "sh",
                    E2eBinaries.addon(launch.addon(), launch.binary()).toString()));
            argv.addAll(launch.args());
            Map<String, String> env = ContainerCommand.environment(pod, container, podNetns.ip());
            env.put("KUBERNETES_SERVICE_HOST", apiServer.getHost());
            env.put("KUBERNETES_SERVICE_PORT", String.valueOf(apiServer.getPort()));
            env.put("HOME", services.podDir(pod, "home/" + container.getName()).toString());
            return services.processes().start(launch.binary() + "-" + pod.getMetadata().getName() + "-"
                    + container.getName(), argv, env);
        }

        @Override
        public boolean isReady(ManagedProcess process) {
            return Duration.between(process.startedAt(), Instant.now()).compareTo(UP_COUNTS_AS_READY) >= 0;
        }

        @Override
        public synchronized void maintain() {
            volumes.maintain();
            try {
                refreshHosts();
            } catch (IOException | RuntimeException e) {
                services.log().warn(FakeKubelet.key(pod) + ": cannot refresh its hosts file (keeps the last): " + e);
            }
        }

        /** A directory for a volume, an empty file for a subPath file; left in place (empty) after the pod. */
        private static void createMountPoint(Path target, boolean directory) throws IOException {
            if (directory) {
                Files.createDirectories(target);
            } else if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Files.createFile(target);
            }
        }
    }
}
