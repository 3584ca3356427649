package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.SandboxEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
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
 * The sandbox as README's walkthrough uses it: started (the same main class `mvn -B -Psandbox verify` runs), its
 * {@code sandbox.env} sourced in a shell that pastes the join commands it printed, which end with
 * {@code kubectl get managedclusters} showing cluster1 JOINED and AVAILABLE; then Ctrl-C (SIGINT) stops every process
 * it started, removes the test network and the env file.
 */
class SandboxIT {
    private static final Path DIR = Path.of("target/e2e/sandbox").toAbsolutePath();
    /**
     * Up to 30 minutes queued behind another test run on this host (the sandbox gives up by itself after that),
     * then up to 12 to build missing binaries and start both clusters.
     */
    private static final Duration UP = Duration.ofMinutes(30 + 12);
    private static Process sandbox;

    @AfterAll
    static void stopIfStillRunning() throws InterruptedException {
        if (sandbox != null && sandbox.isAlive()) {
            sandbox.destroy();
            sandbox.waitFor(2, TimeUnit.MINUTES);
        }
    }

    @Test
    void theWalkthroughJoinsCluster1AndCtrlCStopsEverything() throws Exception {
        Files.createDirectories(DIR);
        Path out = DIR.resolve("sandbox.out");
        Path env = DIR.resolve(SandboxEnv.FILE_NAME);
        Files.deleteIfExists(env);
        sandbox = new ProcessBuilder(javaCommand()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + UP.toNanos();
        while (!Files.exists(env)) {
            assertTrue(sandbox.isAlive(), "the sandbox exited before it was up:\n" + tail(out));
            assertTrue(System.nanoTime() < deadline, "no " + env + " after " + UP.toMinutes() + " min:\n" + tail(out));
            Thread.sleep(500);
        }
        String printed = Files.readString(out);
        String commands = between(printed, "----- join commands -----", "----- end -----");

        // A user's shell: source the file, then paste the commands as printed.
        Process shell = new ProcessBuilder("bash", "-c", "set -euo pipefail\nsource '" + env + "'\n"
                + "kubectl get ocmhub\n" + commands).redirectErrorStream(true).start();
        String session = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(8, TimeUnit.MINUTES), "the walkthrough did not finish:\n" + session);
        assertEquals(0, shell.exitValue(), "the printed commands failed:\n" + session);
        assertTrue(session.lines().anyMatch(l -> l.matches("cluster1\\s+true\\s+https://\\S+\\s+True\\s+True\\s+.*")),
                "kubectl get managedclusters shows cluster1 accepted, JOINED and AVAILABLE:\n" + session);

        Set<Long> started = sandbox.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertFalse(started.isEmpty(), "the sandbox runs its processes as its children");
        long sigint = System.nanoTime();
        new ProcessBuilder("kill", "-INT", String.valueOf(sandbox.pid())).start().waitFor();
        assertTrue(sandbox.waitFor(3, TimeUnit.MINUTES), "the sandbox did not stop on SIGINT:\n" + tail(out));
        System.out.printf("e2e timing: sandbox stopped %.1f s after SIGINT (%d processes)%n",
                (System.nanoTime() - sigint) / 1e9, started.size());
        List<Long> alive = started.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .toList();
        assertEquals(List.of(), alive, "processes the sandbox started and left running");
        assertEquals(List.of(), processesMentioning(DIR), "no process refers to the sandbox's files any more");
        assertFalse(Files.exists(env), "sandbox.env is removed with the sandbox");
        assertTrue(tail(out).contains("Sandbox stopped"), tail(out));
        String bridges = new String(new ProcessBuilder("ip", "-o", "link", "show", "type", "bridge").start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(bridges.contains("vela-e2e"), "the test network is removed:\n" + bridges);
    }

    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Sandbox.class.getName());
        command.add(DIR.toString());
        return command;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from + 1);
        assertTrue(from >= 0 && to > from, "the sandbox prints its commands between '" + start + "' and '" + end + "':\n"
                + text);
        return text.substring(from + start.length(), to).strip() + "\n";
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

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
