package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;

/**
 * The desired objects of one hub, in apply order: the ClusterManager CRD first (the ClusterManager cannot
 * be created before it is established), the operator and its RBAC next, the ClusterManager last. The addons
 * come after the hub, whose CRDs (ClusterManagementAddOn, Placement) they need.
 */
public record Bundle(OcmRelease release, HubImages images, List<HasMetadata> objects, AddonBundle addons) {
    public Bundle {
        objects = List.copyOf(objects);
        addons = addons == null ? AddonBundle.NONE : addons;
    }

    public ClusterManager clusterManager() {
        return only(ClusterManager.class);
    }

    public Deployment operatorDeployment() {
        return only(Deployment.class);
    }

    /** "Kind namespace/name", as logs, events and status messages name an object. */
    public static String describe(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }

    private <T extends HasMetadata> T only(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("bundle has no " + type.getSimpleName()));
    }
}
