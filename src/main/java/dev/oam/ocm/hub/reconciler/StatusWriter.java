package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.Objects;

/**
 * Writes the status subresource, only when it differs from what is there, with server-side apply under
 * the operator's field manager: the condition list is replaced as a whole, and nobody else's fields are touched.
 */
final class StatusWriter {
    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** @return true when a write was sent */
    boolean write(VelaOcmHub hub, VelaOcmHubStatus status) {
        if (Objects.equals(hub.getStatus(), status)) {
            return false;
        }
        VelaOcmHub patch = new VelaOcmHub();
        patch.setMetadata(new ObjectMetaBuilder().withName(hub.getMetadata().getName()).build());
        patch.setSpec(null);
        patch.setStatus(status);
        client.resource(patch).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(BundleApplier.FIELD_MANAGER)
                .withForce(true)
                .build());
        hub.setStatus(status);
        return true;
    }
}
