package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last bundle rendered for each hub. Rendering is pure, so the same spec and pull secret give the same
 * bundle; most reconciles are caused by status changes of the ClusterManager or the Deployment, and reusing the
 * bundle spares each of them about a megabyte of garbage (fewer collections, shorter status propagation) and lets
 * {@link AppliedObjects} reuse the digests of the very same objects.
 */
final class RenderedBundles {
    private record Inputs(String spec, String pullSecretConfig) {
    }

    private record Rendered(Inputs inputs, Bundle bundle) {
    }

    private final Map<String, Rendered> last = new ConcurrentHashMap<>();

    /** @throws dev.oam.ocm.hub.bundle.InvalidSpecException as {@link HubBundle#render} does; nothing is kept then */
    Bundle render(String hubName, VelaOcmHubSpec spec, String pullSecretConfig) {
        Inputs inputs = new Inputs(KubernetesJson.asJson(spec), pullSecretConfig);
        Rendered rendered = last.get(hubName);
        if (rendered != null && rendered.inputs().equals(inputs)) {
            return rendered.bundle();
        }
        Bundle bundle = HubBundle.render(hubName, spec, pullSecretConfig);
        last.put(hubName, new Rendered(inputs, bundle));
        return bundle;
    }

    void forget(String hubName) {
        last.remove(hubName);
    }
}
