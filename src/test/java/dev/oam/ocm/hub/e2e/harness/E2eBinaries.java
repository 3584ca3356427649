package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real binaries the suite runs, from the cache that {@code src/test/e2e/build-binaries.sh} fills:
 * {@code ${VELA_OCM_E2E_CACHE:-~/.cache/vela-ocm-hub-e2e}/<component>-<version>/<binary>}. A missing
 * binary is built by that script (seconds when Go's caches are warm, about 15 minutes cold), whose progress
 * (which binary, how long so far) is printed as it goes.
 */
public final class E2eBinaries {
    private static final Path BUILD_SCRIPT = Path.of("src/test/e2e/build-binaries.sh");
    private static final Path MODULES = BUILD_SCRIPT.resolveSibling("go");
    /** The addons whose agents and managers run as real binaries (go/&lt;addon&gt;-&lt;version&gt;), and the module each pins. */
    static final Map<String, String> ADDON_MODULES = Map.of(
            "managed-serviceaccount", "open-cluster-management.io/managed-serviceaccount",
            "cluster-proxy", "open-cluster-management.io/cluster-proxy",
            "cluster-gateway", "github.com/oam-dev/cluster-gateway");

    private E2eBinaries() {
    }

    public static Path cacheRoot() {
        String override = System.getenv("VELA_OCM_E2E_CACHE");
        return override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".cache", "vela-ocm-hub-e2e");
    }

    /** {@code etcd}, {@code kube-apiserver} or {@code kube-controller-manager}. */
    public static Path kube(String name) {
        return require("kube", kubeVersion(), name);
    }

    /** {@code registration-operator} or {@code registration} of one OCM release, e.g. "1.2.1". */
    public static Path ocm(String version, String name) {
        return require("ocm", version, name);
    }

    /** Builds the binaries of every OCM release under go/ocm-* that are not cached yet (one build per release). */
    static void buildOcmReleases() {
        for (String release : ocmReleases()) {
            require("ocm", release, "registration-operator");
        }
    }

    public static Path clusteradm() {
        return require("clusteradm", clusteradmVersion(), "clusteradm");
    }

    /** The CUE command line, which evaluates the KubeVela addon's template as {@code vela addon enable} does. */
    public static Path cue() {
        return require("cue", toolVersion("cue", "cuelang.org/go"), "cue");
    }

    /** The Helm command line (go/helm). */
    public static Path helm() {
        return require("helm", toolVersion("helm", "helm.sh/helm/v3"), "helm");
    }

    /** Our small main around cli-utils' kstatus (go/kstatus): the health rules Flux and kstatus-based tools apply. */
    public static Path kstatus() {
        return require("kstatus", toolVersion("kstatus", "sigs.k8s.io/cli-utils"), "kstatus");
    }

    /** Our small main that runs an Argo CD health Lua script in gopher-lua, as Argo CD does (go/argocd-lua). */
    public static Path argoCdLua() {
        return require("argocd-lua", toolVersion("argocd-lua", "github.com/yuin/gopher-lua"), "argocd-lua");
    }

    /**
     * Our small main that serves the stand-in node's kubelet port-forward endpoint and relays the kubernetes
     * Service's port (go/kubelet-api), on the kubelet streaming code of the same Kubernetes release.
     */
    public static Path kubeletApi() {
        return require("kubelet-api", toolVersion("kubelet-api", "k8s.io/kubelet"), "kubelet-api");
    }

    /** Our small main around Prometheus' rule-file checker, model/rulefmt (go/promrules). */
    public static Path promRules() {
        return require("promrules", toolVersion("promrules", "github.com/prometheus/prometheus"), "promrules");
    }

    /** {@code vela-core} (the KubeVela controller) or {@code vela} (its CLI), of the one wrapper go/kubevela-*. */
    public static Path kubevela(String name) {
        return require("kubevela", kubevelaVersion(), name);
    }

    /**
     * The vela-core chart's {@code crds/} and {@code defwithtemplate/} directories, which the build script copies
     * beside the binaries from the same module (a directory passes the same executable check as a binary).
     */
    static Path kubevelaChart() {
        return require("kubevela", kubevelaVersion(), "chart");
    }

    /**
     * A binary of an OCM addon, from the one wrapper module go/&lt;addon&gt;-&lt;version&gt;: {@code msa} of
     * {@code managed-serviceaccount}; {@code addon-manager}, {@code addon-agent}, {@code cluster-proxy},
     * {@code proxy-server} or {@code proxy-agent} of {@code cluster-proxy}; {@code addon-manager} or {@code apiserver}
     * of {@code cluster-gateway}.
     */
    public static Path addon(String addon, String name) {
        return require(addon, addonVersion(addon), name);
    }

    /** The release of an addon's wrapper module, e.g. "0.10.0" for go/cluster-proxy-0.10.0. */
    public static String addonVersion(String addon) {
        String module = ADDON_MODULES.get(addon);
        if (module == null) {
            throw new IllegalArgumentException("no wrapper module for addon " + addon + "; known: " + ADDON_MODULES.keySet());
        }
        return moduleVersion(onlyModule(addon + "-").resolve("go.mod"), module);
    }

    /** The KubeVela release of the one wrapper module go/kubevela-*. */
    public static String kubevelaVersion() {
        return moduleVersion(onlyModule("kubevela-").resolve("go.mod"), "github.com/oam-dev/kubevela");
    }

    /**
     * Every cache key this class can ask the build script for: one per wrapper module that a scenario uses.
     * A test runs {@code build-binaries.sh --check} on each, so a key the script does not know fails in
     * seconds instead of on a fresh machine's first scenario.
     */
    static List<String> cacheKeysInUse() {
        List<String> keys = new ArrayList<>();
        keys.add(cacheKey("kube", kubeVersion()));
        keys.add(cacheKey("clusteradm", clusteradmVersion()));
        keys.add(cacheKey("cue", toolVersion("cue", "cuelang.org/go")));
        keys.add(cacheKey("helm", toolVersion("helm", "helm.sh/helm/v3")));
        keys.add(cacheKey("kstatus", toolVersion("kstatus", "sigs.k8s.io/cli-utils")));
        keys.add(cacheKey("argocd-lua", toolVersion("argocd-lua", "github.com/yuin/gopher-lua")));
        keys.add(cacheKey("promrules", toolVersion("promrules", "github.com/prometheus/prometheus")));
        keys.add(cacheKey("kubelet-api", toolVersion("kubelet-api", "k8s.io/kubelet")));
        keys.add(cacheKey("kubevela", kubevelaVersion()));
        for (String addon : ADDON_MODULES.keySet()) {
            keys.add(cacheKey(addon, addonVersion(addon)));
        }
        for (String release : ocmReleases()) {
            keys.add(cacheKey("ocm", release));
        }
        return keys;
    }

    /** The OCM releases with a wrapper module under go/ocm-<version>. */
    static List<String> ocmReleases() {
        try (Stream<Path> dirs = Files.list(MODULES)) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("ocm-"))
                    .map(n -> n.substring("ocm-".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + MODULES.toAbsolutePath()
                    + " (run the tests from the repository root)", e);
        }
    }

    /** The command that builds (or, with --check, only resolves) the binaries of one cache key. */
    static List<String> buildCommand(String key, boolean checkOnly) {
        return checkOnly ? List.of("bash", BUILD_SCRIPT.toString(), "--check", key)
                : List.of("bash", BUILD_SCRIPT.toString(), key);
    }

    private static String cacheKey(String component, String version) {
        return component + "-" + version;
    }

    private static String toolVersion(String module, String pinned) {
        return moduleVersion(MODULES.resolve(module).resolve("go.mod"), pinned);
    }

    /** The Kubernetes release of the wrapper module go/kube (the build script keys its cache the same way). */
    public static String kubeVersion() {
        return moduleVersion(MODULES.resolve("kube").resolve("go.mod"), "k8s.io/kubernetes");
    }

    /** The clusteradm release of the one wrapper module go/clusteradm-*. */
    public static String clusteradmVersion() {
        return moduleVersion(onlyModule("clusteradm-").resolve("go.mod"), "open-cluster-management.io/clusteradm");
    }

    /** The wrapper module directory go/<prefix><version> (one per component that pins a single release). */
    private static Path onlyModule(String prefix) {
        try (Stream<Path> dirs = Files.list(MODULES)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("expected a wrapper module " + MODULES
                            + "/" + prefix + "<version>"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + MODULES.toAbsolutePath()
                    + " (run the tests from the repository root)", e);
        }
    }

    private static String moduleVersion(Path goMod, String module) {
        Pattern requirement = Pattern.compile("^\\s*(?:require\\s+)?" + Pattern.quote(module) + "\\s+v(\\S+)");
        try {
            for (String line : Files.readAllLines(goMod)) {
                Matcher match = requirement.matcher(line);
                if (match.find()) {
                    return match.group(1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + goMod.toAbsolutePath()
                    + " (run the tests from the repository root)", e);
        }
        throw new IllegalStateException("expected " + goMod + " to require " + module);
    }

    /**
     * Whether this repository can provide the OCM binary: cached, or a wrapper module under
     * src/test/e2e/go/ocm-<version> exists to build it. Builds nothing.
     */
    static boolean ocmAvailable(String version, String name) {
        return Files.isExecutable(cacheRoot().resolve("ocm-" + version).resolve(name))
                || Files.isDirectory(MODULES.resolve("ocm-" + version));
    }

    private static synchronized Path require(String component, String version, String name) {
        String key = cacheKey(component, version);
        Path binary = cacheRoot().resolve(key).resolve(name);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        if (!Files.isRegularFile(BUILD_SCRIPT)) {
            throw new IllegalStateException("expected the binary " + binary + "; it is missing and " + BUILD_SCRIPT
                    + " is not reachable from " + Path.of("").toAbsolutePath() + " (run the tests from the "
                    + "repository root, or run the script yourself)");
        }
        Path log = cacheRoot().resolve("build-" + key + ".log");
        System.out.println("e2e: " + binary + " is missing; building it with `bash " + BUILD_SCRIPT + " " + key
                + "` (about 15 minutes on a cold machine; log: " + log + ")");
        CommandResult build = Commands.run(log, buildCommand(key, false), goEnvironment(), null,
                Duration.ofMinutes(60), line -> System.out.println("e2e: " + line));
        if (!build.succeeded() || !Files.isExecutable(binary)) {
            throw new IllegalStateException("expected " + binary + " after `bash " + BUILD_SCRIPT + " " + key
                    + "`, the build " + (build.succeeded() ? "did not produce it" : "failed") + ":\n"
                    + build.stderr().strip() + "\n(log: " + log + ")");
        }
        return binary;
    }

    /** Go needs its own variables (module proxy, caches) that the clean environment would drop. */
    private static Map<String, String> goEnvironment() {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "GOPATH", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS",
                "GONOSUMDB", "GOSUMDB", "GOTOOLCHAIN", "VELA_OCM_E2E_CACHE", "HTTPS_PROXY", "HTTP_PROXY",
                "NO_PROXY", "https_proxy", "http_proxy", "no_proxy")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }
}
