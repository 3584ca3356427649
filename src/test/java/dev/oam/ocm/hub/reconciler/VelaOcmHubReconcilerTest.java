package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import ch.qos.logback.classic.Level;
import dev.oam.ocm.hub.testing.Await;
import dev.oam.ocm.hub.testing.LogCapture;
import dev.oam.ocm.hub.testing.SimulatedHub;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.oam.ocm.hub.testing.SimulatedHub.TIMEOUT;
import static dev.oam.ocm.hub.testing.SimulatedHub.condition;
import static dev.oam.ocm.hub.testing.SimulatedHub.healthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator against the mock API server: install, mirror, drift, upgrade, conflict and deletion. */
class VelaOcmHubReconcilerTest {
    private SimulatedHub sim;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        sim = new SimulatedHub();
        client = sim.client();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void installsTheBundleAndReportsReadyOnlyWhenTheHubWorks() {
        create("hub", spec("1.3.1"));
        sim.establishCrd();
        sim.rollOutOperator();
        awaitReady("hub", "False");
        sim.reportClusterManager(healthy());
        VelaOcmHub hub = awaitReady("hub", "True");

        assertEquals("Ready", hub.getStatus().getPhase());
        assertEquals("1.3.1", hub.getStatus().getInstalledVersion());
        assertEquals(hub.getMetadata().getGeneration(), hub.getStatus().getObservedGeneration());
        for (String type : List.of("Applied", "Progressing", "HubRegistrationDegraded", "HubPlacementDegraded",
                "ValidFeatureGates", "BundleApplied", "OperatorAvailable")) {
            assertTrue(find(hub, type).isPresent(), "expected condition " + type + " in " + hub.getStatus().getConditions());
        }
        ClusterManager cm = client.resources(ClusterManager.class).withName("cluster-manager").get();
        assertEquals("quay.io/open-cluster-management/registration:v1.3.1", cm.getSpec().getRegistrationImagePullSpec());
        assertEquals("hub", cm.getMetadata().getLabels().get("ocm.oam.dev/hub"));
        assertNotNull(client.rbac().clusterRoles().withName("cluster-manager").get());
        assertNotNull(client.serviceAccounts().inNamespace("open-cluster-management").withName("agent-registration-bootstrap").get());
    }

    @Test
    void holdsTheClusterManagerUntilItsCrdIsEstablished() {
        create("hub", spec("1.3.1"));
        sim.rollOutOperator();
        Await.sleep(1500);
        assertNull(client.resources(ClusterManager.class).withName("cluster-manager").get(),
                "the ClusterManager must not be applied before its CRD is established");
        sim.establishCrd();
        Await.until("the ClusterManager", TIMEOUT, () -> client.resources(ClusterManager.class).withName("cluster-manager").get());
    }

    @Test
    void mirrorsDegradedConditionsAndRecovers() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        Condition[] degraded = healthy();
        degraded[2] = condition("HubRegistrationDegraded", "True", "UnavailableRegistrationPod", "0 of 1 pods available");
        sim.reportClusterManager(degraded);
        VelaOcmHub hub = awaitReady("hub", "False");
        assertEquals("HubDegraded", find(hub, "Ready").orElseThrow().getReason());
        Condition mirrored = find(hub, "HubRegistrationDegraded").orElseThrow();
        assertEquals("UnavailableRegistrationPod", mirrored.getReason());
        assertEquals("0 of 1 pods available", mirrored.getMessage());
        assertEquals("Degraded", hub.getStatus().getPhase());

        sim.reportClusterManager(healthy());
        awaitReady("hub", "True");
    }

    @Test
    void aReconcileBeforeTheWatchCatchesUpWritesTheStatusOnceAndRecordsOneEvent() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        Await.sleep(500);

        // The operator's own status write stays out of its informer, as when the watch lags behind the write.
        sim.mock().holdWatchEvents("velaocmhubs");
        sim.mock().resetCounts();
        Condition[] degraded = healthy();
        degraded[2] = condition("HubRegistrationDegraded", "True", "UnavailableRegistrationPod", "0 of 1 pods available");
        sim.reportClusterManager(degraded);
        VelaOcmHub written = awaitReady("hub", "False");
        // Another change wakes the reconciler while its cache still holds the status from before.
        client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager")
                .edit(d -> {
                    d.getMetadata().setAnnotations(java.util.Map.of("example.com/touched", "yes"));
                    return d;
                });
        Await.sleep(1500);
        sim.mock().releaseWatchEvents();
        Await.sleep(500);

        List<String> statusWrites = sim.mock().dispatcher().writeLog().stream()
                .filter(w -> w.contains("/velaocmhubs/hub/status")).toList();
        assertEquals(1, statusWrites.size(), "expected one status write for one change, saw " + statusWrites);
        long degradedEvents = client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "HubDegraded".equals(e.getReason())).count();
        assertEquals(1, degradedEvents, "expected one HubDegraded event for one transition");
        assertEquals(find(written, "Ready").orElseThrow().getLastTransitionTime(),
                find(sim.hub("hub"), "Ready").orElseThrow().getLastTransitionTime(),
                "the transition time of Ready must stay that of the transition");
    }

    @Test
    void mirrorsConditionTypesItDoesNotKnow() {
        create("hub", spec("1.3.1"));
        sim.establishCrd();
        sim.rollOutOperator();
        Condition[] withNew = List.of(healthy()).toArray(new Condition[0]);
        Condition[] all = java.util.Arrays.copyOf(withNew, withNew.length + 1);
        all[withNew.length] = condition("HubAddonManagerDegraded", "False", "AddonManagerFunctional", "fine");
        sim.reportClusterManager(all);
        VelaOcmHub hub = awaitReady("hub", "True");
        assertEquals("AddonManagerFunctional", find(hub, "HubAddonManagerDegraded").orElseThrow().getReason());
    }

    @Test
    void secondHubReportsConflictAndChangesNothing() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        create("other", spec("1.2.1"));
        VelaOcmHub other = awaitPhase("other", "Conflict");
        assertEquals("Conflict", find(other, "Ready").orElseThrow().getReason());
        assertTrue(find(other, "Ready").orElseThrow().getMessage().contains("hub"));
        assertEquals(List.of("Ready", "Stalled"), other.getStatus().getConditions().stream().map(Condition::getType).toList(),
                "a losing hub writes only Ready and Stalled, nothing mirrored");
        assertEquals("quay.io/open-cluster-management/registration:v1.3.1",
                client.resources(ClusterManager.class).withName("cluster-manager").get().getSpec().getRegistrationImagePullSpec(),
                "the second hub must not touch the ClusterManager");
    }

    @Test
    void aHubInConflictTakesOverAfterTheOwnerIsDeletedWithOrphan() {
        createReady("hub", DeletionPolicy.Orphan);
        create("other", spec("1.3.1"));
        awaitPhase("other", "Conflict");

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the ClusterManager to be taken over by the second hub", TIMEOUT, () -> "other".equals(
                client.resources(ClusterManager.class).withName("cluster-manager").get().getMetadata().getLabels()
                        .get("ocm.oam.dev/hub")));
        VelaOcmHub other = awaitReady("other", "True");
        assertEquals("Ready", other.getStatus().getPhase(), "expected the second hub to own the hub left installed");
    }

    @Test
    void recreatesADeletedOperatorDeploymentAndRecordsAnEvent() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").delete();
        Await.until("the Deployment to come back", TIMEOUT, () -> {
            Deployment d = client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get();
            return d != null && d.getMetadata().getDeletionTimestamp() == null ? d : null;
        });
        Await.until("a DriftRepaired event", TIMEOUT, () -> client.v1().events().inNamespace("default").list().getItems()
                .stream().anyMatch(e -> "DriftRepaired".equals(e.getReason()) && e.getMessage().contains("Deployment")));
    }

    @Test
    void restoresAnEditedClusterManagerSpec() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        client.resources(ClusterManager.class).withName("cluster-manager").edit(cm -> {
            cm.getSpec().setPlacementImagePullSpec("example.com/evil/placement:v0");
            return cm;
        });
        Await.until("the placement image to be restored", TIMEOUT, () -> "quay.io/open-cluster-management/placement:v1.3.1"
                .equals(client.resources(ClusterManager.class).withName("cluster-manager").get().getSpec().getPlacementImagePullSpec()));
    }

    @Test
    void upgradesTheOperatorBeforeTheClusterManager() {
        create("hub", spec("1.2.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setVersion("1.3.1");
            return h;
        });
        Await.until("the operator Deployment on v1.3.1", TIMEOUT, () -> client.apps().deployments()
                .inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":v1.3.1"));
        VelaOcmHub upgrading = awaitReady("hub", "False");
        assertEquals("Upgrading", upgrading.getStatus().getPhase());
        assertEquals("quay.io/open-cluster-management/registration:v1.2.1",
                client.resources(ClusterManager.class).withName("cluster-manager").get().getSpec().getRegistrationImagePullSpec(),
                "the ClusterManager must keep the old images until the new operator has rolled out");

        sim.rollOutOperator();
        Await.until("the ClusterManager on v1.3.1", TIMEOUT, () -> "quay.io/open-cluster-management/registration:v1.3.1"
                .equals(client.resources(ClusterManager.class).withName("cluster-manager").get().getSpec().getRegistrationImagePullSpec()));
        sim.reportClusterManager(healthy());
        VelaOcmHub done = awaitReady("hub", "True");
        assertEquals("1.3.1", done.getStatus().getInstalledVersion());
        assertTrue(client.v1().events().inNamespace("default").list().getItems().stream()
                .noneMatch(e -> "DriftRepaired".equals(e.getReason())), "an upgrade is not drift");
    }

    @Test
    void refusesAnUnknownVersionAndAppliesNothing() {
        create("hub", spec("9.9.9"));
        VelaOcmHub hub = awaitPhase("hub", "Failed");
        Condition ready = find(hub, "Ready").orElseThrow();
        assertEquals("InvalidSpec", ready.getReason());
        assertTrue(ready.getMessage().contains("9.9.9") && ready.getMessage().contains("1.3.1"), ready.getMessage());
        assertNull(client.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get(),
                "nothing may be applied from an invalid spec");
    }

    @Test
    void anApiErrorReadingThePullSecretIsRetriedNotReportedAsABadSpec() {
        sim.mock().server().expect().get().withPath("/api/v1/namespaces/" + SimulatedHub.OPERATOR_NAMESPACE + "/secrets/creds")
                .andReturn(500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"etcdserver: request timed out\",\"code\":500}").always();
        VelaOcmHubSpec spec = spec("1.3.1");
        spec.setImagePullSecret("creds");
        create("hub", spec);

        VelaOcmHub hub = awaitReady("hub", "False");
        Condition ready = find(hub, "Ready").orElseThrow();
        assertEquals("PullSecretUnreadable", ready.getReason(), "expected a transient error, not InvalidSpec: " + ready.getMessage());
        assertTrue(ready.getMessage().contains("etcdserver: request timed out"), ready.getMessage());
        assertTrue(find(hub, "Stalled").isEmpty(), "expected no Stalled for an error the operator retries");
    }

    @Test
    void anIdleHubCausesNoWrites() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        Await.sleep(1000);

        sim.mock().resetCounts();
        sim.rollOutOperator(); // a status-only change of a watched object triggers a reconcile
        Await.sleep(1500);
        assertEquals(1, sim.mock().writes(), "only the test's own status update may write: " + sim.mock().dispatcher().writeLog());
    }

    @Test
    void deletionIsRefusedWhileManagedClustersAreJoined() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        joinCluster("cluster1");

        client.resources(VelaOcmHub.class).withName("hub").delete();
        VelaOcmHub hub = Await.until("a DeletionBlocked condition", TIMEOUT, () -> {
            VelaOcmHub h = sim.hub("hub");
            return h != null && find(h, "DeletionBlocked").isPresent() ? h : null;
        });
        Condition blocked = find(hub, "DeletionBlocked").orElseThrow();
        assertEquals("ManagedClustersJoined", blocked.getReason());
        assertTrue(blocked.getMessage().contains("cluster1"), blocked.getMessage());
        assertEquals("Blocked", hub.getStatus().getPhase());
        assertNotNull(client.resources(ClusterManager.class).withName("cluster-manager").get());
        assertNull(client.resources(ClusterManager.class).withName("cluster-manager").get().getMetadata().getDeletionTimestamp(),
                "the ClusterManager must not be deleted while clusters are joined");
    }

    @Test
    void deletesTheClusterManagerFirstAndTheOperatorOnlyAfterItIsGone() {
        readyHubWithCleanupFinalizer();

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the ClusterManager to be deleting", TIMEOUT, () -> {
            ClusterManager cm = client.resources(ClusterManager.class).withName("cluster-manager").get();
            return cm != null && cm.getMetadata().getDeletionTimestamp() != null;
        });
        Await.sleep(1500);
        assertNotNull(client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get(),
                "the registration-operator must keep running while the ClusterManager is terminating");
        assertNotNull(sim.hub("hub"), "the VelaOcmHub stays until the hub is gone");

        client.resources(ClusterManager.class).withName("cluster-manager").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        });
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);
        assertNull(client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get());
        assertNull(client.rbac().clusterRoles().withName("cluster-manager").get());
        assertNull(client.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get());
        assertNull(client.namespaces().withName("open-cluster-management").get());
    }

    @Test
    void aPersistentApplyFailureIsRetriedLessAndLessOftenAndWarnedOnce() {
        String clusterRole = "/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-manager?fieldManager=vela-ocm-hub-operator&force=true";
        sim.mock().server().expect().patch().withPath(clusterRole)
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"clusterroles is forbidden\",\"reason\":\"Forbidden\",\"code\":403}").always();
        try (LogCapture logs = new LogCapture(VelaOcmHubReconciler.class)) {
            create("hub", spec("1.3.1"));
            awaitPhase("hub", "Failed");
            Await.sleep(3000); // the first, event-driven passes are over; from here only the backoff retries
            sim.mock().resetCounts();
            Await.sleep(9000);

            long tries = sim.mock().dispatcher().writeLog().stream().filter(w -> w.endsWith(clusterRole)).count();
            assertTrue(tries <= 2, "expected at most 2 tries in 9 s once the wait has grown past 4 s, saw " + tries);
            List<String> warnings = logs.lines(Level.WARN).stream().filter(l -> l.contains("forbidden")).toList();
            assertEquals(1, warnings.size(), "expected one warning for one failure, saw " + warnings);
        }
    }

    @Test
    void waitingDuringDeletionIsLoggedOnceNotOnEveryPass() {
        readyHubWithCleanupFinalizer();
        try (LogCapture logs = new LogCapture(VelaOcmHubReconciler.class)) {
            client.resources(VelaOcmHub.class).withName("hub").delete();
            Await.sleep(6000); // three passes at least
            List<String> waiting = logs.lines(Level.INFO).stream().filter(l -> l.startsWith("Deleting hub: waiting for")).toList();
            assertEquals(1, waiting.size(), "expected the wait logged when it starts, not on every pass: " + waiting);
        }
    }

    @Test
    void orphanPolicyLeavesTheHubInstalled() {
        createReady("hub", DeletionPolicy.Orphan);
        joinCluster("cluster1");

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);
        ClusterManager cm = client.resources(ClusterManager.class).withName("cluster-manager").get();
        assertNotNull(cm);
        assertNull(cm.getMetadata().getDeletionTimestamp());
        assertNotNull(client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get());
    }

    @Test
    void keepHubCrdsRunsTheOperatorWithSkipRemoveCrdsAndIgnoresJoinedClusters() {
        createReady("hub", DeletionPolicy.KeepHubCRDs);
        joinCluster("cluster1");
        assertTrue(client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--skip-remove-crds"));

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);
        assertNull(client.resources(ClusterManager.class).withName("cluster-manager").get());
        assertNotNull(client.genericKubernetesResources("cluster.open-cluster-management.io/v1", "ManagedCluster")
                .withName("cluster1").get(), "KeepHubCRDs must not remove ManagedClusters");
    }

    @Test
    void adoptsAClusterManagerInstalledByAnotherTool() {
        // What clusteradm init leaves: the CRD and a ClusterManager without our labels.
        client.apiextensions().v1().customResourceDefinitions().resource(dev.oam.ocm.hub.bundle.ClusterManagerCrd.create()).create();
        sim.establishCrd();
        ClusterManager existing = new ClusterManager();
        existing.setMetadata(new ObjectMetaBuilder().withName("cluster-manager").build());
        existing.setSpec(new dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec());
        existing.getSpec().setRegistrationImagePullSpec("quay.io/open-cluster-management/registration:v1.3.1");
        String uid = client.resource(existing).create().getMetadata().getUid();

        create("hub", spec("1.3.1"));
        Await.until("the ClusterManager to be labelled as ours", TIMEOUT, () -> "hub".equals(
                client.resources(ClusterManager.class).withName("cluster-manager").get().getMetadata().getLabels() == null ? null
                        : client.resources(ClusterManager.class).withName("cluster-manager").get().getMetadata().getLabels().get("ocm.oam.dev/hub")));
        assertEquals(uid, client.resources(ClusterManager.class).withName("cluster-manager").get().getMetadata().getUid(),
                "adoption must not recreate the ClusterManager");
        sim.rollOutOperator();
        sim.reportClusterManager(healthy());
        awaitReady("hub", "True");
    }

    @Test
    void deletingAHubThatNeverInstalledAnythingLeavesAForeignHubAlone() {
        ClusterManager foreign = installLikeClusteradm();
        create("hub", spec("9.9.9")); // never installable, so it never applies anything
        awaitPhase("hub", "Failed");

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);
        Await.sleep(500);
        ClusterManager cm = client.resources(ClusterManager.class).withName("cluster-manager").get();
        assertNotNull(cm, "the ClusterManager clusteradm installed must survive");
        assertEquals(foreign.getMetadata().getUid(), cm.getMetadata().getUid());
        assertNull(cm.getMetadata().getDeletionTimestamp(), "the foreign ClusterManager must not be deleted");
        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get());
        assertNotNull(client.namespaces().withName("open-cluster-management").get());
        assertTrue(client.v1().events().inNamespace("default").list().getItems().stream()
                        .anyMatch(e -> "Normal".equals(e.getType()) && "Deleted".equals(e.getReason())
                                && e.getMessage().contains("nothing else was touched")),
                "expected a Normal event saying why nothing else was touched");
    }

    /** What clusteradm init leaves: CRD, namespace and ClusterManager, none with the operator's labels. */
    private ClusterManager installLikeClusteradm() {
        client.apiextensions().v1().customResourceDefinitions().resource(dev.oam.ocm.hub.bundle.ClusterManagerCrd.create()).create();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("open-cluster-management").endMetadata().build()).create();
        ClusterManager existing = new ClusterManager();
        existing.setMetadata(new ObjectMetaBuilder().withName("cluster-manager").build());
        existing.setSpec(new dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec());
        existing.getSpec().setRegistrationImagePullSpec("quay.io/open-cluster-management/registration:v1.2.0");
        return client.resource(existing).create();
    }

    private void joinCluster(String name) {
        if (client.apiextensions().v1().customResourceDefinitions().withName("managedclusters.cluster.open-cluster-management.io").get() == null) {
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName("managedclusters.cluster.open-cluster-management.io").endMetadata()
                    .withNewSpec().withGroup("cluster.open-cluster-management.io").withScope("Cluster")
                    .withNewNames().withKind("ManagedCluster").withPlural("managedclusters").withSingular("managedcluster").endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                    .endOpenAPIV3Schema().endSchema().endVersion()
                    .endSpec().build()).create();
        }
        GenericKubernetesResource cluster = new GenericKubernetesResourceBuilder()
                .withApiVersion("cluster.open-cluster-management.io/v1").withKind("ManagedCluster")
                .withNewMetadata().withName(name).endMetadata().build();
        client.resource(cluster).create();
    }

    private void create(String name, VelaOcmHubSpec spec) {
        VelaOcmHub hub = new VelaOcmHub();
        hub.setMetadata(new ObjectMetaBuilder().withName(name).build());
        hub.setSpec(spec);
        client.resource(hub).create();
    }

    private static VelaOcmHubSpec spec(String version) {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        spec.setVersion(version);
        return spec;
    }

    /** A Ready hub whose ClusterManager carries the registration-operator's cleanup finalizer, as on a real hub. */
    private void readyHubWithCleanupFinalizer() {
        createReady("hub", DeletionPolicy.Delete);
        // The registration-operator's cleanup finalizer keeps the ClusterManager until the hub is removed.
        client.resources(ClusterManager.class).withName("cluster-manager").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of("operator.open-cluster-management.io/cluster-manager-cleanup"));
            return cm;
        });
    }

    /** A hub on 1.3.1 with the given deletion policy, brought to Ready. */
    private void createReady(String name, DeletionPolicy policy) {
        VelaOcmHubSpec spec = spec("1.3.1");
        spec.setDeletionPolicy(policy);
        create(name, spec);
        sim.makeReady();
        awaitReady(name, "True");
    }

    private VelaOcmHub awaitPhase(String name, String phase) {
        return Await.until("phase " + phase + " on " + name, TIMEOUT, () -> {
            VelaOcmHub hub = sim.hub(name);
            return hub != null && hub.getStatus() != null && phase.equals(hub.getStatus().getPhase()) ? hub : null;
        });
    }

    private VelaOcmHub awaitReady(String name, String status) {
        return Await.until("Ready=" + status + " on " + name, TIMEOUT, () -> {
            VelaOcmHub hub = sim.hub(name);
            return hub != null && find(hub, "Ready").map(c -> status.equals(c.getStatus())).orElse(false) ? hub : null;
        });
    }

    private static Optional<Condition> find(VelaOcmHub hub, String type) {
        if (hub.getStatus() == null || hub.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return hub.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
