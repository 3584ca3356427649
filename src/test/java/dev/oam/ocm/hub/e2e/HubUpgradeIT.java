package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Editing spec.version upgrades the CRD, then the operator, then the ClusterManager images, to Ready again. */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubUpgradeIT extends E2eSupport {
    private static final String OLDER = "1.2.0";

    @BeforeAll
    static void start() {
        startCluster("upgrade");
        startOperator();
    }

    @Test
    void upgradesFromTheOlderReleaseByEditingSpecVersion() {
        applyHub(hubYaml("hub", OLDER, null)).orThrow();
        awaitReady("hub");
        assertEquals(OLDER, hub("hub").getStatus().getInstalledVersion());
        String cmUid = clusterManager().getMetadata().getUid();

        kubectl.run("patch", "ocmhub", "hub", "--type=merge", "-p", "{\"spec\":{\"version\":\"" + NEWEST_REAL + "\"}}").orThrow();
        await("the new operator image", INSTALL, () -> operatorImage().endsWith(":v" + NEWEST_REAL));
        await("the new ClusterManager images", INSTALL, () -> clusterManager().getSpec().getRegistrationImagePullSpec()
                .endsWith(":v" + NEWEST_REAL));
        await("installedVersion " + NEWEST_REAL, INSTALL, () -> NEWEST_REAL.equals(hub("hub").getStatus().getInstalledVersion()));
        awaitReady("hub");

        ClusterManager cm = clusterManager();
        assertEquals(cmUid, cm.getMetadata().getUid(), "an upgrade never recreates the ClusterManager");
        assertEquals(NEWEST_REAL, admin.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get()
                .getMetadata().getLabels().get("ocm.oam.dev/ocm-version"), "the CRD is upgraded with the operator");
        for (String image : new String[]{cm.getSpec().getWorkImagePullSpec(), cm.getSpec().getPlacementImagePullSpec(),
                cm.getSpec().getAddOnManagerImagePullSpec()}) {
            assertEquals(true, image.endsWith(":v" + NEWEST_REAL), image);
        }
        Deployment registration = admin.apps().deployments().inNamespace("open-cluster-management-hub")
                .withName("cluster-manager-registration-controller").get();
        assertEquals(true, registration.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                .endsWith(":v" + NEWEST_REAL), "the hub components run the new release");
    }

    private static String operatorImage() {
        return admin.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
