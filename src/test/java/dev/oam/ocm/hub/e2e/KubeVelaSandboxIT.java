package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's KubeVela starting point in the sandbox: {@code -Dsandbox.operator=false -Dsandbox.kubevela=true} runs
 * KubeVela on the hub and no operator; a user's shell sources {@code sandbox.env}, finds {@code vela} on its PATH and
 * pastes the addon commands the sandbox printed, which install the operator and a hub that turns Ready; Ctrl-C then
 * stops everything.
 */
class KubeVelaSandboxIT {
    /** Stopped after the test whatever happened, so that a failure leaves no sandbox running. */
    @AutoClose
    private static SandboxRun sandbox;

    @Test
    void theAddonCommandsTheSandboxPrintsInstallAReadyHub() throws Exception {
        sandbox = SandboxRun.start(Path.of("target/e2e/sandbox-kubevela").toAbsolutePath(),
                "sandbox.operator=false", "sandbox.kubevela=true");
        String commands = sandbox.between("----- addon commands -----", "----- end -----");

        SandboxRun.Session session = sandbox.shell("command -v vela\nvela version\n" + commands
                + "kubectl get ocmhub\nkubectl -n vela-ocm-hub-system get pods\n", Duration.ofMinutes(12));
        assertEquals(0, session.exitCode(), "the printed commands failed:\n" + session.output());
        assertTrue(session.output().contains(E2eBinaries.kubevelaVersion()), "vela version: " + session.output());
        assertTrue(session.output().lines().anyMatch(l -> l.matches("hub\\s+.*HubReady.*Ready\\s*")),
                "kubectl get ocmhub shows the hub Ready:\n" + session.output());
        assertTrue(session.output().contains("enabled"), "vela addon status says enabled:\n" + session.output());

        sandbox.interruptAndAssertClean();
    }
}
