package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real {@code helm} (built from go/helm) against one cluster; every command is logged to logs/helm.log. */
public final class Helm {
    private final Path binary;
    private final Path kubeconfig;
    private final Path logFile;
    private final Path home;

    public Helm(Path kubeconfig, Path logDir) {
        this.binary = E2eBinaries.helm();
        this.kubeconfig = kubeconfig;
        this.logFile = logDir.resolve("helm.log");
        // Helm keeps its cache, config and data under $HOME: per cluster, out of the user's home.
        this.home = logDir.resolveSibling("helm-home");
    }

    /** {@code helm --kubeconfig <file> <args...>}; never throws on a non-zero exit: see {@link CommandResult#orThrow()}. */
    public CommandResult run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return Commands.run(logFile, command, Map.of("HOME", home.toString()), null, Commands.DEFAULT_TIMEOUT);
    }
}
