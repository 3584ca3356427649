package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Starts long-running binaries with a clean environment and their output in {@code <logDir>/<name>.log}. */
public final class Processes {
    private final Path logDir;
    private final ProcessLedger ledger;
    private final Deque<ManagedProcess> started = new ArrayDeque<>();

    Processes(Path logDir, ProcessLedger ledger) {
        this.logDir = logDir;
        this.ledger = ledger;
    }

    public Path logDir() {
        return logDir;
    }

    /** The processes started here that still run (control plane, pods, tests' own), for fault injection. */
    public List<ManagedProcess> running() {
        synchronized (started) {
            return started.stream().filter(ManagedProcess::isAlive).toList();
        }
    }

    /** Stops every process started here that still runs, newest first. */
    void stopAll() {
        List<ManagedProcess> running;
        synchronized (started) {
            running = List.copyOf(started);
            started.clear();
        }
        running.forEach(ManagedProcess::stop);
    }

    /**
     * Starts {@code command} with only the variables of {@link CleanEnvironment} plus {@code env}. A restart
     * under the same name appends to the same log, after a header line.
     */
    public ManagedProcess start(String name, List<String> command, Map<String, String> env) {
        Path logFile = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        CleanEnvironment.apply(builder.environment(), env);
        try {
            Files.createDirectories(logDir);
            Files.writeString(logFile, "===== " + LocalDateTime.now() + " starting: " + String.join(" ", command)
                            + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            ledger.record(process.toHandle());
            process.onExit().thenRun(() -> ledger.forget(process.pid()));
            ManagedProcess managed = new ManagedProcess(name, command, process, logFile, ledger);
            synchronized (started) {
                started.removeIf(p -> !p.isAlive());
                started.push(managed);
            }
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": `" + String.join(" ", command)
                    + "` (log: " + logFile + ")", e);
        }
    }
}
