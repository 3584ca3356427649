package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * {@code <sandbox>/sandbox.env}: what a shell needs to use the sandbox, {@code source}d by the user. It exports
 * {@link #VARIABLES} and nothing else. PATH starts with {@code <sandbox>/bin}, links to the kubectl and clusteradm
 * the sandbox itself uses, so the join command pasted from the status runs the same binaries as the e2e suite.
 */
public final class SandboxEnv {
    public static final String FILE_NAME = "sandbox.env";
    public static final List<String> VARIABLES = List.of("HUB_KUBECONFIG", "KUBECONFIG", "CLUSTER1_KUBECONFIG",
            "HUB_API_SERVER", "PATH");

    private SandboxEnv() {
    }

    /**
     * Links kubectl, clusteradm and {@code moreTools} (each by its file name, e.g. a built vela or helm) into
     * {@code <sandboxDir>/bin} and writes the env file in one rename, so whoever waits for the file never reads half
     * of it. Returns the file.
     */
    public static Path write(Path sandboxDir, Path hubKubeconfig, Path cluster1Kubeconfig, String hubApiServer,
                      Path kubectl, Path clusteradm, Path... moreTools) {
        Path bin = sandboxDir.resolve("bin");
        Path file = sandboxDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(bin);
            link(bin.resolve("kubectl"), kubectl);
            link(bin.resolve("clusteradm"), clusteradm);
            for (Path tool : moreTools) {
                link(bin.resolve(tool.getFileName().toString()), tool);
            }
            String text = "# Written by the sandbox (mvn -B -Psandbox verify) once the hub and cluster1 are up.\n"
                    + "export HUB_KUBECONFIG=" + quote(hubKubeconfig.toString()) + "\n"
                    + "export KUBECONFIG=\"$HUB_KUBECONFIG\"\n"
                    + "export CLUSTER1_KUBECONFIG=" + quote(cluster1Kubeconfig.toString()) + "\n"
                    // The URL cluster1's agents dial: the hub apiserver's address on the test bridge.
                    + "export HUB_API_SERVER=" + quote(hubApiServer) + "\n"
                    + "export PATH=" + quote(bin + ":" + clusteradm.getParent() + ":") + "\"$PATH\"\n";
            Path partial = sandboxDir.resolve(FILE_NAME + ".partial");
            Files.writeString(partial, text);
            return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A previous run's file would tell a waiting script the new sandbox is up. */
    public static void remove(Path sandboxDir) {
        try {
            Files.deleteIfExists(sandboxDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubectl the harness runs: {@code $VELA_OCM_E2E_KUBECTL}, else the first on PATH. */
    public static Path machineKubectl() {
        String configured = System.getenv("VELA_OCM_E2E_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(":")).stream()).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst();
        return found.orElseThrow(() -> new IllegalStateException("no kubectl on PATH (or set VELA_OCM_E2E_KUBECTL)"))
                .toAbsolutePath();
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    /** Single-quoted for sh: paths and URLs here have no quote, but a user's checkout directory might. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
