package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels on every object the operator applies. They, not owner references, tie objects to their hub:
 * an owner reference would let the garbage collector delete the registration-operator in the same pass
 * as the ClusterManager, stranding it in Terminating, and would make an orphaning delete impossible.
 */
public final class BundleLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "vela-ocm-hub-operator";
    /** Name of the VelaOcmHub that applied the object. */
    public static final String HUB = "ocm.oam.dev/hub";
    /** OCM release the object belongs to. */
    public static final String OCM_VERSION = "ocm.oam.dev/ocm-version";
    /** The selector the operator's informers use. */
    public static final String SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

    private BundleLabels() {
    }

    /**
     * The VelaOcmHub this operator recorded on an object it applied, or null: not applied by this operator
     * (installed by clusteradm, Helm or the old addon) or applied before hubs were recorded.
     */
    public static String hubOf(HasMetadata object) {
        Map<String, String> labels = object == null || object.getMetadata() == null ? null : object.getMetadata().getLabels();
        if (labels == null || !MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY))) {
            return null;
        }
        return labels.get(HUB);
    }

    static Map<String, String> of(String hubName, OcmRelease release) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(HUB, hubName);
        labels.put(OCM_VERSION, release.version());
        return labels;
    }
}
