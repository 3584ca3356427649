package dev.oam.ocm.hub.bundle;

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

    static Map<String, String> of(String hubName, OcmRelease release) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(HUB, hubName);
        labels.put(OCM_VERSION, release.version());
        return labels;
    }
}
