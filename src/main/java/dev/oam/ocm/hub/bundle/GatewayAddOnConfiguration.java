package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.addon.ClusterGatewayConfiguration;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code status.addOnConfiguration} cluster-gateway 1.9.0 needs on each of its ManagedClusterAddOns. Its addon
 * agent renders a cluster's manifests (the ClusterRole and binding that let the cluster's managed ServiceAccount act
 * for the gateway) only when that field names its ClusterGatewayConfiguration, and renders nothing otherwise. The
 * field is deprecated in favour of configReferences: nothing in OCM 1.2.1's hub nor in addon-framework 0.7.0 (which
 * cluster-gateway 1.9.0 is built on) writes it, so the operator does, for the one addon that still reads it. Pure.
 */
public final class GatewayAddOnConfiguration {
    static final String FIELD = "addOnConfiguration";

    private GatewayAddOnConfiguration() {
    }

    /** What the field should hold for a ClusterGatewayConfiguration at this generation. */
    public static Map<String, Object> desired(long configurationGeneration) {
        Map<String, Object> coordinates = new LinkedHashMap<>();
        coordinates.put("crdName", ClusterGatewayConfiguration.CRD_NAME);
        coordinates.put("crName", AddonBundle.GATEWAY_CONFIGURATION);
        coordinates.put("lastObservedGeneration", configurationGeneration);
        return coordinates;
    }

    /** The merge patch for the status subresource: only this field, so no other writer's status is touched. */
    public static Map<String, Object> statusPatch(long configurationGeneration) {
        return Map.of("status", Map.of(FIELD, desired(configurationGeneration)));
    }

    /**
     * Whether a cluster-gateway ManagedClusterAddOn lacks the field or holds another value. One being deleted is
     * left alone: its agent is going, and a write could only race the deletion.
     */
    public static boolean needsPatch(GenericKubernetesResource addon, long configurationGeneration) {
        if (addon.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        return !sameCoordinates(current(addon), desired(configurationGeneration));
    }

    /** The field as a ManagedClusterAddOn holds it; null when absent. */
    public static Map<?, ?> current(GenericKubernetesResource addon) {
        Object status = addon.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get(FIELD) instanceof Map<?, ?> coordinates) {
            return coordinates;
        }
        return null;
    }

    /** JSON numbers come back as Integer or Long: compare the generation by value. */
    private static boolean sameCoordinates(Map<?, ?> live, Map<String, Object> desired) {
        if (live == null || live.size() != desired.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : desired.entrySet()) {
            Object value = live.get(e.getKey());
            boolean same = value instanceof Number n && e.getValue() instanceof Number d
                    ? n.longValue() == d.longValue() : e.getValue().equals(value);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
