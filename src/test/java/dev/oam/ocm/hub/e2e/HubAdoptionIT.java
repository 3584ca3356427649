package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.UpgradeOrder;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hub installed by `clusteradm init` at an older release is taken over in place, in the upgrade order: the
 * new registration-operator first, the hub images only once it runs; nothing is recreated, Ready follows.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubAdoptionIT extends E2eSupport {
    private static final String OLDER = "1.2.0";

    @BeforeAll
    static void start() {
        startCluster("adoption");
    }

    @Test
    void adoptsAnOlderHubInstalledByClusteradmInTheUpgradeOrder() {
        cluster.run("clusteradm", E2eBinaries.clusteradm().toString(), "init", "--bundle-version=" + OLDER,
                "--wait", "--kubeconfig", cluster.adminKubeconfig().toString()).orThrow();
        await("clusteradm's hub to report RegistrationFunctional", INSTALL, () -> clusterManager().getStatus() != null
                && clusterManager().getStatus().getConditions().stream().anyMatch(c -> "HubRegistrationDegraded".equals(c.getType())
                && "False".equals(c.getStatus())));
        assertTrue(clusterManager().getSpec().getRegistrationImagePullSpec().endsWith(":v" + OLDER),
                clusterManager().getSpec().getRegistrationImagePullSpec());
        String cmUid = clusterManager().getMetadata().getUid();
        String operatorUid = deployment("open-cluster-management", "cluster-manager").getMetadata().getUid();
        String registrationUid = deployment("open-cluster-management-hub", "cluster-manager-registration-controller")
                .getMetadata().getUid();

        // etcd orders every write with one revision counter, so resourceVersions of one API server compare:
        // the first new-release ClusterManager must come after the new operator has rolled out.
        String newOperator = "quay.io/open-cluster-management/registration-operator:v" + NEWEST_REAL;
        List<Long> rolledOutAt = new CopyOnWriteArrayList<>();
        List<Long> newImagesAt = new CopyOnWriteArrayList<>();
        List<String> phases = new CopyOnWriteArrayList<>();
        try (Watch deployments = admin.apps().deployments().inNamespace("open-cluster-management")
                .withName("cluster-manager").watch(recorder(d -> {
                    if (UpgradeOrder.runs(d, newOperator)) {
                        rolledOutAt.add(Long.parseLong(d.getMetadata().getResourceVersion()));
                    }
                }));
             Watch clusterManagers = admin.resources(ClusterManager.class).withName(ClusterManager.NAME)
                     .watch(recorder(cm -> {
                         if (cm.getSpec().getRegistrationImagePullSpec().endsWith(":v" + NEWEST_REAL)) {
                             newImagesAt.add(Long.parseLong(cm.getMetadata().getResourceVersion()));
                         }
                     }))) {
            startOperator();
            applyHub(hubYaml("hub", NEWEST_REAL, null)).orThrow();
            await("phase Upgrading while the adopted hub waits for the new operator", INSTALL, () -> {
                String phase = hub("hub") == null || hub("hub").getStatus() == null ? null : hub("hub").getStatus().getPhase();
                if (phase != null && !phases.contains(phase)) {
                    phases.add(phase);
                }
                return "Upgrading".equals(phase) || !newImagesAt.isEmpty();
            });
            awaitReady("hub");
            await("the watches to see the new images", INSTALL, () -> !newImagesAt.isEmpty());
        }

        assertTrue(phases.contains("Upgrading"), "adopting an older hub is an upgrade, phases seen: " + phases);
        assertTrue(!rolledOutAt.isEmpty() && rolledOutAt.get(0) < newImagesAt.get(0),
                "the ClusterManager got the " + NEWEST_REAL + " images (resourceVersion " + newImagesAt.get(0)
                        + ") only after registration-operator " + NEWEST_REAL + " had rolled out (" + rolledOutAt + ")");
        assertEquals(cmUid, clusterManager().getMetadata().getUid(), "the ClusterManager is adopted, not recreated");
        assertEquals("hub", clusterManager().getMetadata().getLabels().get("ocm.oam.dev/hub"));
        assertEquals(operatorUid, deployment("open-cluster-management", "cluster-manager").getMetadata().getUid(),
                "the registration-operator Deployment is adopted, not recreated");
        assertEquals(registrationUid, deployment("open-cluster-management-hub", "cluster-manager-registration-controller")
                .getMetadata().getUid(), "the hub components are upgraded in place");
        assertEquals(NEWEST_REAL, hub("hub").getStatus().getInstalledVersion());
        assertTrue(clusterManager().getMetadata().getManagedFields().stream()
                .anyMatch(f -> "vela-ocm-hub-operator".equals(f.getManager())), "the operator now manages the ClusterManager");
    }

    private static <T> Watcher<T> recorder(java.util.function.Consumer<T> onChange) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    onChange.accept(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    private static Deployment deployment(String namespace, String name) {
        return admin.apps().deployments().inNamespace(namespace).withName(name).get();
    }
}
