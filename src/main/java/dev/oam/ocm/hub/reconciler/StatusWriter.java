package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

import java.util.Objects;

/**
 * Writes the status subresource, only when it differs from what is there, with server-side apply under
 * the operator's field manager: the condition list is replaced as a whole, and nobody else's fields are touched.
 * <p>
 * JOSDK hands each reconcile a copy of its informer cache, which learns about our write only when the watch
 * event arrives. A reconcile that starts before that would see the old status, write again and announce the same
 * transition twice. So the API server's answer goes into JOSDK's cache of recent writes, which the next
 * reconcile reads first; the write carries the resourceVersion we read, and on a conflict JOSDK waits for a
 * newer copy and retries.
 */
final class StatusWriter {
    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** @return true when a write was sent */
    boolean write(VelaOcmHub hub, VelaOcmHubStatus status, Context<VelaOcmHub> context) {
        if (Objects.equals(hub.getStatus(), status)) {
            return false;
        }
        VelaOcmHub patch = new VelaOcmHub();
        patch.setMetadata(new ObjectMetaBuilder().withName(hub.getMetadata().getName()).build());
        patch.setSpec(null);
        patch.setStatus(status);
        PrimaryUpdateAndCacheUtils.updateAndCacheResource(hub, context, read -> patch,
                desired -> client.resource(desired).subresource("status").patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(BundleApplier.FIELD_MANAGER)
                        .withForce(true)
                        .build()));
        hub.setStatus(status);
        return true;
    }
}
