package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.status.AddonObservation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;

/** Reads a ManagedClusterAddOn's Available condition, the AVAILABLE column of kubectl get managedclusteraddons. */
final class AddonClusterCounts {
    private AddonClusterCounts() {
    }

    static AddonObservation.AddonClusters of(List<GenericKubernetesResource> addons) {
        int available = (int) addons.stream().filter(AddonClusterCounts::available).count();
        return new AddonObservation.AddonClusters(addons.size(), available);
    }

    static boolean available(GenericKubernetesResource addon) {
        Object status = addon.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().filter(Map.class::isInstance).map(Map.class::cast)
                .anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
    }
}
