package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.AddonStatus;
import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.addon.ClusterGatewayConfiguration;
import dev.oam.ocm.hub.api.addon.ClusterManagementAddOn;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.Addon;
import dev.oam.ocm.hub.bundle.AddonBundle;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.GatewayAddOnConfiguration;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.ReleaseCatalog;
import dev.oam.ocm.hub.testing.AddonSpecs;
import dev.oam.ocm.hub.testing.Await;
import dev.oam.ocm.hub.testing.SimulatedHub;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.oam.ocm.hub.testing.SimulatedHub.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The addons against the mock API server: enable after the hub, disable in reverse, refuse, follow the registry. */
class AddonReconcilerTest {
    private static final List<String> MANAGERS = List.of("managed-serviceaccount-addon-manager",
            "cluster-proxy-addon-manager", "cluster-gateway-addon-manager");
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
    void appliesTheAddonsAfterTheHubInDependencyOrderAndReportsEachOnItsOwn() {
        create(addons(true, true, true, null));
        sim.makeReady();
        VelaOcmHub waiting = await("a Ready hub whose addons wait for its CRDs", h -> reason(h, Addon.MANAGED_SERVICE_ACCOUNT)
                .filter("AddonWaiting"::equals).isPresent()
                && condition(h, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false));
        assertEquals("True", condition(waiting, "Ready").orElseThrow().getStatus(), "the hub is Ready without its addons");
        assertEquals("cluster-gateway 1.9.0 waits for CRD managedclustersetbindings.cluster.open-cluster-management.io"
                + " to be established", condition(waiting, Addon.CLUSTER_GATEWAY.conditionType()).orElseThrow().getMessage());
        assertEquals(List.of(), client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                        .filter(crd -> crd.getMetadata().getLabels() != null
                                && crd.getMetadata().getLabels().containsKey(AddonBundle.ADDON_LABEL))
                        .map(crd -> crd.getMetadata().getName()).toList(),
                "no addon is applied before the hub serves ManagedClusterSetBindings");

        sim.mock().resetCounts();
        sim.installHubCrds("hub");
        establishAddonCrds();
        MANAGERS.forEach(name -> sim.rollOut(AddonBundle.NAMESPACE, name));
        VelaOcmHub available = await("every addon available", h -> Addon.values().length == Stream.of(Addon.values())
                .filter(a -> reason(h, a).filter("AddonAvailable"::equals).isPresent()).count());

        assertEquals("True", condition(available, "Ready").orElseThrow().getStatus());
        Bundle bundle = HubBundle.render("hub", specOf(available), null);
        for (HasMetadata o : bundle.addons().objects()) {
            assertTrue(client.resource(o).get() != null, Bundle.describe(o) + " is applied");
        }
        List<String> writes = sim.mock().dispatcher().writeLog();
        int lastServiceAccount = lastIndex(writes, "/clustermanagementaddons/managed-serviceaccount");
        int lastProxy = lastIndex(writes, "/clustermanagementaddons/cluster-proxy");
        int firstGateway = firstIndex(writes, "clustergatewayconfigurations");
        assertTrue(lastServiceAccount >= 0 && lastProxy >= 0 && firstGateway > lastServiceAccount && firstGateway > lastProxy,
                "cluster-gateway is applied after the two addons it needs: " + writes);

        sim.reportAddon("cluster1", "cluster-proxy", true);
        sim.reportAddon("cluster2", "cluster-proxy", false);
        VelaOcmHub counted = await("cluster-proxy counted on two clusters", h -> h.getStatus().getAddons() != null
                && new AddonStatus("0.10.0", 2, 1).equals(h.getStatus().getAddons().getClusterProxy()));
        assertEquals("AddonUnavailableOnClusters", reason(counted, Addon.CLUSTER_PROXY).orElseThrow());
        assertEquals("True", condition(counted, "Ready").orElseThrow().getStatus(), "an addon problem leaves Ready alone");
        sim.reportAddon("cluster2", "cluster-proxy", true);
        await("cluster-proxy available on both", h -> reason(h, Addon.CLUSTER_PROXY).filter("AddonAvailable"::equals).isPresent()
                && h.getStatus().getAddons().getClusterProxy().getAvailable() == 2);
    }

    @Test
    void disablingRemovesTheAddonsInReverseOrderAgentsFirst() {
        create(addons(true, true, true, null));
        readyWithAddons();
        sim.reportAddon("cluster1", "cluster-gateway", true);
        sim.mock().resetCounts();

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setAddons(null);
            return h;
        });

        Await.until("every addon object to be gone", TIMEOUT, () -> {
            for (Addon addon : Addon.values()) {
                for (HasMetadata o : AddonBundle.identities("hub", ReleaseCatalog.newest(), addon)) {
                    if (client.resource(o).get() != null) {
                        return null;
                    }
                }
            }
            return client.namespaces().withName(AddonBundle.NAMESPACE).get() == null ? true : null;
        });
        VelaOcmHub hub = await("no addon condition left", h -> Stream.of(Addon.values())
                .allMatch(a -> condition(h, a.conditionType()).isEmpty()) && h.getStatus().getAddons() == null);
        assertEquals("True", condition(hub, "Ready").orElseThrow().getStatus());

        List<String> deletes = sim.mock().dispatcher().writeLog().stream().filter(w -> w.startsWith("DELETE")).toList();
        int gatewayAddOn = firstIndex(deletes, "/clustermanagementaddons/cluster-gateway");
        int gatewayAgent = firstIndex(deletes, "/namespaces/cluster1/managedclusteraddons/cluster-gateway");
        int gatewayManager = firstIndex(deletes, "/deployments/cluster-gateway-addon-manager");
        int gatewayCrd = firstIndex(deletes, "/customresourcedefinitions/clustergatewayconfigurations");
        int proxyAddOn = firstIndex(deletes, "/clustermanagementaddons/cluster-proxy");
        int proxyCrd = firstIndex(deletes, "/customresourcedefinitions/managedproxyconfigurations");
        int serviceAccountAddOn = firstIndex(deletes, "/clustermanagementaddons/managed-serviceaccount");
        int serviceAccountCrd = firstIndex(deletes, "/customresourcedefinitions/managedserviceaccounts");
        int namespace = lastIndex(deletes, "/namespaces/" + AddonBundle.NAMESPACE);
        assertTrue(0 <= gatewayAddOn && gatewayAddOn < gatewayAgent && gatewayAgent < gatewayManager
                        && gatewayManager < gatewayCrd && gatewayCrd < proxyAddOn && proxyAddOn < proxyCrd
                        && proxyCrd < serviceAccountAddOn && serviceAccountAddOn < serviceAccountCrd
                        && serviceAccountCrd < namespace && namespace == deletes.size() - 1,
                "expected cluster-gateway's ClusterManagementAddOn, its ManagedClusterAddOn, its manager, its CRD, then"
                        + " cluster-proxy, then managed-serviceaccount, the namespace last: " + deletes);
        assertTrue(client.resources(ClusterManager.class).withName(ClusterManager.NAME).get() != null, "the hub stays");
    }

    @Test
    void aHubWithItsAddonsAvailableWritesNothingWhenNothingChanged() {
        create(addons(true, true, true, null));
        readyWithAddons();
        Await.sleep(1500);
        sim.mock().resetCounts();

        // Someone annotates the ClusterManager: an event, and a pass over hub and addons with nothing to change.
        client.resources(ClusterManager.class).withName(ClusterManager.NAME).edit(cm -> {
            cm.getMetadata().setAnnotations(Map.of("example.com/note", "seen"));
            return cm;
        });
        Await.sleep(2000);
        assertEquals(List.of("PATCH /apis/operator.open-cluster-management.io/v1/clustermanagers/cluster-manager"),
                sim.mock().dispatcher().writeLog(), "the test's own write, and none by an operator with nothing to change");
        assertTrue(sim.mock().dispatcher().requestLog().stream().anyMatch(r -> r.startsWith("GET")
                        && r.contains("/deployments/cluster-gateway-addon-manager")),
                "the pass looked at the addons: " + sim.mock().dispatcher().requestLog());
    }

    @Test
    void clusterGatewaysAddOnsGetTheConfigurationItsAgentReadsAndGetItBackWhenItIsLost() {
        create(addons(true, true, true, null));
        readyWithAddons();
        long generation = client.resources(ClusterGatewayConfiguration.class).withName("cluster-gateway").get()
                .getMetadata().getGeneration();
        sim.mock().resetCounts();

        sim.reportAddon("cluster1", "cluster-gateway", true);
        sim.reportAddon("cluster1", "cluster-proxy", true);
        String patch = "PATCH /apis/addon.open-cluster-management.io/v1alpha1/namespaces/cluster1/managedclusteraddons/"
                + "cluster-gateway/status?fieldManager=vela-ocm-hub-operator";
        Await.until("the operator's status patch", TIMEOUT, () -> sim.mock().dispatcher().writeLog().contains(patch) ? true : null);
        List<String> requests = sim.mock().dispatcher().requestLog();
        assertTrue(requests.subList(0, requests.indexOf(patch)).stream().noneMatch(r -> r.startsWith("GET")
                        && r.contains("/managedclusteraddons/cluster-gateway")),
                "no GET of the ManagedClusterAddOn before the patch (the operator may only list, watch and patch its"
                        + " status): " + requests);
        Map<?, ?> written = addOnConfiguration("cluster1", "cluster-gateway");
        assertEquals(ClusterGatewayConfiguration.CRD_NAME, written.get("crdName"));
        assertEquals("cluster-gateway", written.get("crName"));
        assertEquals(generation, ((Number) written.get("lastObservedGeneration")).longValue());
        assertNull(addOnConfiguration("cluster1", "cluster-proxy"), "only cluster-gateway reads the deprecated field");
        assertTrue(AddonClusterCounts.available(managedClusterAddOn("cluster1", "cluster-gateway")),
                "the patch leaves the addon-manager's conditions alone");
        Await.sleep(1000);
        assertEquals(List.of(patch),
                sim.mock().dispatcher().writeLog().stream().filter(w -> !w.contains("velaocmhubs")
                        && !w.startsWith("POST")).toList(),
                "one status patch of the stored version, beside the test's own creates: " + sim.mock().dispatcher().writeLog());

        // A writer that replaces the whole status (an older controller, a restore from backup) drops the field.
        client.genericKubernetesResources("addon.open-cluster-management.io/v1alpha1", "ManagedClusterAddOn")
                .inNamespace("cluster1").withName("cluster-gateway").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"addOnConfiguration\":null}}");
        assertNull(addOnConfiguration("cluster1", "cluster-gateway"), "the field is gone");
        Await.until("the field written again", TIMEOUT, () -> GatewayAddOnConfiguration.needsPatch(
                managedClusterAddOn("cluster1", "cluster-gateway"), generation) ? null : true);
    }

    @Test
    void anUnknownAddonReleaseIsRefusedWithTheFieldAndNothingIsApplied() {
        VelaOcmHubSpec spec = addons(true, false, false, null);
        spec.getAddons().getManagedServiceAccount().setVersion("0.9.0");
        create(spec);
        VelaOcmHub hub = await("InvalidSpec", h -> "Failed".equals(h.getStatus().getPhase()));
        assertEquals("InvalidSpec", condition(hub, "Ready").orElseThrow().getReason());
        assertTrue(condition(hub, "Ready").orElseThrow().getMessage().startsWith(
                "spec.addons.managedServiceAccount.version 0.9.0 is not a release this operator can install; known: 0.10.0"),
                condition(hub, "Ready").orElseThrow().getMessage());
        Await.sleep(1000);
        assertTrue(sim.mock().dispatcher().writeLog().stream().noneMatch(w -> w.startsWith("PATCH") && !w.contains("velaocmhubs")),
                "nothing but the status is written: " + sim.mock().dispatcher().writeLog());
    }

    @Test
    void theImageRegistryMovesTheAddonImagesToo() {
        create(addons(true, true, false, "mirror.example.com/ocm"));
        readyWithAddons();
        assertEquals("mirror.example.com/ocm/managed-serviceaccount:v0.10.0", managerImage("managed-serviceaccount-addon-manager"));
        assertEquals("mirror.example.com/ocm/cluster-proxy:v0.10.0", managerImage("cluster-proxy-addon-manager"));

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setImageRegistry("registry.internal:5000/mirror");
            return h;
        });
        // The hub's own images move first; the addons follow once its new registration-operator runs.
        Await.until("the registration-operator on the new registry", TIMEOUT, () -> client.apps().deployments()
                .inNamespace("open-cluster-management").withName("cluster-manager").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage().startsWith("registry.internal:5000/mirror/") ? true : null);
        assertEquals("mirror.example.com/ocm/managed-serviceaccount:v0.10.0", managerImage("managed-serviceaccount-addon-manager"),
                "an addon does not move before the hub");
        VelaOcmHub upgrading = await("the hub waiting for its new registration-operator", h -> condition(h, "Ready")
                .map(c -> "WaitingForOperatorRollout".equals(c.getReason())).orElse(false));
        assertEquals("AddonAvailable", reason(upgrading, Addon.MANAGED_SERVICE_ACCOUNT).orElseThrow(),
                "a hub waiting for its operator leaves a running addon's condition alone");
        sim.rollOutOperator();
        Await.until("the managers on the new registry", TIMEOUT, () ->
                "registry.internal:5000/mirror/managed-serviceaccount:v0.10.0".equals(managerImage("managed-serviceaccount-addon-manager"))
                        && "registry.internal:5000/mirror/cluster-proxy:v0.10.0".equals(managerImage("cluster-proxy-addon-manager"))
                        ? true : null);
    }

    @Test
    void theManagersGetThePullSecretUntilTheSpecDropsIt() {
        client.secrets().inNamespace(SimulatedHub.OPERATOR_NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("registry").endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", "eyJhdXRocyI6e319").build()).create();
        VelaOcmHubSpec spec = addons(true, false, false, "mirror.example.com/ocm");
        spec.setImagePullSecret("registry");
        create(spec);
        readyWithAddons();
        Secret copy = client.secrets().inNamespace(AddonBundle.NAMESPACE).withName(HubBundle.PULL_SECRET).get();
        assertEquals("eyJhdXRocyI6e319", copy.getData().get(".dockerconfigjson"));

        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().setImagePullSecret(null);
            return h;
        });
        Await.until("the addons' copy to be removed", TIMEOUT, () ->
                client.secrets().inNamespace(AddonBundle.NAMESPACE).withName(HubBundle.PULL_SECRET).get() == null ? true : null);
        assertTrue(client.apps().deployments().inNamespace(AddonBundle.NAMESPACE)
                .withName("managed-serviceaccount-addon-manager").get() != null, "the addon stays");
    }

    @Test
    void deletingTheHubRemovesItsAddonsBeforeTheClusterManager() {
        create(addons(true, false, false, null));
        readyWithAddons();
        sim.mock().resetCounts();

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the hub to be gone", TIMEOUT, () -> sim.hub("hub") == null ? true : null);

        List<String> deletes = sim.mock().dispatcher().writeLog().stream().filter(w -> w.startsWith("DELETE")).toList();
        int addOn = firstIndex(deletes, "/clustermanagementaddons/managed-serviceaccount");
        int manager = firstIndex(deletes, "/deployments/managed-serviceaccount-addon-manager");
        int clusterManager = firstIndex(deletes, "/clustermanagers/cluster-manager");
        assertTrue(0 <= addOn && addOn < manager && manager < clusterManager,
                "the addon goes while the hub still runs: " + deletes);
        assertNull(client.namespaces().withName(AddonBundle.NAMESPACE).get());
    }

    @Test
    void withKeepHubCrdsTheAddonsCrdsStayOnDisableAndOnDeletion() {
        VelaOcmHubSpec spec = addons(true, true, false, null);
        spec.setDeletionPolicy(DeletionPolicy.KeepHubCRDs);
        create(spec);
        readyWithAddons();
        List<String> crds = Stream.of(Addon.MANAGED_SERVICE_ACCOUNT, Addon.CLUSTER_PROXY)
                .flatMap(a -> AddonBundle.identities("hub", ReleaseCatalog.newest(), a).stream())
                .filter(CustomResourceDefinition.class::isInstance).map(o -> o.getMetadata().getName()).toList();
        assertTrue(!crds.isEmpty(), "the two addons own CRDs");

        // Disabling cluster-proxy takes its manager away, not its CRD (users' ManagedProxyConfigurations stay).
        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().getAddons().getClusterProxy().setEnabled(false);
            return h;
        });
        Await.until("cluster-proxy's manager to be gone", TIMEOUT, () -> client.apps().deployments()
                .inNamespace(AddonBundle.NAMESPACE).withName("cluster-proxy-addon-manager").get() == null ? true : null);
        await("cluster-proxy's condition gone", h -> condition(h, Addon.CLUSTER_PROXY.conditionType()).isEmpty());
        assertEquals(List.of(), missing(crds), "no addon CRD is deleted under KeepHubCRDs");

        client.resources(VelaOcmHub.class).withName("hub").delete();
        Await.until("the hub to be gone", TIMEOUT, () -> sim.hub("hub") == null ? true : null);
        assertNull(client.apps().deployments().inNamespace(AddonBundle.NAMESPACE)
                .withName("managed-serviceaccount-addon-manager").get(), "the managers go with the hub");
        assertEquals(List.of(), missing(crds), "the addons' CRDs outlive the hub under KeepHubCRDs");
        List<String> crdDeletes = sim.mock().dispatcher().writeLog().stream()
                .filter(w -> w.startsWith("DELETE") && crds.stream().anyMatch(w::contains)).toList();
        assertEquals(List.of(), crdDeletes);
    }

    @Test
    void underDeleteADisabledAddonsCrdGoesWithIt() {
        create(addons(true, true, false, null));
        readyWithAddons();
        client.resources(VelaOcmHub.class).withName("hub").edit(h -> {
            h.getSpec().getAddons().getClusterProxy().setEnabled(false);
            return h;
        });
        Await.until("cluster-proxy's CRD to be gone", TIMEOUT, () -> client.apiextensions().v1()
                .customResourceDefinitions().withName("managedproxyconfigurations.proxy.open-cluster-management.io")
                .get() == null ? true : null);
    }

    private List<String> missing(List<String> crds) {
        return crds.stream().filter(n -> client.apiextensions().v1().customResourceDefinitions().withName(n).get() == null)
                .toList();
    }

    // ---------------------------------------------------------------- helpers

    private void readyWithAddons() {
        sim.makeReady();
        sim.installHubCrds("hub");
        establishAddonCrds();
        VelaOcmHubSpec spec = sim.hub("hub").getSpec();
        String anyCredentials = spec.getImagePullSecret() == null ? null : "e30="; // only names are read here
        for (AddonBundle.RenderedAddon addon : HubBundle.render("hub", spec, anyCredentials).addons().addons()) {
            sim.rollOut(AddonBundle.NAMESPACE, addon.manager().getMetadata().getName());
        }
        await("the enabled addons available", h -> h.getStatus().getAddons() != null && Stream.of(Addon.values())
                .filter(a -> a.enabled(spec.getAddons()))
                .allMatch(a -> reason(h, a).filter("AddonAvailable"::equals).isPresent()));
    }

    /** Establishes the addons' CRDs as the operator applies them (the mock has no API server to do it). */
    private void establishAddonCrds() {
        List<String> names = new ArrayList<>();
        Await.until("the addons' CRDs", TIMEOUT, () -> {
            for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
                boolean ours = crd.getMetadata().getLabels() != null
                        && crd.getMetadata().getLabels().containsKey(AddonBundle.ADDON_LABEL);
                if (ours && !names.contains(crd.getMetadata().getName())) {
                    sim.establish(crd.getMetadata().getName());
                    names.add(crd.getMetadata().getName());
                }
            }
            VelaOcmHubSpec spec = sim.hub("hub").getSpec();
            long enabled = Stream.of(Addon.values()).filter(a -> a.enabled(spec.getAddons())).count();
            long applied = client.resources(ClusterManagementAddOn.class).list().getItems().size();
            return applied == enabled ? true : null;
        });
    }

    private GenericKubernetesResource managedClusterAddOn(String cluster, String name) {
        return client.genericKubernetesResources("addon.open-cluster-management.io/v1alpha1", "ManagedClusterAddOn")
                .inNamespace(cluster).withName(name).get();
    }

    private Map<?, ?> addOnConfiguration(String cluster, String name) {
        GenericKubernetesResource addOn = managedClusterAddOn(cluster, name);
        return addOn == null ? null : GatewayAddOnConfiguration.current(addOn);
    }

    private String managerImage(String name) {
        Deployment d = client.apps().deployments().inNamespace(AddonBundle.NAMESPACE).withName(name).get();
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private void create(VelaOcmHubSpec spec) {
        VelaOcmHub hub = new VelaOcmHub();
        hub.setMetadata(new ObjectMetaBuilder().withName("hub").build());
        hub.setSpec(spec);
        client.resource(hub).create();
    }

    private static VelaOcmHubSpec addons(boolean msa, boolean proxy, boolean gateway, String registry) {
        VelaOcmHubSpec spec = AddonSpecs.withAddons(msa, proxy, gateway);
        spec.setVersion("1.3.1");
        spec.setImageRegistry(registry);
        return spec;
    }

    private static VelaOcmHubSpec specOf(VelaOcmHub hub) {
        return hub.getSpec();
    }

    private VelaOcmHub await(String what, Predicate<VelaOcmHub> test) {
        return Await.until(what, TIMEOUT, () -> {
            VelaOcmHub h = sim.hub("hub");
            return h != null && h.getStatus() != null && test.test(h) ? h : null;
        });
    }

    private static Optional<String> reason(VelaOcmHub hub, Addon addon) {
        return condition(hub, addon.conditionType()).map(Condition::getReason);
    }

    private static Optional<Condition> condition(VelaOcmHub hub, String type) {
        return hub.getStatus().getConditions().stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    private static int firstIndex(List<String> log, String fragment) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndex(List<String> log, String fragment) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}
