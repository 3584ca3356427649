package dev.oam.ocm.hub.e2e;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox as README's walkthrough uses it: started (the same main class `mvn -B -Psandbox verify` runs), its
 * {@code sandbox.env} sourced in a shell that pastes the join commands it printed, which end with
 * {@code kubectl get managedclusters} showing cluster1 JOINED and AVAILABLE; then Ctrl-C (SIGINT) stops every process
 * it started, removes the test network and the env file.
 */
class SandboxIT {
    /** Stopped after the test whatever happened, so that a failure leaves no sandbox running. */
    @AutoClose
    private static SandboxRun sandbox;

    @Test
    void theWalkthroughJoinsCluster1AndCtrlCStopsEverything() throws Exception {
        sandbox = SandboxRun.start(Path.of("target/e2e/sandbox").toAbsolutePath());
        String commands = sandbox.between("----- join commands -----", "----- end -----");

        // A user's shell: source the file, then paste the commands as printed.
        SandboxRun.Session session = sandbox.shell("kubectl get ocmhub\n" + commands, Duration.ofMinutes(8));
        assertEquals(0, session.exitCode(), "the printed commands failed:\n" + session.output());
        assertTrue(session.output().lines().anyMatch(l -> l.matches("cluster1\\s+true\\s+https://\\S+\\s+True\\s+True\\s+.*")),
                "kubectl get managedclusters shows cluster1 accepted, JOINED and AVAILABLE:\n" + session.output());

        sandbox.interruptAndAssertClean();
    }
}
