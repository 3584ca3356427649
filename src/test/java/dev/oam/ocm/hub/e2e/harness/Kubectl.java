package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kubectl as a user would type it, against one kubeconfig; every command and its output is appended to
 * {@code <logDir>/kubectl.log}. The machine's kubectl is used (PATH), or {@code $VELA_OCM_E2E_KUBECTL}.
 */
public final class Kubectl {
    private final Path kubeconfig;
    private final Path logFile;
    private final Path home;

    public Kubectl(Path kubeconfig, Path logDir) {
        this.kubeconfig = kubeconfig;
        this.logFile = logDir.resolve("kubectl.log");
        // Its discovery cache lands in $HOME/.kube/cache: keep it out of the user's home and per cluster.
        this.home = logDir.resolveSibling("kubectl-home");
    }

    /** {@code kubectl --kubeconfig <file> <args...>}; never throws on a non-zero exit: see {@link CommandResult#orThrow()}. */
    public CommandResult run(String... args) {
        return runWithStdin(null, args);
    }

    /** Like {@link #run(String...)} with {@code stdin} as standard input (for {@code apply -f -}). */
    public CommandResult runWithStdin(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        String binary = System.getenv("VELA_OCM_E2E_KUBECTL");
        command.add(binary == null || binary.isBlank() ? "kubectl" : binary);
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return Commands.run(logFile, command, Map.of("HOME", home.toString()), stdin, Commands.DEFAULT_TIMEOUT);
    }
}
