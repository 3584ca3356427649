package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real clusteradm ({@link E2eBinaries#clusteradm()}), logged to {@code <logDir>/clusteradm.log}. */
public final class Clusteradm {
    private final Path kubeconfig;
    private final Path logFile;
    private final Path home;

    public Clusteradm(Path kubeconfig, Path logDir) {
        this.kubeconfig = kubeconfig;
        this.logFile = logDir.resolve("clusteradm.log");
        this.home = logDir.resolveSibling("clusteradm-home");
    }

    /** {@code clusteradm <args...> --kubeconfig <file>}, with up to {@code timeout} to finish. */
    public CommandResult run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(E2eBinaries.clusteradm().toString());
        command.addAll(List.of(args));
        command.add("--kubeconfig=" + kubeconfig);
        return Commands.run(logFile, command, Map.of("HOME", home.toString()), null, timeout);
    }

    /**
     * A command line as a user pastes it into a shell (e.g. the join command a status shows, with its
     * {@code $(kubectl ... create token ...)}), followed by {@code --kubeconfig <file>}: clusteradm and kubectl are
     * on PATH, and the shell's kubectl talks to {@code kubectlKubeconfig}.
     */
    public CommandResult runCommandLine(Duration timeout, String commandLine, Path kubectlKubeconfig) {
        String kubectl = System.getenv("VELA_OCM_E2E_KUBECTL");
        String path = E2eBinaries.clusteradm().getParent() + ":"
                + (kubectl == null || kubectl.isBlank() ? "" : Path.of(kubectl).getParent() + ":")
                + "/usr/local/bin:/usr/bin:/bin";
        List<String> command = List.of("bash", "-c", commandLine + " --kubeconfig=" + kubeconfig);
        return Commands.run(logFile, command, Map.of("HOME", home.toString(), "PATH", path,
                "KUBECONFIG", kubectlKubeconfig.toString()), null, timeout);
    }
}
