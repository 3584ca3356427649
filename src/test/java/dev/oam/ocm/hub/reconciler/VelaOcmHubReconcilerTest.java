package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.JoinAccess;
import dev.oam.ocm.hub.api.ManagedClusterCounts;
import dev.oam.ocm.hub.api.NodePlacement;
import dev.oam.ocm.hub.api.OperatorOptions;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.ClusterManagerCrd;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.ReleaseCatalog;
import ch.qos.logback.classic.Level;
import dev.oam.ocm.hub.testing.Await;
import dev.oam.ocm.hub.testing.LogCapture;
import dev.oam.ocm.hub.testing.SimulatedHub;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

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
    /**
     * fabric8's client retries a 5xx answer itself, with growing pauses, for about 20 s before the operator sees
     * the error: tests of what the operator does with a server error wait that long plus the usual margin.
     */
    private static final Duration SERVER_ERROR_RETRIES = Duration.ofSeconds(60);
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
    void aCompetingWriterIsAnsweredAFewTimesAMinuteAndNamedUntilItStops() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        String ours = "quay.io/open-cluster-management/registration-operator:v1.3.1";
        String path = "/apis/apps/v1/namespaces/open-cluster-management/deployments/cluster-manager?fieldManager=vela-ocm-hub-operator&force=true";
        sim.mock().resetCounts();

        try (LogCapture logs = new LogCapture(VelaOcmHubReconciler.class)) {
            // Another field manager forces the image every 250 ms for 8 s, recording itself in managedFields as the API
            // server would.
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            int competitorWrites = 0;
            while (System.nanoTime() < end) {
                forceImage("example.com/pinned/registration-operator:v0");
                competitorWrites++;
                Await.sleep(250);
            }
            long repairs = sim.mock().dispatcher().writeLog().stream().filter(w -> w.endsWith(path)).count();
            assertTrue(repairs >= 1 && repairs <= DriftBudgetLimits.REPAIRS_IN_FIRST_MINUTE,
                    "expected the operator to put the image back a few times, not " + repairs + " times against "
                            + competitorWrites + " competing writes in 8 s");
            VelaOcmHub contested = Await.until("DriftContested=True", TIMEOUT, () -> {
                VelaOcmHub h = sim.hub("hub");
                return find(h, "DriftContested").map(c -> "True".equals(c.getStatus())).orElse(false) ? h : null;
            });
            String message = find(contested, "DriftContested").orElseThrow().getMessage();
            assertTrue(message.contains("Deployment open-cluster-management/cluster-manager") && message.contains("\"image-pinner\"")
                            && message.contains("spec.template.spec.containers[name=registration-operator].image"),
                    "expected the object, the other manager and the field in: " + message);
            assertEquals("CompetingFieldManager", find(contested, "DriftContested").orElseThrow().getReason());
            assertTrue(find(contested, "Ready").map(c -> !c.getMessage().contains("image-pinner")).orElse(false),
                    "Ready keeps its meaning (does the hub work?); the contest is DriftContested's to report");
            assertTrue(client.v1().events().inNamespace("default").list().getItems().stream()
                            .anyMatch(e -> "DriftContested".equals(e.getReason()) && "Warning".equals(e.getType())
                                    && e.getMessage().contains("image-pinner")),
                    "expected a Warning event DriftContested naming image-pinner");

            // The writer stops: the image comes back within one spacing (20 s; the wait leaves room for a loaded
            // machine, where a pass was seen 10 s late), and the contest ends.
            Await.until("our image back", Duration.ofSeconds(45), () -> ours.equals(operatorImage()));
            Await.until("DriftContested gone", Duration.ofSeconds(60),
                    () -> find(sim.hub("hub"), "DriftContested").isEmpty());
            assertEquals(ours, operatorImage());
            sim.rollOutOperator();
            awaitReady("hub", "True");
            List<String> ended = logs.lines(Level.INFO).stream().filter(l -> l.contains("no other writer contests")).toList();
            assertEquals(1, ended.size(), "the contest's end is logged once, not on every pass: " + ended);
        }
    }

    /** What DriftBudget allows in a first minute: its burst, plus one after each spacing. */
    private static final class DriftBudgetLimits {
        static final long REPAIRS_IN_FIRST_MINUTE = dev.oam.ocm.hub.status.DriftBudget.BURST
                + 60 / dev.oam.ocm.hub.status.DriftBudget.SPACING.toSeconds();
    }

    private String operatorImage() {
        return client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** Sets the registration-operator image as field manager "image-pinner", with its managedFields entry. */
    private void forceImage(String image) {
        client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            io.fabric8.kubernetes.api.model.FieldsV1 fields = new io.fabric8.kubernetes.api.model.FieldsV1();
            fields.setAdditionalProperty("f:spec", Map.of("f:template", Map.of("f:spec", Map.of("f:containers",
                    Map.of("k:{\"name\":\"registration-operator\"}", Map.of(".", Map.of(), "f:name", Map.of(),
                            "f:image", Map.of()))))));
            List<io.fabric8.kubernetes.api.model.ManagedFieldsEntry> entries = new java.util.ArrayList<>(
                    d.getMetadata().getManagedFields() == null ? List.of() : d.getMetadata().getManagedFields());
            entries.removeIf(e -> "image-pinner".equals(e.getManager()));
            entries.add(new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder().withManager("image-pinner")
                    .withOperation("Apply").withApiVersion("apps/v1").withFieldsType("FieldsV1").withFieldsV1(fields)
                    .withTime(java.time.Instant.now().toString()).build());
            d.getMetadata().setManagedFields(entries);
            return d;
        });
    }

    @Test
    void aForbiddenStatusWriteIsAWarningEventAndALogLineThenConvergesWithoutAHotLoop() {
        String statusPath = "/apis/ocm.oam.dev/v1alpha1/velaocmhubs/hub/status?fieldManager=vela-ocm-hub-operator&force=true";
        String refusal = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                + "\"velaocmhubs.ocm.oam.dev \\\"hub\\\" is forbidden: User \\\"system:serviceaccount:vela-system:operator\\\""
                + " cannot patch resource \\\"velaocmhubs/status\\\" in API group \\\"ocm.oam.dev\\\" at the cluster scope\","
                + "\"reason\":\"Forbidden\",\"code\":403}";
        sim.mock().server().expect().patch().withPath(statusPath).andReturn(403, refusal).times(3);
        try (LogCapture logs = new LogCapture(VelaOcmHubReconciler.class)) {
            create("hub", spec("1.3.1"));
            sim.makeReady();
            Await.until("a Forbidden Warning event", TIMEOUT, () -> client.v1().events().inNamespace("default").list()
                    .getItems().stream().anyMatch(e -> "Forbidden".equals(e.getReason()) && "Warning".equals(e.getType())
                            && e.getMessage().contains("may not patch velaocmhubs/status of hub")
                            && e.getMessage().contains("ClusterRoleBinding vela-ocm-hub-operator")));
            // Refused three times, retried after 2, 4 and 8 s: Ready about 14 s after the first refusal.
            awaitReady("hub", "True", Duration.ofSeconds(40));

            long statusTries = sim.mock().dispatcher().writeLog().stream().filter(w -> w.endsWith(statusPath)).count();
            assertTrue(statusTries <= 8, "expected a few status writes with backoff, not a loop: " + statusTries);
            List<String> warnings = logs.lines(Level.WARN).stream().filter(l -> l.contains("velaocmhubs/status")).toList();
            assertEquals(1, warnings.size(), "expected one warning that explains the refusal, saw " + warnings);
            assertTrue(warnings.get(0).contains("retrying in"), "the warning says what comes next: " + warnings.get(0));
            long events = client.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> "Forbidden".equals(e.getReason())).count();
            assertEquals(1, events, "one event per refusal, not one per retry");
        }
    }

    @Test
    void upgradesTheOperatorBeforeTheClusterManager() {
        create("hub", spec("1.2.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        assertFalse(liveClusterManagerSpecFields().contains("placementConfiguration"),
                "expected OCM 1.2.1's own ClusterManager CRD, without the 1.3 placementConfiguration");

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setVersion("1.3.1");
            return h;
        });
        Await.until("the operator Deployment on v1.3.1", TIMEOUT, () -> client.apps().deployments()
                .inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":v1.3.1"));
        assertTrue(liveClusterManagerSpecFields().contains("placementConfiguration"),
                "expected the CRD of OCM 1.3.1 applied before its operator");
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

        VelaOcmHub hub = awaitReady("hub", "False", SERVER_ERROR_RETRIES);
        Condition ready = find(hub, "Ready").orElseThrow();
        assertEquals("PullSecretUnreadable", ready.getReason(), "expected a transient error, not InvalidSpec: " + ready.getMessage());
        assertTrue(ready.getMessage().contains("etcdserver: request timed out"), ready.getMessage());
        assertTrue(find(hub, "Stalled").isEmpty(), "expected no Stalled for an error the operator retries");
    }

    @Test
    void aSpecTheServerRefusesAtDryRunAppliesNothingAndIsStalledWithTheField() {
        // A name of 64 characters passes as a VelaOcmHub name (253) but not as the label value every object
        // carries (63): the API server refuses the first object, the CRD, and would refuse every other.
        String longName = "h".repeat(64);
        sim.mock().refuseDryRun("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + ClusterManager.CRD_NAME,
                422, "Invalid", "CustomResourceDefinition.apiextensions.k8s.io \"" + ClusterManager.CRD_NAME
                        + "\" is invalid: metadata.labels: Invalid value: \"" + longName
                        + "\": must be no more than 63 characters");
        create(longName, spec("1.3.1"));

        VelaOcmHub hub = awaitPhase(longName, "Failed");
        Condition ready = find(hub, "Ready").orElseThrow();
        assertEquals("InvalidSpec", ready.getReason());
        assertTrue(ready.getMessage().startsWith("metadata.name: ") && ready.getMessage().contains("no more than 63"),
                "expected the field and the API server's words, got " + ready.getMessage());
        assertEquals("True", find(hub, "Stalled").orElseThrow().getStatus());
        assertNull(client.namespaces().withName("open-cluster-management").get(), "no namespace may be created");
        assertNull(client.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get());
        assertNull(client.rbac().clusterRoles().withName("cluster-manager").get(), "no RBAC may be applied");
        assertEquals(List.of(), realBundleWrites(), "only dry-runs and status writes");
    }

    @Test
    void aChangedSpecTheServerRefusesLeavesTheRunningHubUntouched() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        Await.sleep(500);
        sim.mock().refuseDryRun("/apis/apps/v1/namespaces/open-cluster-management/deployments/cluster-manager",
                422, "Invalid", "Deployment.apps \"cluster-manager\" is invalid:"
                        + " spec.template.spec.tolerations[0].effect: Unsupported value: \"Sometimes\"");
        sim.mock().resetCounts();

        VelaOcmHub hub = sim.hub("hub");
        hub.getSpec().setOperator(new OperatorOptions());
        hub.getSpec().getOperator().setReplicas(2);
        hub.getSpec().getOperator().setNodePlacement(new NodePlacement());
        hub.getSpec().getOperator().getNodePlacement().setTolerations(List.of(
                new TolerationBuilder().withKey("dedicated").withOperator("Exists").withEffect("Sometimes").build()));
        client.resource(hub).update();

        Condition ready = find(awaitPhase("hub", "Failed"), "Ready").orElseThrow();
        assertEquals("InvalidSpec", ready.getReason());
        assertTrue(ready.getMessage().startsWith("spec.operator.nodePlacement.tolerations: ")
                && ready.getMessage().contains("Unsupported value"), ready.getMessage());
        assertEquals(List.of(), realBundleWrites(), "nothing of the refused spec may be applied");
        assertEquals(1, client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager")
                .get().getSpec().getReplicas());
    }

    @Test
    void aValidChangedSpecIsDryRunOnceThenApplied() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        Await.sleep(500);
        sim.mock().resetCounts();

        VelaOcmHub hub = sim.hub("hub");
        hub.getSpec().setOperator(new OperatorOptions());
        hub.getSpec().getOperator().setReplicas(2);
        client.resource(hub).update();
        Await.until("the Deployment scaled to 2", TIMEOUT, () -> Integer.valueOf(2).equals(client.apps().deployments()
                .inNamespace("open-cluster-management").withName("cluster-manager").get().getSpec().getReplicas()));
        sim.rollOutOperator();
        awaitReady("hub", "True");

        List<String> writes = sim.mock().dispatcher().writeLog();
        List<String> dryRuns = writes.stream().filter(w -> w.contains("dryRun=All")).toList();
        int firstRealWrite = writes.indexOf(realBundleWrites().get(0));
        assertEquals(dryRuns.size(), writes.subList(0, firstRealWrite).stream()
                .filter(w -> w.contains("dryRun=All")).count(), "every dry-run comes before the first write: " + writes);
        assertEquals(HubBundle.render("hub", sim.hub("hub").getSpec(), null).objects().size(), dryRuns.size(), "one dry-run per object of the bundle: " + dryRuns);
    }

    @Test
    void aFreshInstallDryRunsOnlyWhatTheServerCanJudgeYet() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        List<String> dryRuns = sim.mock().dispatcher().writeLog().stream().filter(w -> w.contains("dryRun=All")).toList();
        assertTrue(dryRuns.stream().anyMatch(w -> w.contains("/clusterroles/cluster-manager?")), "cluster-scoped objects are checked: " + dryRuns);
        assertTrue(dryRuns.stream().noneMatch(w -> w.contains("/namespaces/open-cluster-management/")),
                "nothing is sent into a namespace that does not exist yet: " + dryRuns);
        assertTrue(dryRuns.stream().noneMatch(w -> w.contains("/clustermanagers/")), "nor a ClusterManager before its CRD: " + dryRuns);
    }

    @Test
    void aNamespaceAnotherToolCreatedIsFoundAndItsObjectsAreChecked() {
        // clusteradm's namespace lacks the label the informers select: a read finds it.
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("open-cluster-management")
                .endMetadata().build()).create();
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");

        List<String> dryRuns = sim.mock().dispatcher().writeLog().stream().filter(w -> w.contains("dryRun=All")).toList();
        assertTrue(dryRuns.stream().anyMatch(w -> w.contains("/namespaces/open-cluster-management/deployments/cluster-manager?")),
                "the Deployment is checked in the existing namespace: " + dryRuns);
    }

    @Test
    void aNewHubSaysInstallingBeforeItsFirstDryRun() {
        create("hub", spec("1.3.1"));
        awaitPhase("hub", "Installing");
        List<String> writes = sim.mock().dispatcher().writeLog();
        int status = writes.stream().filter(w -> w.contains("/velaocmhubs/hub/status")).findFirst().map(writes::indexOf)
                .orElseThrow(() -> new AssertionError("no status write: " + writes));
        int dryRun = writes.stream().filter(w -> w.contains("dryRun=All")).findFirst().map(writes::indexOf).orElse(-1);
        assertTrue(dryRun == -1 || status < dryRun,
                "kstatus reads a hub without status as Current: the status comes before the first dry-run: " + writes);
        VelaOcmHub written = sim.hub("hub");
        assertEquals(1L, written.getStatus().getObservedGeneration());
        assertEquals("True", find(written, "Reconciling").orElseThrow().getStatus());
        assertEquals("False", find(written, "Ready").orElseThrow().getStatus());
    }

    @Test
    void aDryRunTheServerFailsToAnswerIsRetriedNotReportedAsABadSpec() {
        sim.mock().refuseDryRun("/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-manager", 500,
                "InternalError", "etcdserver: request timed out");
        create("hub", spec("1.3.1"));

        Condition ready = find(awaitPhase("hub", "Failed", SERVER_ERROR_RETRIES), "Ready").orElseThrow();
        assertEquals("ApplyFailed", ready.getReason(), "a server error is the cluster's, not the spec's: " + ready.getMessage());
        assertTrue(ready.getMessage().contains("etcdserver: request timed out"), ready.getMessage());
        assertNull(client.namespaces().withName("open-cluster-management").get(), "nothing applied before the check passes");
        // The pass publishes its status, then counts the error: the count may trail the status by a moment.
        Await.until("a failed pass counted as a reconcile error", TIMEOUT, () -> sim.reconcileErrors("hub") > 0 ? true : null);
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
        assertEquals(0, sim.reconcileErrors("hub"), "a hub that installs cleanly has no reconcile errors");
        assertTrue(sim.mock().dispatcher().requestLog().stream().noneMatch(r -> r.contains("dryRun")),
                "an idle pass sends no dry-run");
    }

    @Test
    void deletionIsRefusedWhileManagedClustersAreJoined() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        sim.joinCluster("cluster1");

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
    void turningJoinAccessOffRemovesTheJoinIdentities() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        assertNotNull(client.serviceAccounts().inNamespace("open-cluster-management").withName("cluster-bootstrap").get());

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setJoinAccess(new JoinAccess());
            h.getSpec().getJoinAccess().setEnabled(false);
            return h;
        });

        Await.until("the join identities to be removed", TIMEOUT, () -> Stream.of(
                client.serviceAccounts().inNamespace("open-cluster-management").withName("agent-registration-bootstrap").get(),
                client.serviceAccounts().inNamespace("open-cluster-management").withName("cluster-bootstrap").get(),
                client.rbac().clusterRoleBindings().withName("cluster-bootstrap-sa").get(),
                client.rbac().clusterRoleBindings().withName("open-cluster-management:bootstrap:agent-registration").get(),
                client.rbac().clusterRoles().withName("open-cluster-management:bootstrap").get(),
                client.rbac().clusterRoles().withName("system:open-cluster-management:bootstrap").get())
                .allMatch(Objects::isNull));
        assertNotNull(client.serviceAccounts().inNamespace("open-cluster-management").withName("cluster-manager").get(),
                "the operator's own identity stays");
        assertTrue(client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "Pruned".equals(e.getReason()) && e.getMessage().contains("cluster-bootstrap")),
                "expected a Pruned event naming what was removed");
    }

    @Test
    void removingTheImagePullSecretRemovesItsCopy() {
        registryCredentials("kubernetes.io/dockerconfigjson");
        createPullingWith("registry");
        sim.makeReady();
        awaitReady("hub", "True");
        assertNotNull(client.secrets().inNamespace("open-cluster-management")
                .withName("open-cluster-management-image-pull-credentials").get(), "expected the copy while the spec names it");

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setImagePullSecret(null);
            return h;
        });

        Await.until("the copied pull secret to be removed", TIMEOUT, () -> client.secrets().inNamespace("open-cluster-management")
                .withName("open-cluster-management-image-pull-credentials").get() == null);
    }

    @Test
    void watchesThePullSecretAndItsCopy() {
        Secret source = registryCredentials("kubernetes.io/dockerconfigjson");
        createPullingWith("registry");
        sim.makeReady();
        awaitReady("hub", "True");
        Await.sleep(1000);

        sim.mock().resetCounts();
        sim.rollOutOperator(); // a status-only change of a watched object: one reconcile, which reads no Secret
        Await.sleep(1500);
        assertTrue(sim.mock().dispatcher().requestLog().stream().noneMatch(r -> r.startsWith("GET") && r.contains("/secrets/")),
                "an unchanged hub reads no Secret: " + sim.mock().dispatcher().requestLog());

        client.secrets().inNamespace("open-cluster-management").withName("open-cluster-management-image-pull-credentials").delete();
        Await.until("the deleted copy to be put back", Duration.ofSeconds(5), () -> client.secrets()
                .inNamespace("open-cluster-management").withName("open-cluster-management-image-pull-credentials").get());

        source.getData().put(".dockerconfigjson", "eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6e319fQ==");
        client.resource(source).update();
        Await.until("the rotated credentials to reach the copy", Duration.ofSeconds(5), () -> "eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6e319fQ=="
                .equals(client.secrets().inNamespace("open-cluster-management").withName("open-cluster-management-image-pull-credentials")
                        .get().getData().get(".dockerconfigjson")) ? true : null);
    }

    @Test
    void refusesAPullSecretOfAnotherTypeAndSaysWhich() {
        registryCredentials("Opaque");
        createPullingWith("registry");
        VelaOcmHub hub = Await.until("an InvalidSpec status", TIMEOUT, () -> {
            VelaOcmHub h = sim.hub("hub");
            return h.getStatus() != null && "Failed".equals(h.getStatus().getPhase()) ? h : null;
        });
        String message = find(hub, "Ready").orElseThrow().getMessage();
        assertTrue(message.contains("type Opaque") && message.contains("kubernetes.io/dockerconfigjson"), message);
    }

    @Test
    void deletionRemovesEverythingTheOperatorEverCreatedAndNothingElse() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        // An object an older release rendered and the current one no longer does, applied by this operator.
        client.serviceAccounts().inNamespace("open-cluster-management").resource(new ServiceAccountBuilder()
                        .withNewMetadata().withName("registration-operator-legacy")
                        .withLabels(Map.of("app.kubernetes.io/managed-by", "vela-ocm-hub-operator", "ocm.oam.dev/hub", "hub",
                                "ocm.oam.dev/ocm-version", "1.0.0")).endMetadata().build())
                .fieldManager("vela-ocm-hub-operator").forceConflicts().serverSideApply();
        // Someone else's object in the same namespace, and a hub CRD the registration-operator labelled like its
        // ClusterManager.
        client.serviceAccounts().inNamespace("open-cluster-management").resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("someone-else").endMetadata().build()).create();
        sim.joinCluster("cluster1");
        client.apiextensions().v1().customResourceDefinitions().withName("managedclusters.cluster.open-cluster-management.io")
                .edit(crd -> {
                    crd.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "vela-ocm-hub-operator",
                            "ocm.oam.dev/hub", "hub"));
                    return crd;
                });
        client.genericKubernetesResources("cluster.open-cluster-management.io/v1", "ManagedCluster").withName("cluster1").delete();

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);

        String ours = "app.kubernetes.io/managed-by=vela-ocm-hub-operator,ocm.oam.dev/hub=hub";
        List<String> left = Stream.of(
                client.serviceAccounts().inAnyNamespace().withLabelSelector(ours).list().getItems(),
                client.rbac().clusterRoles().withLabelSelector(ours).list().getItems(),
                client.rbac().clusterRoleBindings().withLabelSelector(ours).list().getItems(),
                client.apps().deployments().inAnyNamespace().withLabelSelector(ours).list().getItems(),
                client.namespaces().withLabelSelector(ours).list().getItems(),
                client.secrets().inAnyNamespace().withLabelSelector(ours).list().getItems())
                .flatMap(List::stream).map(o -> o.getKind() + " " + o.getMetadata().getName()).toList();
        assertEquals(List.of(), left, "expected nothing the operator created for the hub to be left");
        assertNull(client.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get());
        assertNotNull(client.apiextensions().v1().customResourceDefinitions()
                .withName("managedclusters.cluster.open-cluster-management.io").get(),
                "a hub CRD carries our labels only because the registration-operator copied them: never ours to delete");
        assertNotNull(client.serviceAccounts().inNamespace("open-cluster-management").withName("someone-else").get(),
                "objects without the operator's labels are never removed");
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
        sim.joinCluster("cluster1");

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
        sim.joinCluster("cluster1");
        assertTrue(client.apps().deployments().inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--skip-remove-crds"));

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);
        assertNull(client.resources(ClusterManager.class).withName("cluster-manager").get());
        assertNotNull(client.genericKubernetesResources("cluster.open-cluster-management.io/v1", "ManagedCluster")
                .withName("cluster1").get(), "KeepHubCRDs must not remove ManagedClusters");
    }

    @Test
    void deletionRightAfterKeepHubCrdsTurnedToDeleteWaitsForTheOperatorToRestartWithoutTheFlag() {
        // Seen with KubeVela (an addon enable that sets Delete, then disable at once): the old registration-operator
        // pod, still running with --skip-remove-crds, did the cleanup and every hub CRD stayed.
        createReady("hub", DeletionPolicy.KeepHubCRDs);
        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
            return h;
        });
        Await.until("the operator Deployment without the flag", TIMEOUT, () -> !client.apps().deployments()
                .inNamespace("open-cluster-management").withName("cluster-manager").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getArgs().contains("--skip-remove-crds"));

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.sleep(3000);
        ClusterManager cm = client.resources(ClusterManager.class).withName("cluster-manager").get();
        assertNotNull(cm, "the ClusterManager waits while the flagged pod may still run");
        assertNull(cm.getMetadata().getDeletionTimestamp());
        String ready = sim.hub("hub").getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                .findFirst().orElseThrow().getMessage();
        assertTrue(ready.contains("restart without --skip-remove-crds"), ready);

        sim.rollOutOperator();
        Await.until("the VelaOcmHub to be gone", TIMEOUT, () -> sim.hub("hub") == null);
        assertNull(client.resources(ClusterManager.class).withName("cluster-manager").get());
    }

    @Test
    void adoptsAClusterManagerInstalledByAnotherTool() {
        // What clusteradm init of the same release leaves: the CRD and a ClusterManager without our labels.
        // Same images, so nothing waits for an operator rollout (an older release does: see the next test).
        client.apiextensions().v1().customResourceDefinitions().resource(ClusterManagerCrd.create(ReleaseCatalog.newest())).create();
        sim.establishCrd();
        ClusterManager existing = new ClusterManager();
        existing.setMetadata(new ObjectMetaBuilder().withName("cluster-manager").build());
        existing.setSpec(new dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec());
        existing.getSpec().setRegistrationImagePullSpec("quay.io/open-cluster-management/registration:v1.3.1");
        existing.getSpec().setWorkImagePullSpec("quay.io/open-cluster-management/work:v1.3.1");
        existing.getSpec().setPlacementImagePullSpec("quay.io/open-cluster-management/placement:v1.3.1");
        existing.getSpec().setAddOnManagerImagePullSpec("quay.io/open-cluster-management/addon-manager:v1.3.1");
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
    void adoptsAnOlderHubInTheUpgradeOrder() {
        // A hub clusteradm installed at an older release: CRD, operator Deployment and ClusterManager without
        // our labels. Adoption is an upgrade: the new operator first, the hub images only once it runs.
        client.apiextensions().v1().customResourceDefinitions().resource(ClusterManagerCrd.create(ReleaseCatalog.resolve("1.0.0"))).create();
        sim.establishCrd();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("open-cluster-management").endMetadata().build()).create();
        client.apps().deployments().inNamespace("open-cluster-management").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("cluster-manager").withNamespace("open-cluster-management")
                .addToLabels("app", "cluster-manager").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "cluster-manager").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "cluster-manager").endMetadata()
                .withNewSpec().addNewContainer().withName("registration-operator")
                .withImage("quay.io/open-cluster-management/registration-operator:v1.0.0").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        sim.rollOutOperator();
        ClusterManager existing = new ClusterManager();
        existing.setMetadata(new ObjectMetaBuilder().withName("cluster-manager").build());
        existing.setSpec(new dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec());
        existing.getSpec().setRegistrationImagePullSpec("quay.io/open-cluster-management/registration:v1.0.0");
        existing.getSpec().setWorkImagePullSpec("quay.io/open-cluster-management/work:v1.0.0");
        existing.getSpec().setPlacementImagePullSpec("quay.io/open-cluster-management/placement:v1.0.0");
        existing.getSpec().setAddOnManagerImagePullSpec("quay.io/open-cluster-management/addon-manager:v1.0.0");
        client.resource(existing).create();

        create("hub", spec("1.3.1"));
        Await.until("the operator Deployment on v1.3.1", TIMEOUT, () -> client.apps().deployments()
                .inNamespace("open-cluster-management").withName("cluster-manager").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":v1.3.1"));
        VelaOcmHub waiting = Await.until("phase Upgrading", TIMEOUT, () -> {
            VelaOcmHub hub = sim.hub("hub");
            return hub != null && hub.getStatus() != null && "Upgrading".equals(hub.getStatus().getPhase()) ? hub : null;
        });
        assertEquals("WaitingForOperatorRollout", find(waiting, "Ready").orElseThrow().getReason());
        assertEquals("quay.io/open-cluster-management/registration:v1.0.0",
                client.resources(ClusterManager.class).withName("cluster-manager").get().getSpec().getRegistrationImagePullSpec(),
                "the adopted ClusterManager must keep its images until the new operator has rolled out");

        sim.rollOutOperator();
        Await.until("the ClusterManager on v1.3.1", TIMEOUT, () -> "quay.io/open-cluster-management/registration:v1.3.1"
                .equals(client.resources(ClusterManager.class).withName("cluster-manager").get().getSpec().getRegistrationImagePullSpec()));
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
        client.apiextensions().v1().customResourceDefinitions().resource(ClusterManagerCrd.create(ReleaseCatalog.newest())).create();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName("open-cluster-management").endMetadata().build()).create();
        ClusterManager existing = new ClusterManager();
        existing.setMetadata(new ObjectMetaBuilder().withName("cluster-manager").build());
        existing.setSpec(new dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec());
        existing.getSpec().setRegistrationImagePullSpec("quay.io/open-cluster-management/registration:v1.2.0");
        return client.resource(existing).create();
    }

    @Test
    void countsJoinedAndAvailableClustersInTheStatus() {
        create("hub", spec("1.3.1"));
        sim.makeReady();
        awaitReady("hub", "True");
        sim.joinCluster("cluster1");
        sim.joinCluster("cluster2");
        // What the registration-operator does with the hub CRDs it installs: the ClusterManager's labels, established.
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("managedclusters.cluster.open-cluster-management.io").edit(c -> {
                    c.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "vela-ocm-hub-operator", "ocm.oam.dev/hub", "hub"));
                    return c;
                });
        crd.setStatus(new CustomResourceDefinitionStatusBuilder().addNewCondition().withType("Established").withStatus("True")
                .endCondition().build());
        client.resource(crd).updateStatus();
        reportCluster("cluster1", "True", "True");
        reportCluster("cluster2", "True", "False");

        // Each report is its own watch event: wait for the counts of both, not of the first one seen.
        Await.until("2 clusters, 2 joined, 1 available in the status", TIMEOUT, () -> counts(2, 2, 1));

        reportCluster("cluster2", "True", "True");
        Await.until("2 of 2 clusters available in the status", TIMEOUT, () -> counts(2, 2, 2));
    }

    private Boolean counts(int total, int joined, int available) {
        VelaOcmHub hub = sim.hub("hub");
        return hub.getStatus() != null && new ManagedClusterCounts(total, joined, available)
                .equals(hub.getStatus().getManagedClusters()) ? true : null;
    }

    /** The registration controller's conditions on a ManagedCluster. */
    private void reportCluster(String name, String joined, String available) {
        client.genericKubernetesResources("cluster.open-cluster-management.io/v1", "ManagedCluster").withName(name).edit(c -> {
            c.setAdditionalProperty("status", Map.of("conditions", List.of(
                    Map.of("type", "ManagedClusterJoined", "status", joined),
                    Map.of("type", "ManagedClusterConditionAvailable", "status", available))));
            return c;
        });
    }

    /** Writes of bundle objects that are not dry-runs (status writes and events excluded). */
    private List<String> realBundleWrites() {
        return sim.mock().dispatcher().writeLog().stream()
                .filter(w -> w.startsWith("PATCH") && !w.contains("dryRun=All") && !w.contains("/velaocmhubs/"))
                .toList();
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

    /** The spec fields the live ClusterManager CRD describes. */
    private Set<String> liveClusterManagerSpecFields() {
        return client.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get()
                .getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec")
                .getProperties().keySet();
    }

    /** A Ready hub whose ClusterManager carries the registration-operator's cleanup finalizer, as on a real hub. */
    @Test
    void aStalledRemovalNudgesTheRegistrationOperatorAndSaysWhichHubCrdsAreLeft() {
        readyHubWithCleanupFinalizer();
        // A hub CRD the registration-operator has not removed yet, labelled like its ClusterManager.
        sim.joinCluster("cluster1");
        client.genericKubernetesResources("cluster.open-cluster-management.io/v1", "ManagedCluster").withName("cluster1").delete();
        client.apiextensions().v1().customResourceDefinitions().withName("managedclusters.cluster.open-cluster-management.io")
                .edit(crd -> {
                    crd.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "vela-ocm-hub-operator",
                            "ocm.oam.dev/hub", "hub"));
                    return crd;
                });

        client.resources(VelaOcmHub.class).withName("hub").delete();
        VelaOcmHub deleting = Await.until("the status to name the hub CRD removal waits for", TIMEOUT, () -> {
            VelaOcmHub h = sim.hub("hub");
            return h != null && find(h, "Ready").map(c -> c.getMessage().contains("1 hub CRDs left: "
                    + "managedclusters.cluster.open-cluster-management.io")).orElse(false) ? h : null;
        });
        assertEquals("Deleting", deleting.getStatus().getPhase());
        String nudged = Await.until("a nudge of the terminating ClusterManager", TIMEOUT, () -> {
            Map<String, String> annotations = client.resources(ClusterManager.class).withName("cluster-manager").get()
                    .getMetadata().getAnnotations();
            return annotations == null ? null : annotations.get("ocm.oam.dev/removal-nudged-at");
        });
        Await.sleep(3000);
        assertEquals(nudged, client.resources(ClusterManager.class).withName("cluster-manager").get().getMetadata()
                .getAnnotations().get("ocm.oam.dev/removal-nudged-at"), "one nudge per stall, not one per pass");
    }

    /** Secret "registry" in the operator's namespace, of the given type, holding registry credentials. */
    private Secret registryCredentials(String type) {
        return client.secrets().inNamespace(SimulatedHub.OPERATOR_NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("registry").endMetadata().withType(type)
                .addToData(".dockerconfigjson", "eyJhdXRocyI6e319").build()).create();
    }

    /** Hub "hub" on 1.3.1 whose spec.imagePullSecret names the given Secret. */
    private void createPullingWith(String secret) {
        VelaOcmHubSpec spec = spec("1.3.1");
        spec.setImagePullSecret(secret);
        create("hub", spec);
    }

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
        return awaitPhase(name, phase, TIMEOUT);
    }

    private VelaOcmHub awaitPhase(String name, String phase, Duration timeout) {
        return Await.until("phase " + phase + " on " + name, timeout, () -> {
            VelaOcmHub hub = sim.hub(name);
            return hub != null && hub.getStatus() != null && phase.equals(hub.getStatus().getPhase()) ? hub : null;
        });
    }

    private VelaOcmHub awaitReady(String name, String status) {
        return awaitReady(name, status, TIMEOUT);
    }

    private VelaOcmHub awaitReady(String name, String status, Duration timeout) {
        return Await.until("Ready=" + status + " on " + name, timeout, () -> {
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
