package dev.oam.ocm.hub.testing;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerStatus;
import dev.oam.ocm.hub.reconciler.HubMetrics;
import dev.oam.ocm.hub.reconciler.VelaOcmHubReconciler;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator under test against the mock API server, plus stand-ins for what the mock lacks: the API
 * server establishing CRDs, the controller manager rolling out Deployments, and the registration-operator
 * reporting ClusterManager conditions. Each stand-in acts only when a test calls it, so tests control timing.
 */
public final class SimulatedHub implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    public static final String OPERATOR_NAMESPACE = "vela-system";

    private final ApplyingMockServer mock;
    private final KubernetesClient client;
    private final Operator operator;
    private final Map<String, AtomicInteger> reconcileErrors = new ConcurrentHashMap<>();

    public SimulatedHub() {
        mock = ApplyingMockServer.start();
        client = mock.client();
        try (FileInputStream crd = new FileInputStream("crds/velaocmhubs.ocm.oam.dev-v1.yml")) {
            // Created first so the mock treats VelaOcmHub status as a subresource, as a real server does.
            client.load(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        operator = new Operator(o -> o.withKubernetesClient(client)
                .withConcurrentReconciliationThreads(1)
                .withCloseClientOnStop(false)
                .withReconciliationTerminationTimeout(Duration.ofSeconds(1)));
        operator.register(new VelaOcmHubReconciler(client, OPERATOR_NAMESPACE, "test", Clock.systemUTC(),
                new HubMetrics() {
                    @Override
                    public void reconcileError(String hub) {
                        reconcileErrors.computeIfAbsent(hub, h -> new AtomicInteger()).incrementAndGet();
                    }
                }));
        operator.start();
    }

    public KubernetesClient client() {
        return client;
    }

    /** How many passes over the hub the reconciler reported as failed (HubMetrics.reconcileError). */
    public int reconcileErrors(String hub) {
        AtomicInteger count = reconcileErrors.get(hub);
        return count == null ? 0 : count.get();
    }

    /** A ManagedCluster named {@code name} exists (its CRD too, created the first time). */
    public void joinCluster(String name) {
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

    public ApplyingMockServer mock() {
        return mock;
    }

    public VelaOcmHub hub(String name) {
        return client.resources(VelaOcmHub.class).withName(name).get();
    }

    /** The API server marks the ClusterManager CRD Established. */
    public void establishCrd() {
        establish(ClusterManager.CRD_NAME);
    }

    /** The controller manager reports every replica of the operator Deployment updated and available. */
    public Deployment rollOutOperator() {
        return rollOut("open-cluster-management", "cluster-manager");
    }

    /** The registration-operator reports the given conditions for the ClusterManager's current generation. */
    public ClusterManager reportClusterManager(Condition... conditions) {
        ClusterManager cm = Await.until("the ClusterManager", TIMEOUT,
                () -> client.resources(ClusterManager.class).withName(ClusterManager.NAME).get());
        ClusterManagerStatus status = new ClusterManagerStatus();
        status.setObservedGeneration(cm.getMetadata().getGeneration());
        status.setConditions(new ArrayList<>(List.of(conditions)));
        cm.setStatus(status);
        return client.resource(cm).updateStatus();
    }

    /** The conditions of a working hub, as the registration-operator writes them. */
    public static Condition[] healthy() {
        return new Condition[]{
                condition("Applied", "True", "ClusterManagerApplied", "Components of cluster manager are applied"),
                condition("Progressing", "False", "ClusterManagerUpToDate", "Components of cluster manager are up to date"),
                condition("HubRegistrationDegraded", "False", "RegistrationFunctional", "Registration is managing credentials"),
                condition("HubPlacementDegraded", "False", "PlacementFunctional", "Placement is scheduling placement decisions"),
                condition("ValidFeatureGates", "True", "FeatureGatesAllValid", "Feature gates are all valid")};
    }

    public static Condition condition(String type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime("2026-01-01T00:00:00Z").build();
    }

    /**
     * The hub CRDs the addons need, as the registration-operator installs them: labelled like the ClusterManager
     * (so the operator's CRD informer sees them) and established.
     */
    public void installHubCrds(String hubName) {
        for (String[] crd : List.of(
                new String[]{"addon.open-cluster-management.io", "ClusterManagementAddOn", "clustermanagementaddons", "Cluster", "v1alpha1"},
                new String[]{"addon.open-cluster-management.io", "ManagedClusterAddOn", "managedclusteraddons", "Namespaced", "v1alpha1"},
                new String[]{"cluster.open-cluster-management.io", "Placement", "placements", "Namespaced", "v1beta1"},
                new String[]{"cluster.open-cluster-management.io", "ManagedClusterSetBinding", "managedclustersetbindings", "Namespaced", "v1beta2"})) {
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(crd[2] + "." + crd[0])
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "vela-ocm-hub-operator", "ocm.oam.dev/hub", hubName))
                    .endMetadata()
                    .withNewSpec().withGroup(crd[0]).withScope(crd[3])
                    .withNewNames().withKind(crd[1]).withPlural(crd[2]).withSingular(crd[1].toLowerCase()).endNames()
                    .addNewVersion().withName(crd[4]).withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                    .endOpenAPIV3Schema().endSchema().endVersion()
                    .endSpec().build()).create();
            establish(crd[2] + "." + crd[0]);
        }
    }

    /** The API server marks a CRD Established. */
    public void establish(String crdName) {
        CustomResourceDefinition crd = Await.until("CRD " + crdName, TIMEOUT,
                () -> client.apiextensions().v1().customResourceDefinitions().withName(crdName).get());
        CustomResourceDefinitionStatus status = new CustomResourceDefinitionStatus();
        status.setConditions(List.of(new CustomResourceDefinitionConditionBuilder()
                .withType("Established").withStatus("True").withReason("InitialNamesAccepted").build()));
        crd.setStatus(status);
        client.resource(crd).updateStatus();
    }

    /** The controller manager reports every replica of a Deployment updated and available. */
    public Deployment rollOut(String namespace, String name) {
        Deployment d = Await.until("Deployment " + namespace + "/" + name, TIMEOUT,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).build());
        return client.resource(d).updateStatus();
    }

    /** The hub's addon-manager placed an addon on a cluster, and its agent reports Available as given. */
    public void reportAddon(String cluster, String addonName, boolean available) {
        GenericKubernetesResource addon = new GenericKubernetesResourceBuilder()
                .withApiVersion("addon.open-cluster-management.io/v1alpha1").withKind("ManagedClusterAddOn")
                .withNewMetadata().withName(addonName).withNamespace(cluster).endMetadata().build();
        addon.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Available",
                "status", available ? "True" : "False", "reason", "ProbeAvailable", "message", "agent",
                "lastTransitionTime", "2026-01-01T00:00:00Z"))));
        client.resource(addon).createOr(existing -> existing.update());
    }

    /** Brings a freshly applied hub to Ready: CRD established, operator available, conditions healthy. */
    public void makeReady() {
        establishCrd();
        rollOutOperator();
        reportClusterManager(healthy());
    }

    @Override
    public void close() {
        operator.stop();
        mock.close();
    }
}
