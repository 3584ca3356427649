package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * The one place that decides whether the Secret spec.imagePullSecret names can be copied for OCM: it must exist,
 * be of type kubernetes.io/dockerconfigjson (what {@code kubectl create secret docker-registry} makes and what
 * the copy is) and hold the .dockerconfigjson key. Each refusal names the Secret and what to do.
 */
public final class PullSecretSource {
    public static final String TYPE = "kubernetes.io/dockerconfigjson";
    public static final String KEY = ".dockerconfigjson";

    private PullSecretSource() {
    }

    /**
     * @param secret the Secret as read, or null when it does not exist
     * @return the registry credentials (base64, as stored)
     * @throws InvalidSpecException when only the user can fix it
     */
    public static String config(String namespace, String name, Secret secret) {
        if (secret == null) {
            throw new InvalidSpecException("imagePullSecret " + name + " does not exist in namespace " + namespace
                    + "; create a " + TYPE + " Secret there (kubectl create secret docker-registry)");
        }
        if (!TYPE.equals(secret.getType())) {
            throw new InvalidSpecException("imagePullSecret " + namespace + "/" + name + " is of type " + secret.getType()
                    + "; it must be " + TYPE + " (kubectl create secret docker-registry)");
        }
        String config = secret.getData() == null ? null : secret.getData().get(KEY);
        if (config == null || config.isBlank()) {
            throw new InvalidSpecException("imagePullSecret " + namespace + "/" + name + " has no " + KEY + " key");
        }
        return config;
    }
}
