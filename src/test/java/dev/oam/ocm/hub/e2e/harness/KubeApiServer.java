package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** kube-apiserver bound to the bridge address only. */
final class KubeApiServer {
    /** The Service CIDR; nothing routes it (no kube-proxy): see --enable-aggregator-routing below. */
    static final String SERVICE_CIDR = "10.0.0.0/24";
    static final String FIRST_SERVICE_IP = "10.0.0.1";

    private KubeApiServer() {
    }

    /**
     * Starts it and waits for /readyz. Every request is audited at level Metadata (who, verb, resource, code;
     * no bodies) as JSON lines into {@code auditLog}: tests count the requests a component makes.
     */
    static ManagedProcess start(Processes processes, ClusterPki pki, String etcdUrl, String bindAddress, int port,
            Path certDir, Path auditLog) {
        String url = url(bindAddress, port);
        Path auditPolicy = writeAuditPolicy(auditLog.resolveSibling("audit-policy.yaml"));
        ManagedProcess apiserver = processes.start("kube-apiserver", List.of(
                E2eBinaries.kube("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl,
                // Explicit: with a loopback or unspecified bind address the apiserver looks for the interface of
                // the default route to advertise, and a loopback endpoint for default/kubernetes is rejected.
                "--bind-address=" + bindAddress,
                "--advertise-address=" + bindAddress,
                "--secure-port=" + port,
                "--cert-dir=" + certDir,
                "--tls-cert-file=" + pki.apiServerCert(),
                "--tls-private-key-file=" + pki.apiServerKey(),
                "--client-ca-file=" + pki.caCert(),
                "--authorization-mode=RBAC",
                // Request-header authentication: the apiserver publishes this CA in
                // kube-system/extension-apiserver-authentication, which every delegating server (KCM, the OCM
                // operator) loads; without it they log an error for the missing bundle over and over.
                "--requestheader-client-ca-file=" + pki.caCert(),
                "--requestheader-allowed-names=" + ClusterPki.FRONT_PROXY_CLIENT,
                "--requestheader-username-headers=X-Remote-User",
                "--requestheader-group-headers=X-Remote-Group",
                "--requestheader-extra-headers-prefix=X-Remote-Extra-",
                "--proxy-client-cert-file=" + pki.frontProxyClientCert(),
                "--proxy-client-key-file=" + pki.frontProxyClientKey(),
                "--service-account-issuer=" + url,
                "--service-account-signing-key-file=" + pki.serviceAccountKey(),
                "--service-account-key-file=" + pki.serviceAccountPublicKey(),
                "--service-cluster-ip-range=" + SERVICE_CIDR,
                // Webhooks, CRD conversion and APIServices are then called on an endpoint (pod) IP, never on a
                // ClusterIP: without kube-proxy a ClusterIP dial would leave the machine by the default route.
                "--enable-aggregator-routing=true",
                "--allow-privileged=true",
                // The stand-in node's kubelet API (port-forward) is at its InternalIP: its name resolves nowhere.
                "--kubelet-preferred-address-types=InternalIP",
                "--audit-policy-file=" + auditPolicy,
                "--audit-log-path=" + auditLog,
                "--audit-log-format=json",
                "--profiling=false",
                "--v=1"), Map.of());
        HttpProbe probe = HttpProbe.trustingCa(pki.caCert());
        apiserver.awaitReady("answer " + url + "/readyz", Duration.ofSeconds(120), () -> probe.ok(url + "/readyz"));
        return apiserver;
    }

    private static Path writeAuditPolicy(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: ["RequestReceived"]
                    rules:
                    - level: Metadata
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static String url(String address, int port) {
        return "https://" + address + ":" + port;
    }
}
