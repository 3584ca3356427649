package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The control plane's keys and certificates, made with openssl: one CA (it signs the apiserver's serving
 * cert, the admin client cert and, in the controller manager, every CSR, so that certificates issued by
 * the cluster authenticate), and the service-account signing key pair (TokenRequest needs it).
 */
public final class ClusterPki {
    static final String FRONT_PROXY_CLIENT = "front-proxy-client";

    private final Path dir;
    private final Path opensslLog;

    private ClusterPki(Path dir, Path opensslLog) {
        this.dir = dir;
        this.opensslLog = opensslLog;
    }

    /**
     * Makes everything under {@code dir}; {@code apiServerIps} become IP SANs of the serving cert next to
     * the DNS names in-cluster clients use.
     */
    static ClusterPki create(Path dir, Path logDir, List<String> apiServerIps) {
        ClusterPki pki = new ClusterPki(dir, logDir.resolve("openssl.log"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pki.makeCa();
        List<String> sans = new ArrayList<>();
        apiServerIps.forEach(ip -> sans.add("IP:" + ip));
        for (String dns : List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local")) {
            sans.add("DNS:" + dns);
        }
        pki.makeLeaf("apiserver", "/CN=kube-apiserver", "serverAuth", String.join(",", sans), false);
        // RSA in PKCS#1 form: fabric8's key loader reads no PKCS#8 EC keys.
        pki.makeLeaf("admin", "/O=system:masters/CN=" + LocalCluster.ADMIN_USER, "clientAuth", null, true);
        // The apiserver's identity towards aggregated APIs; its CN is the one --requestheader-allowed-names admits.
        pki.makeLeaf(FRONT_PROXY_CLIENT, "/CN=" + FRONT_PROXY_CLIENT, "clientAuth", null, false);
        pki.makeServiceAccountKeys();
        return pki;
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path caKey() {
        return dir.resolve("ca.key");
    }

    public Path apiServerCert() {
        return dir.resolve("apiserver.crt");
    }

    public Path apiServerKey() {
        return dir.resolve("apiserver.key");
    }

    public Path adminCert() {
        return dir.resolve("admin.crt");
    }

    public Path adminKey() {
        return dir.resolve("admin.key");
    }

    public Path frontProxyClientCert() {
        return dir.resolve(FRONT_PROXY_CLIENT + ".crt");
    }

    public Path frontProxyClientKey() {
        return dir.resolve(FRONT_PROXY_CLIENT + ".key");
    }

    public Path serviceAccountKey() {
        return dir.resolve("sa.key");
    }

    public Path serviceAccountPublicKey() {
        return dir.resolve("sa.pub");
    }

    private void makeCa() {
        // A config of our own: `req -x509` plus -addext would clash with the distribution's v3_ca defaults.
        Path config = write("ca.cnf", """
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                CN = vela-ocm-hub-e2e-ca
                [v3_ca]
                basicConstraints = critical,CA:TRUE
                keyUsage = critical,keyCertSign,cRLSign,digitalSignature
                subjectKeyIdentifier = hash
                """);
        ecKey(caKey());
        openssl("req", "-x509", "-new", "-key", caKey().toString(), "-config", config.toString(),
                "-extensions", "v3_ca", "-days", "3650", "-sha256", "-out", caCert().toString());
    }

    private void makeLeaf(String name, String subject, String usage, String subjectAltNames, boolean rsa) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        StringBuilder ext = new StringBuilder()
                .append("basicConstraints = critical,CA:FALSE\n")
                .append("keyUsage = critical,digitalSignature,keyEncipherment\n")
                .append("extendedKeyUsage = ").append(usage).append('\n')
                .append("authorityKeyIdentifier = keyid\n");
        if (subjectAltNames != null) {
            ext.append("subjectAltName = ").append(subjectAltNames).append('\n');
        }
        Path extFile = write(name + ".ext", ext.toString());
        if (rsa) {
            openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
        } else {
            ecKey(key);
        }
        openssl("req", "-new", "-key", key.toString(), "-subj", subject, "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert().toString(), "-CAkey", caKey().toString(),
                "-set_serial", "0x" + HexFormat.of().formatHex(randomSerial()),
                "-days", "365", "-sha256", "-extfile", extFile.toString(), "-out", dir.resolve(name + ".crt").toString());
    }

    private static byte[] randomSerial() {
        byte[] serial = new byte[12];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f; // a positive serial number
        return serial;
    }

    private void makeServiceAccountKeys() {
        // RSA: RS256 is what every service-account token consumer accepts.
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", serviceAccountKey().toString());
        openssl("pkey", "-in", serviceAccountKey().toString(), "-pubout", "-out", serviceAccountPublicKey().toString());
    }

    private void ecKey(Path key) {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Commands.run(opensslLog, command, Map.of(), null, Duration.ofMinutes(1)).orThrow();
    }

    private Path write(String name, String text) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
