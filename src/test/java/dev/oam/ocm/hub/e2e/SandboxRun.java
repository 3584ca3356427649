package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.SandboxEnv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One sandbox as a user runs it: the main class `mvn -B -Psandbox verify` starts, in a JVM of its own with the
 * sandbox's system properties, its output kept in a file; a user's shell that sources its {@code sandbox.env}; and
 * Ctrl-C, after which nothing it started may be left.
 */
final class SandboxRun implements AutoCloseable {
    /**
     * Up to 30 minutes queued behind another test run on this host (the sandbox gives up by itself after that),
     * then up to 12 to build missing binaries and start both clusters.
     */
    private static final Duration UP = Duration.ofMinutes(30 + 12);

    /** A shell session: everything it printed, and how it exited. */
    record Session(String output, int exitCode) {
    }

    private final Path dir;
    private final Path out;
    private final Process process;

    private SandboxRun(Path dir, Path out, Process process) {
        this.dir = dir;
        this.out = out;
        this.process = process;
    }

    /** Starts the sandbox in {@code dir} with {@code -D} {@code properties} and returns once its env file exists. */
    static SandboxRun start(Path dir, String... properties) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve("sandbox.out");
        Path env = dir.resolve(SandboxEnv.FILE_NAME);
        Files.deleteIfExists(env);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Sandbox.class.getName(), dir.toString()));
        SandboxRun run = new SandboxRun(dir, out,
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start());
        long deadline = System.nanoTime() + UP.toNanos();
        while (!Files.exists(env)) {
            assertTrue(run.process.isAlive(), "the sandbox exited before it was up:\n" + run.tail());
            assertTrue(System.nanoTime() < deadline, "no " + env + " after " + UP.toMinutes() + " min:\n" + run.tail());
            Thread.sleep(500);
        }
        return run;
    }

    /** What the sandbox printed so far. */
    String printed() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The printed text between two marker lines, as commands to paste. */
    String between(String start, String end) {
        String text = printed();
        int from = text.indexOf(start);
        int to = text.indexOf(end, from + 1);
        assertTrue(from >= 0 && to > from, "the sandbox prints '" + start + "' ... '" + end + "':\n" + text);
        return text.substring(from + start.length(), to).strip() + "\n";
    }

    /** A user's shell: {@code source sandbox.env}, then {@code commands} (with errexit and pipefail). */
    Session shell(String commands, Duration timeout) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder("bash", "-c", "set -euo pipefail\nsource '"
                + dir.resolve(SandboxEnv.FILE_NAME) + "'\n" + commands).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).start();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), "the session did not finish:\n" + output);
        return new Session(output, shell.exitValue());
    }

    /**
     * Ctrl-C (SIGINT) to the sandbox, then proof that it cleaned up: every process it started has exited, none refers
     * to its files, the env file and the test network are gone.
     */
    void interruptAndAssertClean() throws IOException, InterruptedException {
        Set<Long> started = process.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertFalse(started.isEmpty(), "the sandbox runs its processes as its children");
        long sigint = System.nanoTime();
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the sandbox did not stop on SIGINT:\n" + tail());
        System.out.printf("e2e timing: sandbox stopped %.1f s after SIGINT (%d processes)%n",
                (System.nanoTime() - sigint) / 1e9, started.size());
        List<Long> alive = started.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .toList();
        assertEquals(List.of(), alive, "processes the sandbox started and left running");
        assertEquals(List.of(), processesMentioning(dir), "no process refers to the sandbox's files any more");
        assertFalse(Files.exists(dir.resolve(SandboxEnv.FILE_NAME)), "sandbox.env is removed with the sandbox");
        assertTrue(tail().contains("Sandbox stopped"), tail());
        String bridges = new String(new ProcessBuilder("ip", "-o", "link", "show", "type", "bridge").start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(bridges.contains("vela-e2e"), "the test network is removed:\n" + bridges);
    }

    /** Stops a sandbox a failed test left running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Command lines of live processes that name {@code dir} (every cluster process has a file there in its flags). */
    private static List<String> processesMentioning(Path dir) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    return ""; // exited meanwhile
                }
            }).filter(cmd -> cmd.contains(dir.toString())).toList();
        }
    }

    String tail() {
        if (!Files.exists(out)) {
            return "";
        }
        List<String> lines = printed().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
