package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.Objects;

/**
 * The upgrade rule: the ClusterManager's images change only after the registration-operator of the new
 * release runs on every replica. An old operator handed new images deploys them with old manifests.
 */
public final class UpgradeOrder {
    private UpgradeOrder() {
    }

    /** True when the desired ClusterManager must wait for the operator rollout. */
    public static boolean holdClusterManager(ClusterManager live, ClusterManager desired, Deployment operator,
                                             String desiredOperatorImage) {
        if (live == null || live.getSpec() == null) {
            return false; // a fresh install has nothing to protect: the new operator starts with it
        }
        if (sameImages(live.getSpec(), desired.getSpec())) {
            return false;
        }
        return !runs(operator, desiredOperatorImage);
    }

    static boolean sameImages(ClusterManagerSpec a, ClusterManagerSpec b) {
        return Objects.equals(a.getRegistrationImagePullSpec(), b.getRegistrationImagePullSpec())
                && Objects.equals(a.getWorkImagePullSpec(), b.getWorkImagePullSpec())
                && Objects.equals(a.getPlacementImagePullSpec(), b.getPlacementImagePullSpec())
                && Objects.equals(a.getAddOnManagerImagePullSpec(), b.getAddOnManagerImagePullSpec());
    }

    /** The Deployment runs the image on all its replicas, and they are available. */
    public static boolean runs(Deployment d, String image) {
        if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getSpec() == null) {
            return false;
        }
        boolean hasImage = d.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage).anyMatch(image::equals);
        return hasImage && d.getStatus() != null && DeploymentRollout.of(d).finishedAndAllAvailable();
    }
}
