package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a short command to completion with a clean environment and appends it and its output to a log. */
final class Commands {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private Commands() {
    }

    static CommandResult run(Path logFile, List<String> command, Map<String, String> env, String stdin,
            Duration timeout) {
        return run(logFile, command, env, stdin, timeout, line -> { });
    }

    /** As above, and hands each line of standard output to {@code progress} as it comes (long builds). */
    static CommandResult run(Path logFile, List<String> command, Map<String, String> env, String stdin,
            Duration timeout, Consumer<String> progress) {
        ProcessBuilder builder = new ProcessBuilder(command);
        CleanEnvironment.apply(builder.environment(), env);
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `" + String.join(" ", command) + "`", e);
        }
        CompletableFuture<String> out = drainLines(process.getInputStream(), progress);
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command may exit without reading its input; its exit code tells what happened.
        }
        int exitCode;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                exitCode = -1;
            } else {
                exitCode = process.exitValue();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        CommandResult result = new CommandResult(List.copyOf(command), exitCode, out.join(), err.join(), logFile);
        log(logFile, result, exitCode == -1 ? " (killed after " + timeout.toSeconds() + " s)" : "");
        return result;
    }

    /**
     * One thread per stream: the common pool has a single worker on a 2-core machine, so two blocking
     * readers there would read one after the other, and a command that fills its stderr pipe would hang.
     */
    private static final Executor READERS = task -> {
        Thread reader = new Thread(task, "command-output");
        reader.setDaemon(true);
        reader.start();
    };

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        }, READERS);
    }

    /** Keeps the output exactly as written (callers compare it), and hands over each complete line as it comes. */
    private static CompletableFuture<String> drainLines(InputStream stream, Consumer<String> progress) {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder all = new StringBuilder();
            StringBuilder line = new StringBuilder();
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                for (int c = reader.read(); c != -1; c = reader.read()) {
                    all.append((char) c);
                    if (c == '\n') {
                        progress.accept(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                all.append("<unreadable: ").append(e).append(">");
            }
            if (!line.isEmpty()) {
                progress.accept(line.toString());
            }
            return all.toString();
        }, READERS);
    }

    private static synchronized void log(Path logFile, CommandResult result, String note) {
        StringBuilder text = new StringBuilder()
                .append(LocalTime.now()).append(" $ ").append(String.join(" ", result.command()))
                .append("\n-> exit ").append(result.exitCode()).append(note).append('\n');
        if (!result.stdout().isEmpty()) {
            text.append(result.stdout()).append(result.stdout().endsWith("\n") ? "" : "\n");
        }
        if (!result.stderr().isEmpty()) {
            text.append("[stderr] ").append(result.stderr()).append(result.stderr().endsWith("\n") ? "" : "\n");
        }
        try {
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile, e);
        }
    }
}
