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
}
