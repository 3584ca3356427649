package dev.oam.ocm.hub.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oam.ocm.hub.api.JoinAccess;
import org.junit.jupiter.api.Test;

class JoinCommandTest {
    private static final String TOKEN_COMMAND = "kubectl -n open-cluster-management create token agent-registration-bootstrap";

    private static JoinAccess joinAccess(Boolean enabled, String hubApiServer) {
        JoinAccess access = new JoinAccess();
        access.setEnabled(enabled);
        access.setHubApiServer(hubApiServer);
        return access;
    }

    private static void assertContains(String command, String expected) {
        assertNotNull(command, "expected a join command");
        assertTrue(command.contains(expected), "expected the join command to contain '" + expected + "': " + command);
    }

    @Test
    void mintsTheTokenWithKubectlForTheClusteradmBootstrapServiceAccount() {
        String command = JoinCommand.of(joinAccess(true, "https://hub.example.com:6443"));

        assertContains(command, "clusteradm join");
        assertContains(command, "--hub-token $(" + TOKEN_COMMAND + ")");
    }

    @Test
    void usesTheHubApiServerWhenSet() {
        assertContains(JoinCommand.of(joinAccess(true, "https://hub.example.com:6443")),
                "--hub-apiserver https://hub.example.com:6443");
    }

    @Test
    void usesAPlaceholderWithoutHubApiServer() {
        String command = JoinCommand.of(joinAccess(true, null));

        assertContains(command, "--hub-apiserver <hub-apiserver-url>");
        assertContains(command, "--cluster-name <cluster-name>");
        assertContains(command, "set spec.joinAccess.hubApiServer");
    }

    @Test
    void aCompleteCommandHasNoHintToFollow() {
        String command = JoinCommand.of(joinAccess(true, "https://hub.example.com:6443"));

        assertFalse(command.contains("spec.joinAccess"), "nothing to fill in but the cluster name: " + command);
        assertTrue(command.endsWith("--cluster-name <cluster-name>"), command);
    }

    @Test
    void isShownByDefault() {
        assertContains(JoinCommand.of(null), TOKEN_COMMAND);
        assertContains(JoinCommand.of(joinAccess(null, null)), TOKEN_COMMAND);
    }

    @Test
    void isNullWhenJoinAccessIsDisabled() {
        assertNull(JoinCommand.of(joinAccess(false, "https://hub.example.com:6443")),
                "expected no join command with joinAccess disabled");
    }

    @Test
    void neverContainsAToken() {
        String command = JoinCommand.of(joinAccess(true, "https://hub.example.com:6443"));

        assertFalse(command.contains("eyJ"), "expected no JWT in the join command: " + command);
        assertFalse(command.matches(".*--hub-token [^$].*"),
                "expected --hub-token to take a command substitution, never a literal token: " + command);
    }
}
