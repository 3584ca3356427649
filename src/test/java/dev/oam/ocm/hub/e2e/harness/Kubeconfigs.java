package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;

/** Writes kubeconfig files with everything inlined, so they stay valid wherever they are copied. */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static void writeWithClientCert(Path file, String server, Path caCert, Path clientCert, Path clientKey) {
        write(file, server, caCert, "    client-certificate-data: " + base64(clientCert) + "\n"
                + "    client-key-data: " + base64(clientKey) + "\n");
    }

    static void writeWithToken(Path file, String server, Path caCert, String token) {
        write(file, server, caCert, "    token: " + token + "\n");
    }

    /**
     * A kubeconfig with the cluster only (no user), what kubeadm publishes in ConfigMap kube-public/cluster-info
     * for anyone to find the cluster's address and CA.
     */
    static String clusterOnly(String server, Path caCert) {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: vela-e2e\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + "    certificate-authority-data: " + base64(caCert) + "\n";
    }

    private static void write(Path file, String server, Path caCert, String userFields) {
        String text = clusterOnly(server, caCert)
                + "users:\n"
                + "- name: vela-e2e\n"
                + "  user:\n"
                + userFields
                + "contexts:\n"
                + "- name: vela-e2e\n"
                + "  context:\n"
                + "    cluster: vela-e2e\n"
                + "    user: vela-e2e\n"
                + "current-context: vela-e2e\n";
        try {
            Files.createDirectories(file.getParent());
            // Written aside and moved: a binary starting right now must never read half a file.
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
