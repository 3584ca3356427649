package dev.oam.ocm.hub.e2e;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's seed walkthrough in the sandbox, as a user pastes it: {@code -Dsandbox.kubevela=true} starts the hub with the
 * operator, KubeVela and an empty cluster1; a shell that sources {@code sandbox.env} pastes every printed command, from
 * the join to an Application's ConfigMap read back from cluster1; Ctrl-C then stops everything. Runs with
 * {@code -Pe2e,addons,kubevela} (the addons' and KubeVela's binaries: minutes of Go builds cold).
 */
class KubeVelaSeedSandboxIT {
    /** Stopped after the test whatever happened, so that a failure leaves no sandbox running. */
    @AutoClose
    private static SandboxRun sandbox;

    @Test
    void theSeedWalkthroughTheSandboxPrintsEndsWithTheApplicationOnCluster1() throws Exception {
        sandbox = SandboxRun.start(Path.of("target/e2e/sandbox-seed").toAbsolutePath(), "sandbox.kubevela=true");
        String commands = sandbox.between(SeedWalkthrough.START, SeedWalkthrough.END);

        long pasted = System.nanoTime();
        // Traced (set -x, on the same output) so that each command's output can be told apart.
        SandboxRun.Session session = sandbox.shell("set -x\n" + commands, Duration.ofMinutes(30));
        System.out.printf("e2e timing: the seed walkthrough's commands ran %.1f s%n", (System.nanoTime() - pasted) / 1e9);
        System.out.println("e2e: the seed walkthrough's session\n" + session.output());
        assertEquals(0, session.exitCode(), "the printed commands failed:\n" + session.output());
        List<String> lines = session.output().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("cluster1\\s+true\\s+https://\\S+\\s+True\\s+True\\s+.*")),
                "kubectl get managedclusters shows cluster1 accepted, JOINED and AVAILABLE:\n" + session.output());
        for (String addon : List.of("managed-serviceaccount", "cluster-proxy", "cluster-gateway")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(addon + "\\s+True\\b.*")),
                    "kubectl get managedclusteraddon -n cluster1 shows " + addon + " AVAILABLE True:\n" + session.output());
        }
        List<String> velaClusters = outputOf(lines, "vela cluster list");
        assertTrue(velaClusters.stream().anyMatch(l -> l.matches("\\s*cluster1\\s+.*\\btrue\\b.*")),
                "vela cluster list shows cluster1 accepted:\n" + String.join("\n", velaClusters));
        assertEquals(SeedWalkthrough.GREETING, lines.get(lines.size() - 1).strip(),
                "the session ends with the ConfigMap's greeting read from cluster1:\n" + session.output());

        sandbox.interruptAndAssertClean();
    }

    /** The lines a traced command printed: after its "+ command" line, up to the next traced command. */
    private static List<String> outputOf(List<String> lines, String command) {
        int at = lines.indexOf("+ " + command);
        assertTrue(at >= 0, "the session ran `" + command + "`:\n" + String.join("\n", lines));
        List<String> rest = lines.subList(at + 1, lines.size());
        int next = 0;
        while (next < rest.size() && !rest.get(next).startsWith("+ ")) {
            next++;
        }
        return rest.subList(0, next);
    }
}
