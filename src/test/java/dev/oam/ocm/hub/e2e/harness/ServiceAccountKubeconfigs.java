package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Kubeconfigs that authenticate as a ServiceAccount with a TokenRequest token (what a pod's projected
 * token is), so RBAC applies exactly as to the pod.
 */
final class ServiceAccountKubeconfigs {
    /** Long enough for any test; a kubelet would refresh, these processes never re-read the file. */
    private static final long TOKEN_SECONDS = 24 * 3600;

    private final KubernetesClient admin;
    private final String server;
    private final Path caCert;
    private final Path dir;

    ServiceAccountKubeconfigs(KubernetesClient admin, String server, Path caCert, Path dir) {
        this.admin = admin;
        this.server = server;
        this.caCert = caCert;
        this.dir = dir;
    }

    /** Writes {@code <dir>/<namespace>.<serviceAccount>.kubeconfig} with a fresh token. */
    Path kubeconfigFor(String namespace, String serviceAccount) throws PodWorkload.NotYetRunnableException {
        Path file = dir.resolve(namespace + "." + serviceAccount + ".kubeconfig");
        Kubeconfigs.writeWithToken(file, server, caCert, token(namespace, serviceAccount));
        return file;
    }

    /**
     * The same identity as the client's environment variables (server, token, CA) with no kubeconfig, which is how
     * the operator's client is configured in a pod (from the ServiceAccount mount): reading a kubeconfig makes the
     * client map every model class it has, a cost a pod never pays and the benchmark must not count.
     */
    Map<String, String> clientEnvironmentFor(String namespace, String serviceAccount)
            throws PodWorkload.NotYetRunnableException {
        Map<String, String> env = new HashMap<>();
        env.put("KUBERNETES_MASTER", server);
        env.put("KUBERNETES_AUTH_TOKEN", token(namespace, serviceAccount));
        env.put("KUBERNETES_CERTS_CA_FILE", caCert.toString());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        return env;
    }

    /** A fresh TokenRequest token of the ServiceAccount: what the kubelet projects into a pod. */
    String token(String namespace, String serviceAccount) throws PodWorkload.NotYetRunnableException {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS)
                .endSpec().build();
        try {
            return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
                    .getStatus().getToken();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new PodWorkload.NotYetRunnableException("serviceaccount " + namespace + "/" + serviceAccount
                        + " not found");
            }
            throw e;
        }
    }

    /** The apiserver's URL, https://host:port. */
    String server() {
        return server;
    }

    /** The CA that signed the apiserver's serving cert (a pod's ca.crt). */
    Path caCert() {
        return caCert;
    }
}
