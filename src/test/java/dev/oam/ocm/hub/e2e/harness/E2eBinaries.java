package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real binaries the suite runs, from the cache that {@code src/test/e2e/build-binaries.sh} fills:
 * {@code ${VELA_OCM_E2E_CACHE:-~/.cache/vela-ocm-hub-e2e}/<component>-<version>/<binary>}. A missing
 * binary is built by that script (seconds when Go's caches are warm, about 15 minutes cold).
 */
public final class E2eBinaries {
    /** The Kubernetes release the wrapper module src/test/e2e/go/kube pins. */
    public static final String KUBE_VERSION = "1.34.3";
    public static final String CLUSTERADM_VERSION = "1.3.1";

    private static final Path BUILD_SCRIPT = Path.of("src/test/e2e/build-binaries.sh");

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
        return require("kube", KUBE_VERSION, name);
    }

    /** {@code registration-operator} or {@code registration} of one OCM release, e.g. "1.2.1". */
    public static Path ocm(String version, String name) {
        return require("ocm", version, name);
    }

    public static Path clusteradm() {
        return require("clusteradm", CLUSTERADM_VERSION, "clusteradm");
    }

    /**
     * The OCM binary when this repository can provide it (cached, or a wrapper module exists to build it);
     * empty for a release the suite does not pin.
     */
    static Optional<Path> ocmIfKnown(String version, String name) {
        Path cached = cacheRoot().resolve("ocm-" + version).resolve(name);
        if (Files.isExecutable(cached)) {
            return Optional.of(cached);
        }
        if (!Files.isDirectory(BUILD_SCRIPT.resolveSibling("go").resolve("ocm-" + version))) {
            return Optional.empty();
        }
        return Optional.of(ocm(version, name));
    }

    private static synchronized Path require(String component, String version, String name) {
        String key = component + "-" + version;
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
        CommandResult build = Commands.run(log, List.of("bash", BUILD_SCRIPT.toString(), key),
                goEnvironment(), null, Duration.ofMinutes(60));
        if (!build.succeeded() || !Files.isExecutable(binary)) {
            throw new IllegalStateException("expected " + binary + " after `bash " + BUILD_SCRIPT + " " + key
                    + "`, the build " + (build.succeeded() ? "did not produce it" : "failed") + ":\n"
                    + build.stderr().strip() + "\n(log: " + log + ")");
        }
        return binary;
    }

    /** Go needs its own variables (module proxy, caches) that the clean environment would drop. */
    private static Map<String, String> goEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
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
