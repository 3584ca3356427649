package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * KubeVela on a {@link LocalCluster}, installed as its vela-core chart would install it with the admission webhooks
 * and the cluster gateway turned off (no cert job, no second API server): the chart's 11 CRDs, its built-in
 * definitions in {@value #NAMESPACE}, and the {@code kubevela-vela-core} Deployment under a cluster-admin
 * ServiceAccount, whose pod the stand-in kubelet runs as the real vela-core ({@link VelaCorePodWorkload}). Plus
 * the {@code vela} CLI of the same release, as a user types it.
 */
public final class KubeVela {
    public static final String NAMESPACE = "vela-system";
    /** The chart's names with release name "kubevela": {@code <release>-<chart>}. */
    public static final String CONTROLLER = "kubevela-vela-core";
    /** The one Helm construct the chart's definitions use; anything else would need a real renderer. */
    private static final String SYSTEM_NAMESPACE_INCLUDE = "{{ include \"systemDefinitionNamespace\" . }}";
    private static final Pattern ANY_TEMPLATE = Pattern.compile("\\{\\{.*?}}");

    private final LocalCluster cluster;
    private final Path home;
    private final Path logFile;

    private KubeVela(LocalCluster cluster) {
        this.cluster = cluster;
        this.home = cluster.workDir().resolve("vela-home");
        this.logFile = cluster.logDir().resolve("vela.log");
    }

    /** Installs KubeVela and returns once vela-core is rolled out (its pod Ready). */
    public static KubeVela install(LocalCluster cluster) {
        return install(cluster, false);
    }

    /**
     * Installs KubeVela with multi-cluster on, as the chart's {@code multicluster.enabled=true} renders vela-core
     * ({@code --enable-cluster-gateway}), but without the chart's own cluster-gateway: the one serving
     * {@code v1alpha1.cluster.core.oam.dev} must already be Available (OCM's cluster-gateway addon), since vela-core
     * waits for it at start and gives up after 5 minutes.
     */
    public static KubeVela installWithClusterGateway(LocalCluster cluster) {
        return install(cluster, true);
    }

    private static KubeVela install(LocalCluster cluster, boolean clusterGateway) {
        KubeVela vela = new KubeVela(cluster);
        Kubectl kubectl = cluster.kubectl();
        Path chart = E2eBinaries.kubevelaChart();
        kubectl.runWithStdin(namespace(), "apply", "-f", "-").orThrow();
        // Server-side: the Application CRD is larger than the last-applied annotation allows.
        kubectl.run("apply", "--server-side", "-f", chart.resolve("crds").toString()).orThrow();
        kubectl.run("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s").orThrow();
        Path definitions = cluster.workDir().resolve("kubevela").resolve("definitions");
        renderDefinitions(chart.resolve("defwithtemplate"), definitions, NAMESPACE);
        kubectl.run("apply", "--server-side", "-f", definitions.toString()).orThrow();
        kubectl.runWithStdin(controller(E2eBinaries.kubevelaVersion(), clusterGateway), "apply", "-f", "-").orThrow();
        kubectl.run("-n", NAMESPACE, "rollout", "status", "deployment/" + CONTROLLER, "--timeout=180s").orThrow();
        return vela;
    }

    /**
     * Renders the chart's definition templates into {@code out}: their one template expression names the system
     * definition namespace. A template with any other expression is refused by name, so a new chart release
     * cannot be installed half-rendered.
     */
    static void renderDefinitions(Path templates, Path out, String namespace) {
        try (Stream<Path> files = Files.list(templates)) {
            Files.createDirectories(out);
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String rendered = Files.readString(file).replace(SYSTEM_NAMESPACE_INCLUDE, namespace);
                Matcher left = ANY_TEMPLATE.matcher(rendered);
                if (left.find()) {
                    throw new IllegalStateException("expected " + file + " to use no template expression but "
                            + SYSTEM_NAMESPACE_INCLUDE + ", found " + left.group());
                }
                Files.writeString(out.resolve(file.getFileName()), rendered);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the KubeVela definitions of " + templates, e);
        }
    }

    /**
     * {@code vela <args...>} against the cluster's admin kubeconfig, with up to {@code timeout} (the CLI's own
     * addon wait is 10 minutes); logged to {@code <logDir>/vela.log}.
     */
    public CommandResult run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(E2eBinaries.kubevela("vela").toString());
        command.addAll(List.of(args));
        return Commands.run(logFile, command, Map.of("HOME", home.toString(),
                "KUBECONFIG", cluster.adminKubeconfig().toString()), null, timeout);
    }

    private static String namespace() {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                """.formatted(NAMESPACE);
    }

    /**
     * The chart's ServiceAccount, its cluster-admin binding (the chart's default without authentication) and the
     * controller Deployment with the arguments the chart renders from its default values, with
     * {@code admissionWebhooks.enabled=false} and {@code multicluster.enabled} as asked: no webhook flags, and
     * {@code --enable-cluster-gateway} only with multi-cluster (the chart's default cluster-gateway is not direct, so
     * vela-core reaches clusters through the aggregated API, no {@code --cluster-gateway-url}). The label {@code controller.oam.dev/name=vela-core} and the container name
     * {@code kubevela} are what {@code vela addon enable} reads the running release from.
     */
    static String controller(String version, boolean clusterGateway) {
        String yaml = """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: %1$s
                  namespace: %2$s
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: %1$s:manager-rolebinding
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: cluster-admin
                subjects:
                - kind: ServiceAccount
                  name: %1$s
                  namespace: %2$s
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %2$s
                  labels:
                    controller.oam.dev/name: vela-core
                    app.kubernetes.io/name: vela-core
                    app.kubernetes.io/instance: kubevela
                    app.kubernetes.io/version: "%3$s"
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: vela-core
                      app.kubernetes.io/instance: kubevela
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: vela-core
                        app.kubernetes.io/instance: kubevela
                    spec:
                      serviceAccountName: %1$s
                      containers:
                      - name: kubevela
                        image: oamdev/vela-core:v%3$s
                        args:
                        - --metrics-addr=:8080
                        - --enable-leader-election
                        - --optimize-mark-with-prob=0.1
                        - --optimize-disable-component-revision
                        - --health-addr=:9440
                        - --system-definition-namespace=%2$s
                        - --application-revision-limit=2
                        - --definition-revision-limit=2
                        - --application-re-sync-period=5m
                        - --concurrent-reconciles=4
                        - --kube-api-qps=400
                        - --kube-api-burst=600
                        - --max-workflow-wait-backoff-time=60
                        - --max-workflow-failed-backoff-time=300
                        - --max-workflow-step-error-retry-times=10
                        - --feature-gates=EnableSuspendOnFailure=false
                        - --feature-gates=AuthenticateApplication=false
                        - --feature-gates=GzipResourceTracker=false
                        - --feature-gates=ZstdResourceTracker=true
                        - --feature-gates=ApplyOnce=false
                        - --feature-gates=MultiStageComponentApply=true
                        - --feature-gates=GzipApplicationRevision=false
                        - --feature-gates=ZstdApplicationRevision=true
                        - --feature-gates=PreDispatchDryRun=true
                        - --feature-gates=DisableBootstrapClusterInfo=false
                        - --feature-gates=InformerCacheFilterUnnecessaryFields=true
                        - --feature-gates=SharedDefinitionStorageForApplicationRevision=true
                        - --feature-gates=DisableWorkflowContextConfigMapCache=true
                        resources:
                          limits:
                            cpu: 500m
                            memory: 1Gi
                          requests:
                            cpu: 50m
                            memory: 20Mi
                """.formatted(CONTROLLER, NAMESPACE, version.replaceFirst("^v", ""));
        if (!clusterGateway) {
            return yaml;
        }
        // Where the chart puts it: before the feature gates, with the same indentation.
        String gates = "- --feature-gates=EnableSuspendOnFailure=false";
        int at = yaml.indexOf(gates);
        String indent = yaml.substring(yaml.lastIndexOf('\n', at) + 1, at);
        return yaml.substring(0, at) + "- --enable-cluster-gateway\n" + indent + yaml.substring(at);
    }
}
