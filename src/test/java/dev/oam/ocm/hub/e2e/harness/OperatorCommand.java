package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This project's operator as a separate JVM, from the test classpath (so it is always the code under
 * test, with no need to package the jar first): {@code render} the bundle, or {@code run} it against a
 * cluster.
 */
public final class OperatorCommand {
    private static final String MAIN = "dev.oam.ocm.hub.runtime.Main";

    private final Path logDir;

    public OperatorCommand(Path logDir) {
        this.logDir = logDir;
    }

    /** {@code render -f <velaOcmHubYaml>}: the manifests the operator would apply, in stdout. */
    public CommandResult render(Path velaOcmHubYaml) {
        return Commands.run(logDir.resolve("operator-render.log"), java(List.of("render", "-f",
                velaOcmHubYaml.toString())), Map.of(), null, Duration.ofMinutes(2));
    }

    /**
     * Starts {@code run <args...>} against {@code kubeconfig} under {@code processes} (log
     * {@code <logDir>/<name>.log}); {@code env} adds e.g. LOG_LEVEL or HEALTH_PORT.
     */
    public ManagedProcess start(Processes processes, String name, Path kubeconfig, Map<String, String> env,
            String... args) {
        List<String> command = new ArrayList<>(List.of("run"));
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("KUBECONFIG", kubeconfig.toString());
        return processes.start(name, java(command), environment);
    }

    private static List<String> java(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.addAll(args);
        return command;
    }
}
