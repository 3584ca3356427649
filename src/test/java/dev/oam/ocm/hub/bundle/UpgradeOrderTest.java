package dev.oam.ocm.hub.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class UpgradeOrderTest {
    private static final String OLD_OPERATOR = "quay.io/open-cluster-management/registration-operator:v1.2.1";
    private static final String NEW_OPERATOR = "quay.io/open-cluster-management/registration-operator:v1.3.1";

    /** A ClusterManager whose four images carry the tag. */
    private static ClusterManager cm(String tag) {
        ClusterManagerSpec spec = new ClusterManagerSpec();
        spec.setRegistrationImagePullSpec("quay.io/open-cluster-management/registration:" + tag);
        spec.setWorkImagePullSpec("quay.io/open-cluster-management/work:" + tag);
        spec.setPlacementImagePullSpec("quay.io/open-cluster-management/placement:" + tag);
        spec.setAddOnManagerImagePullSpec("quay.io/open-cluster-management/addon-manager:" + tag);
        ClusterManager cm = new ClusterManager();
        cm.getMetadata().setName(ClusterManager.NAME);
        cm.setSpec(spec);
        return cm;
    }

    /**
     * The operator Deployment at generation 2 running the image, with the given replica counts.
     *
     * @param observedGeneration status.observedGeneration, null when the controller has not reported yet
     */
    private static Deployment deployment(String image, int replicas, Long observedGeneration, Integer updated,
                                         Integer available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("cluster-manager").withNamespace("open-cluster-management")
                .withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewTemplate().withNewSpec().addNewContainer().withName("registration-operator").withImage(image)
                .endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(observedGeneration).withReplicas(replicas)
                .withUpdatedReplicas(updated).withAvailableReplicas(available).endStatus()
                .build();
    }

    private static Deployment rolledOut(String image, int replicas) {
        return deployment(image, replicas, 2L, replicas, replicas);
    }

    private static boolean hold(ClusterManager live, Deployment operator) {
        return UpgradeOrder.holdClusterManager(live, cm("v1.3.1"), operator, NEW_OPERATOR);
    }

    @Test
    void holdsWhileAnOldReplicaStillCountsAsAvailable() {
        // Mid-rollout: the new pod exists (updated=1) but is not ready; the old pod (total=2) is the available one.
        Deployment midRollout = deployment(NEW_OPERATOR, 1, 2L, 1, 1);
        midRollout.getStatus().setReplicas(2);
        assertTrue(hold(cm("v1.2.1"), midRollout),
                "expected a hold while an old operator replica is still running beside the new one");
    }

    @Test
    void holdsTheClusterManagerWhileTheOldOperatorStillRuns() {
        assertTrue(hold(cm("v1.2.1"), rolledOut(OLD_OPERATOR, 1)),
                "expected new ClusterManager images held while the operator runs the old image");
    }

    @Test
    void holdsTheClusterManagerWhileTheOperatorDeploymentIsMissing() {
        assertTrue(hold(cm("v1.2.1"), null), "expected new ClusterManager images held without an operator Deployment");
    }

    @Test
    void holdsTheClusterManagerUntilEveryReplicaIsUpdated() {
        assertTrue(hold(cm("v1.2.1"), deployment(NEW_OPERATOR, 3, 2L, 2, 3)),
                "expected a hold while only 2 of 3 replicas run the new image");
    }

    @Test
    void holdsTheClusterManagerUntilEveryReplicaIsAvailable() {
        assertTrue(hold(cm("v1.2.1"), deployment(NEW_OPERATOR, 3, 2L, 3, 2)),
                "expected a hold while only 2 of 3 updated replicas are available");
    }

    @Test
    void holdsTheClusterManagerUntilTheDeploymentControllerObservedTheNewTemplate() {
        assertTrue(hold(cm("v1.2.1"), deployment(NEW_OPERATOR, 1, 1L, 1, 1)),
                "expected a hold while the Deployment status describes an older generation");
    }

    @Test
    void holdsTheClusterManagerWhileTheDeploymentReportsNoStatus() {
        Deployment noStatus = rolledOut(NEW_OPERATOR, 1);
        noStatus.setStatus(null);

        assertTrue(hold(cm("v1.2.1"), noStatus), "expected a hold while the operator Deployment has no status");
    }

    @Test
    void releasesTheClusterManagerOnceTheNewOperatorRunsOnAllReplicas() {
        assertFalse(hold(cm("v1.2.1"), rolledOut(NEW_OPERATOR, 3)),
                "expected no hold once all 3 replicas run and serve the new operator image");
    }

    @Test
    void neverHoldsAFreshInstall() {
        assertFalse(hold(null, null), "expected no hold when no ClusterManager exists yet");
        assertFalse(hold(null, rolledOut(OLD_OPERATOR, 1)), "expected no hold on a fresh install, whatever the operator");
    }

    @Test
    void neverHoldsALiveClusterManagerWithoutSpec() {
        ClusterManager live = cm("v1.2.1");
        live.setSpec(null);

        assertFalse(hold(live, null), "expected no hold when the live ClusterManager has no spec to protect");
    }

    @Test
    void neverHoldsWhenTheImagesAreEqual() {
        assertFalse(hold(cm("v1.3.1"), null), "expected no hold when the images do not change, operator missing");
        assertFalse(hold(cm("v1.3.1"), rolledOut(OLD_OPERATOR, 1)),
                "expected no hold when the images do not change, even with an old operator");
    }

    @Test
    void holdsWhenOnlyOneImageDiffers() {
        ClusterManager live = cm("v1.3.1");
        live.getSpec().setAddOnManagerImagePullSpec("quay.io/open-cluster-management/addon-manager:v1.2.1");

        assertTrue(hold(live, rolledOut(OLD_OPERATOR, 1)),
                "expected a hold when only the addon-manager image changes and the operator is old");
    }
}
