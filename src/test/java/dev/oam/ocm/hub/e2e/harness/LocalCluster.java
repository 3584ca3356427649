package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real Kubernetes control plane on this machine, for end-to-end tests: etcd, kube-apiserver and
 * kube-controller-manager (real binaries, see {@link E2eBinaries}), one fake Node and a fake kubelet
 * that makes pods Ready and runs every OCM pod as the real binary of its image (see {@link OcmPodRunners}), with the
 * node's port-forward endpoint and the {@code kubernetes} Service's port 443 served by {@link KubeletApi}.
 *
 * <p>The apiserver listens on {@value TestNetwork#HOST_IP}:&lt;free port&gt;, the host end of the bridge of its
 * {@link TestHost} (subnet 10.213.0.0/24); webhook pods get their own network namespace on it. Several
 * clusters (a hub and a managed cluster) compose on one {@link TestHost}; {@link #start(Path)} makes a host
 * for one cluster. Everything lives under the work directory: {@code pki/}, {@code etcd/},
 * {@code kubeconfigs/}, {@code pods/} and {@code logs/<process>.log} (plus {@code harness.log}: what the fake
 * kubelet did, {@code kubectl.log}). One test host per machine at a time. Needs root (netns, bridge).
 */
public final class LocalCluster implements AutoCloseable {
    /** The user {@link #adminClient()} and {@link #adminKubeconfig()} authenticate as, as audit logs name it. */
    public static final String ADMIN_USER = "vela-e2e-admin";
    /** What start() makes under the work directory, and removes first if a previous run left it. */
    private static final List<String> OWNED_DIRS = List.of("logs", "pki", "etcd", "apiserver-certs", "kcm-certs",
            "kubeconfigs", "pods", "home", "kubectl-home", "clusteradm-home", "audit");
    private final Path workDir;
    private final Path logDir;
    private final long startNanos = System.nanoTime();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TestHost host;
    private final boolean ownsHost;
    private Processes processes;
    private ClusterPki pki;
    private String apiServerUrl;
    private int apiServerPort;
    private Path adminKubeconfig;
    private KubernetesClient admin;
    private ServiceAccountKubeconfigs tokens;
    private FakeKubelet kubelet;
    private Duration timeToApiServerReady;
    private Duration timeToReady;
    private boolean closed;

    private LocalCluster(TestHost host, boolean ownsHost, Path workDir) {
        this.host = host;
        this.ownsHost = ownsHost;
        this.workDir = workDir.toAbsolutePath();
        this.logDir = this.workDir.resolve("logs");
    }

    /**
     * Starts a cluster on a host of its own and returns once the apiserver is ready, KCM runs and the node
     * is Ready; close() also releases the host.
     */
    public static LocalCluster start(Path workDir) {
        Path dir = workDir.toAbsolutePath();
        // Cleaned before the host writes its network log into logs/.
        cleanWorkDir(dir);
        return boot(TestHost.open(dir.resolve("logs")), true, dir);
    }

    /**
     * Starts one more cluster on {@code host} (own PKI, etcd, apiserver, controller manager, node and fake
     * kubelet); {@code host.close()} stops it, or its own close().
     */
    public static LocalCluster start(TestHost host, Path workDir) {
        Path dir = workDir.toAbsolutePath();
        cleanWorkDir(dir);
        return boot(host, false, dir);
    }

    private static LocalCluster boot(TestHost host, boolean ownsHost, Path workDir) {
        // Every OCM release a pod may ask for is built now, before any scenario's clock starts: built lazily on a
        // fresh machine, the first install's wait would include minutes of Go compilation (a CI run failed so).
        E2eBinaries.buildOcmReleases();
        LocalCluster cluster = new LocalCluster(host, ownsHost, workDir);
        try {
            host.register(cluster);
            cluster.boot();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw new IllegalStateException("the local cluster did not start: " + e.getMessage()
                    + "\n(logs: " + cluster.logDir + ")", e);
        }
    }

    /** A previous run's etcd data would resurrect its objects, its logs would mislead: start clean. */
    private static void cleanWorkDir(Path workDir) {
        for (String owned : OWNED_DIRS) {
            deleteRecursively(workDir.resolve(owned));
        }
        createDirectories(workDir, workDir.resolve("logs"));
    }

    private void boot() {
        HarnessLog harnessLog = new HarnessLog(logDir, "harness");
        processes = new Processes(logDir, host.ledger());
        FreePorts ports = host.ports();
        ManagedProcess kcm = startControlPlane(ports);
        startNodeAndKubelet(ports, harnessLog);

        // Pods cannot be created in a namespace before the service account controller made its "default".
        Waits.until("serviceaccount default/default (made by kube-controller-manager)", Duration.ofSeconds(60),
                () -> admin.serviceAccounts().inNamespace("default").withName("default").get() != null,
                () -> "not there yet", kcm.logFile().toString());
        Waits.until("namespace kube-public (made by kube-apiserver)", Duration.ofSeconds(60),
                () -> admin.namespaces().withName("kube-public").get() != null, () -> "not there yet",
                logDir.resolve("kube-apiserver.log").toString());
        publishClusterInfo();
        timeToReady = sinceStart();
        harnessLog.info("cluster ready at " + apiServerUrl + ": apiserver after " + timeToApiServerReady.toMillis()
                + " ms, all after " + timeToReady.toMillis() + " ms");
    }

    /** etcd, the apiserver and KCM; returns KCM. */
    private ManagedProcess startControlPlane(FreePorts ports) {
        pki = ClusterPki.create(workDir.resolve("pki"), logDir, List.of(TestNetwork.HOST_IP, "127.0.0.1",
                KubeApiServer.FIRST_SERVICE_IP));
        int etcdPort = ports.next("127.0.0.1");
        Etcd.start(processes, workDir.resolve("etcd"), etcdPort, ports.next("127.0.0.1"));
        int apiPort = ports.next(TestNetwork.HOST_IP);
        apiServerPort = apiPort;
        KubeApiServer.start(processes, pki, Etcd.clientUrl(etcdPort), TestNetwork.HOST_IP, apiPort,
                workDir.resolve("apiserver-certs"), auditLog());
        timeToApiServerReady = sinceStart();
        apiServerUrl = KubeApiServer.url(TestNetwork.HOST_IP, apiPort);

        adminKubeconfig = workDir.resolve("kubeconfigs").resolve("admin.kubeconfig");
        Kubeconfigs.writeWithClientCert(adminKubeconfig, apiServerUrl, pki.caCert(), pki.adminCert(), pki.adminKey());
        admin = client(adminKubeconfig);
        toClose.add(admin::close);
        tokens = new ServiceAccountKubeconfigs(admin, apiServerUrl, pki.caCert(), workDir.resolve("kubeconfigs"));

        return KubeControllerManager.start(processes, pki, adminKubeconfig, ports.next("127.0.0.1"),
                workDir.resolve("kcm-certs"));
    }

    /**
     * ConfigMap kube-public/cluster-info, as kubeadm-made clusters (kind included) have it: {@code clusteradm join}
     * reads the joining cluster's address from it (the ManagedCluster's URL) and the hub's CA.
     */
    private void publishClusterInfo() {
        admin.configMaps().inNamespace("kube-public").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("cluster-info").withNamespace("kube-public").endMetadata()
                .withData(Map.of("kubeconfig", Kubeconfigs.clusterOnly(apiServerUrl, pki.caCert())))
                .build()).create();
    }

    private void startNodeAndKubelet(FreePorts ports, HarnessLog harnessLog) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
                FakeKubelet.daemon("e2e-pod-supervisor"));
        toClose.add(scheduler::shutdownNow);
        KubeletApi kubeletApi = KubeletApi.start(processes, adminKubeconfig, TestNetwork.HOST_IP,
                ports.next(TestNetwork.HOST_IP), host.network().addHostAddress(),
                TestNetwork.HOST_IP + ":" + apiServerPort);
        FakeNode node = new FakeNode(admin, kubeletApi.address(), kubeletApi.port(), harnessLog);
        node.register(scheduler);
        toClose.add(node);
        KubeletServices services = new KubeletServices(admin, processes, ports, host.network(), tokens,
                workDir.resolve("pods"), kubeletApi.kubernetesServiceIp(), harnessLog);
        kubelet = new FakeKubelet(admin, new OcmPodRunners(services, scheduler), harnessLog);
        kubelet.start();
        toClose.add(kubelet);
    }

    /** A fabric8 client authenticated as cluster admin (group system:masters). Closed by {@link #close()}. */
    public KubernetesClient adminClient() {
        return admin;
    }

    /** Kubeconfig of the admin client, for kubectl and clusteradm; the server is {@link #apiServerUrl()}. */
    public Path adminKubeconfig() {
        return adminKubeconfig;
    }

    /**
     * A kubeconfig that authenticates as ServiceAccount {@code namespace/serviceAccount} with a fresh
     * TokenRequest token (valid 24 h): RBAC applies as to a pod running under that account.
     */
    public Path kubeconfigFor(String namespace, String serviceAccount) {
        return withToken(namespace, serviceAccount, () -> tokens.kubeconfigFor(namespace, serviceAccount));
    }

    /** The identity of {@link #kubeconfigFor(String, String)} as a fabric8 client's environment, without a file. */
    public Map<String, String> clientEnvironmentFor(String namespace, String serviceAccount) {
        return withToken(namespace, serviceAccount, () -> tokens.clientEnvironmentFor(namespace, serviceAccount));
    }

    private interface TokenUse<T> {
        T get() throws PodWorkload.NotYetRunnableException;
    }

    /** A token is minted for a ServiceAccount the caller expects to exist; its absence is the caller's bug. */
    private static <T> T withToken(String namespace, String serviceAccount, TokenUse<T> use) {
        try {
            return use.get();
        } catch (PodWorkload.NotYetRunnableException e) {
            throw new IllegalStateException("expected serviceaccount " + namespace + "/" + serviceAccount
                    + " to exist for a TokenRequest", e);
        }
    }

    /** A fabric8 client for {@link #kubeconfigFor(String, String)}; the caller closes it. */
    public KubernetesClient clientFor(String namespace, String serviceAccount) {
        return client(kubeconfigFor(namespace, serviceAccount));
    }

    /**
     * With {@code failing}, the fake kubelet reports the pods in {@code namespace} matching
     * {@code labelSelector} (equality terms: {@code app=x,tier!=y}), existing and future ones, as not Ready
     * with a crash-looping container, whatever backs them (a real process keeps running); with
     * {@code !failing} it lifts that again. For degrading a component on purpose.
     */
    public void failPods(String namespace, String labelSelector, boolean failing) {
        kubelet.failPods(namespace, labelSelector, failing);
    }

    public String apiServerUrl() {
        return apiServerUrl;
    }

    /** Where every process and the harness write their logs: point a failing test here. */
    public Path logDir() {
        return logDir;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Starts further binaries (e.g. the operator under test, clusteradm) with a clean environment and logs
     * in {@link #logDir()}; close() stops those still running.
     */
    public Processes processes() {
        return processes;
    }

    /**
     * Runs a short command to completion (e.g. clusteradm init) with a clean environment, HOME under the
     * work directory, output appended to {@code <logDir>/<name>.log}; up to 10 minutes.
     */
    public CommandResult run(String name, String... command) {
        return Commands.run(logDir.resolve(name + ".log"), List.of(command),
                Map.of("HOME", workDir.resolve("home").toString()), null, Duration.ofMinutes(10));
    }

    public Kubectl kubectl() {
        return new Kubectl(adminKubeconfig, logDir);
    }

    /**
     * The apiserver's audit log: one JSON event per request (stage ResponseComplete, level Metadata: user,
     * verb, objectRef, responseStatus; no bodies). Outside {@link #logDir()}: it is large and not for reading.
     */
    public Path auditLog() {
        return workDir.resolve("audit").resolve("audit.log");
    }

    /** From {@link #start(Path)} to an apiserver answering /readyz. */
    public Duration timeToApiServerReady() {
        return timeToApiServerReady;
    }

    /** From {@link #start(Path)} to the whole cluster ready (KCM, node, fake kubelet). */
    public Duration timeToReady() {
        return timeToReady;
    }

    /**
     * Stops every process (pods first, etcd last) and, for a cluster that owns its host, removes the bridge and
     * every netns. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.err.println("e2e: closing " + toClose.get(i) + " failed: " + e);
            }
        }
        if (processes != null) {
            processes.stopAll(); // newest first: what tests started, then KCM, the apiserver, etcd
        }
        if (ownsHost) {
            host.close();
        }
    }

    private static KubernetesClient client(Path kubeconfig) {
        String text;
        try {
            text = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Config config = Config.fromKubeconfig(text);
        // The cluster is local: a proxy from the environment must not be used.
        config.setHttpProxy(null);
        config.setHttpsProxy(null);
        config.setNoProxy(new String[] {TestNetwork.HOST_IP, "127.0.0.1", "localhost"});
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + " from a previous run", e);
        }
    }

    private static void createDirectories(Path... dirs) {
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
        }
    }
}
