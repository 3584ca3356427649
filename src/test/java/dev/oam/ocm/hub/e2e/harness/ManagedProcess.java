package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** One long-running binary started by the harness; stdout and stderr go to {@link #logFile()}. */
public final class ManagedProcess {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path logFile;
    private final Instant startedAt;
    private final ProcessLedger ledger;

    ManagedProcess(String name, List<String> command, Process process, Path logFile, ProcessLedger ledger) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.logFile = logFile;
        this.startedAt = Instant.now();
        this.ledger = ledger;
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    public CompletableFuture<ManagedProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    /** SIGTERM, then SIGKILL after {@link #DEFAULT_GRACE}. Idempotent. */
    public void stop() {
        stop(DEFAULT_GRACE);
    }

    /** SIGTERM (to it and its children), then SIGKILL once {@code grace} is over. Idempotent. */
    public void stop(Duration grace) {
        List<ProcessHandle> children;
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            children = descendants.toList();
        }
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        ledger.forget(process.pid());
    }

    /**
     * Polls {@code probe} until it holds; fails at once when the process exits, or after {@code timeout},
     * with the end of the log.
     */
    public void awaitReady(String expectation, Duration timeout, BooleanSupplier probe) {
        awaitReady(expectation, timeout, probe, Duration.ofMillis(100));
    }

    /** As above, asking every {@code interval}: a start that is itself measured needs a finer grain than 100 ms. */
    public void awaitReady(String expectation, Duration timeout, BooleanSupplier probe, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probe.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("expected " + name + " to " + expectation + ", but it exited with code "
                        + process.exitValue() + "; last lines of " + logFile + ":\n" + logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + name + " to " + expectation + " within "
                        + timeout.toSeconds() + " s; last lines of " + logFile + ":\n" + logTail(30));
            }
            Waits.sleep(interval);
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "<cannot read " + file + ": " + e.getMessage() + ">";
        }
        return String.join("\n", last);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
