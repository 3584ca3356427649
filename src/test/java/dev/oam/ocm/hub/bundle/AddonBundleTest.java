package dev.oam.ocm.hub.bundle;

import static dev.oam.ocm.hub.testing.AddonSpecs.withAddons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oam.ocm.hub.api.AddonPlacement;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.addon.AddonResource;
import dev.oam.ocm.hub.api.addon.ClusterGatewayConfiguration;
import dev.oam.ocm.hub.api.addon.ClusterManagementAddOn;
import dev.oam.ocm.hub.api.addon.ManagedClusterSetBinding;
import dev.oam.ocm.hub.api.addon.ManagedProxyConfiguration;
import dev.oam.ocm.hub.api.addon.Placement;
import dev.oam.ocm.hub.testing.PodSecurityRestricted;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddonBundleTest {
    private static final String HUB = "hub";

    private static AddonBundle render(VelaOcmHubSpec spec) {
        return HubBundle.render(HUB, spec, null).addons();
    }

    private static String describe(List<HasMetadata> objects) {
        return objects.stream().map(Bundle::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    @Test
    void rendersNothingWithoutEnabledAddons() {
        assertEquals(AddonBundle.NONE, render(new VelaOcmHubSpec()));
        assertEquals(AddonBundle.NONE, render(withAddons(false, false, false)));
    }

    @Test
    void rendersTheAddonsInDependencyOrderEachFromItsCrdsToItsClusterManagementAddOn() {
        AddonBundle bundle = render(withAddons(true, true, true));

        assertEquals(List.of(Addon.MANAGED_SERVICE_ACCOUNT, Addon.CLUSTER_PROXY, Addon.CLUSTER_GATEWAY),
                bundle.addons().stream().map(AddonBundle.RenderedAddon::addon).toList());
        assertEquals(List.of("Namespace open-cluster-management-addon",
                        "ManagedClusterSetBinding open-cluster-management-addon/global"),
                bundle.shared().stream().map(Bundle::describe).toList());
        assertEquals(List.of(
                        "CustomResourceDefinition managedproxyconfigurations.proxy.open-cluster-management.io",
                        "CustomResourceDefinition managedproxyserviceresolvers.proxy.open-cluster-management.io",
                        "ServiceAccount open-cluster-management-addon/cluster-proxy",
                        "ClusterRole open-cluster-management:cluster-proxy:addon-manager",
                        "ClusterRoleBinding open-cluster-management:cluster-proxy:addon-manager",
                        "Role open-cluster-management-addon/open-cluster-management:cluster-proxy:addon-manager",
                        "RoleBinding open-cluster-management-addon/open-cluster-management:cluster-proxy:addon-manager",
                        "ManagedProxyConfiguration cluster-proxy",
                        "Deployment open-cluster-management-addon/cluster-proxy-addon-manager",
                        "Placement open-cluster-management-addon/cluster-proxy",
                        "ClusterManagementAddOn cluster-proxy"),
                bundle.of(Addon.CLUSTER_PROXY).orElseThrow().objects().stream().map(Bundle::describe).toList());
        for (AddonBundle.RenderedAddon addon : bundle.addons()) {
            List<HasMetadata> objects = addon.objects();
            assertTrue(objects.get(0) instanceof CustomResourceDefinition, "CRDs first:" + describe(objects));
            assertTrue(objects.get(objects.size() - 1) instanceof ClusterManagementAddOn,
                    "the ClusterManagementAddOn last:" + describe(objects));
            assertEquals(addon.addon().addonName(), objects.get(objects.size() - 1).getMetadata().getName());
        }
    }

    @Test
    void pinsEveryImageToTheCatalogReleaseOnItsOwnRegistry() {
        AddonBundle bundle = render(withAddons(true, true, true));

        assertEquals("quay.io/open-cluster-management/managed-serviceaccount:v0.10.0",
                image(bundle, Addon.MANAGED_SERVICE_ACCOUNT));
        assertTrue(bundle.of(Addon.MANAGED_SERVICE_ACCOUNT).orElseThrow().manager().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs()
                .contains("--agent-image-name=quay.io/open-cluster-management/managed-serviceaccount:v0.10.0"));
        assertEquals("quay.io/open-cluster-management/cluster-proxy:v0.10.0", image(bundle, Addon.CLUSTER_PROXY));
        assertTrue(bundle.of(Addon.CLUSTER_PROXY).orElseThrow().manager().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs()
                .contains("--agent-image-name=quay.io/open-cluster-management/cluster-proxy:v0.10.0"));
        Map<String, Object> proxy = spec(bundle, Addon.CLUSTER_PROXY, ManagedProxyConfiguration.class);
        assertEquals("quay.io/open-cluster-management/cluster-proxy:v0.10.0", ((Map<?, ?>) proxy.get("proxyServer")).get("image"));
        assertEquals("quay.io/open-cluster-management/cluster-proxy:v0.10.0", ((Map<?, ?>) proxy.get("proxyAgent")).get("image"));
        // The chart of cluster-gateway 1.9.0 tags its images with the chart's own version (v0.1.0); the release
        // publishes them as v1.9.0.
        assertEquals("docker.io/oamdev/cluster-gateway-addon-manager:v1.9.0", image(bundle, Addon.CLUSTER_GATEWAY));
        assertEquals("docker.io/oamdev/cluster-gateway:v1.9.0",
                spec(bundle, Addon.CLUSTER_GATEWAY, ClusterGatewayConfiguration.class).get("image"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mirror.example.com/ocm", "mirror.example.com:5000/ocm/"})
    void imageRegistryMovesEveryAddonImageToo(String registry) {
        VelaOcmHubSpec spec = withAddons(true, true, true);
        spec.setImageRegistry(registry);
        AddonBundle bundle = render(spec);
        String mirror = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;

        List<String> images = new ArrayList<>();
        for (AddonBundle.RenderedAddon addon : bundle.addons()) {
            images.add(image(bundle, addon.addon()));
        }
        images.add((String) ((Map<?, ?>) spec(bundle, Addon.CLUSTER_PROXY, ManagedProxyConfiguration.class)
                .get("proxyServer")).get("image"));
        images.add((String) spec(bundle, Addon.CLUSTER_GATEWAY, ClusterGatewayConfiguration.class).get("image"));
        assertEquals(List.of(mirror + "/managed-serviceaccount:v0.10.0", mirror + "/cluster-proxy:v0.10.0",
                mirror + "/cluster-gateway-addon-manager:v1.9.0", mirror + "/cluster-proxy:v0.10.0",
                mirror + "/cluster-gateway:v1.9.0"), images);
    }

    @Test
    void copiesThePullSecretForTheManagersWhoseServiceAccountsAlwaysReferenceIt() {
        VelaOcmHubSpec spec = withAddons(true, true, true);
        spec.setImagePullSecret("credentials");
        AddonBundle bundle = HubBundle.render(HUB, spec, "e30=").addons();
        Secret copy = only(bundle.shared(), Secret.class);
        assertEquals(List.of(AddonBundle.NAMESPACE, HubBundle.PULL_SECRET, "kubernetes.io/dockerconfigjson", "e30="),
                List.of(copy.getMetadata().getNamespace(), copy.getMetadata().getName(), copy.getType(),
                        copy.getData().get(".dockerconfigjson")));
        assertTrue(render(withAddons(true, false, false)).shared().stream().noneMatch(Secret.class::isInstance),
                "no copy without spec.imagePullSecret");
        for (AddonBundle.RenderedAddon addon : render(withAddons(true, true, true)).addons()) {
            ServiceAccount sa = only(addon.objects(), ServiceAccount.class);
            assertEquals(List.of(HubBundle.PULL_SECRET), sa.getImagePullSecrets().stream()
                    .map(LocalObjectReference::getName).toList(), Bundle.describe(sa));
        }
        Set<String> shared = AddonBundle.sharedIdentities(HUB, ReleaseCatalog.newest()).stream().map(Pruning::identity)
                .collect(Collectors.toSet());
        assertTrue(shared.contains(Pruning.identity(copy)), "the copy is found for removal");
    }

    @Test
    void refusesAnUnknownReleaseNamingTheFieldEvenWhileTheAddonIsOff() {
        VelaOcmHubSpec spec = withAddons(true, false, false);
        spec.getAddons().getManagedServiceAccount().setVersion("9.9.9");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> render(spec));
        assertEquals("spec.addons.managedServiceAccount.version 9.9.9 is not a release this operator can install;"
                + " known: 0.10.0", e.getMessage());

        VelaOcmHubSpec off = withAddons(false, false, false);
        off.getAddons().getClusterGateway().setVersion("v1.8.0");
        assertTrue(assertThrows(InvalidSpecException.class, () -> render(off)).getMessage()
                .startsWith("spec.addons.clusterGateway.version v1.8.0 "));
    }

    @Test
    void acceptsTheReleaseWithOrWithoutV() {
        VelaOcmHubSpec spec = withAddons(false, false, true);
        spec.getAddons().getManagedServiceAccount().setEnabled(true);
        spec.getAddons().getClusterProxy().setEnabled(true);
        spec.getAddons().getClusterProxy().setVersion("v0.10.0");
        spec.getAddons().getClusterGateway().setVersion("1.9.0");
        AddonBundle bundle = render(spec);
        assertEquals("0.10.0", bundle.of(Addon.CLUSTER_PROXY).orElseThrow().version());
        assertEquals("1.9.0", bundle.of(Addon.CLUSTER_GATEWAY).orElseThrow().version());
    }

    @Test
    void refusesClusterGatewayWithoutTheAddonsItReachesClustersThrough() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> render(withAddons(true, false, true)));
        assertEquals("spec.addons.clusterGateway needs spec.addons.clusterProxy.enabled: cluster-gateway reaches"
                + " clusters through cluster-proxy", e.getMessage());
        assertThrows(InvalidSpecException.class, () -> render(withAddons(false, true, true)));
    }

    @Test
    void placesOnEveryClusterOfTheGlobalSetByDefault() {
        AddonBundle bundle = render(withAddons(true, false, false));
        AddonBundle.RenderedAddon msa = bundle.of(Addon.MANAGED_SERVICE_ACCOUNT).orElseThrow();

        Placement placement = only(msa.objects(), Placement.class);
        assertEquals("managed-serviceaccount", placement.getMetadata().getName());
        assertEquals(AddonBundle.NAMESPACE, placement.getMetadata().getNamespace());
        assertEquals(List.of("global"), placement.getSpec().get("clusterSets"));
        assertEquals("global", only(bundle.shared(), ManagedClusterSetBinding.class).getSpec().get("clusterSet"));
        assertEquals(Map.of("type", "Placements", "placements", List.of(Map.of("name", "managed-serviceaccount",
                        "namespace", AddonBundle.NAMESPACE, "rolloutStrategy", Map.of("type", "All")))),
                only(msa.objects(), ClusterManagementAddOn.class).getSpec().get("installStrategy"));
    }

    @Test
    void pointsAtANamedPlacementAndRendersNoneOfItsOwn() {
        VelaOcmHubSpec spec = withAddons(true, false, false);
        spec.getAddons().getManagedServiceAccount().setPlacement(new AddonPlacement("prod", "fleet"));
        AddonBundle bundle = render(spec);
        AddonBundle.RenderedAddon msa = bundle.of(Addon.MANAGED_SERVICE_ACCOUNT).orElseThrow();

        assertTrue(msa.objects().stream().noneMatch(Placement.class::isInstance), describe(msa.objects()));
        assertTrue(bundle.shared().stream().noneMatch(ManagedClusterSetBinding.class::isInstance));
        assertEquals(Map.of("type", "Placements", "placements", List.of(Map.of("name", "prod", "namespace", "fleet",
                        "rolloutStrategy", Map.of("type", "All")))),
                only(msa.objects(), ClusterManagementAddOn.class).getSpec().get("installStrategy"));
        spec.getAddons().getManagedServiceAccount().setPlacement(new AddonPlacement("prod", null));
        assertEquals("spec.addons.managedServiceAccount.placement needs both name and namespace",
                assertThrows(InvalidSpecException.class, () -> render(spec)).getMessage());
    }

    @Test
    void handsEveryAddonsLifecycleToTheHubAddonManager() {
        AddonBundle bundle = render(withAddons(true, true, true));
        for (AddonBundle.RenderedAddon addon : bundle.addons()) {
            ClusterManagementAddOn cma = only(addon.objects(), ClusterManagementAddOn.class);
            assertEquals(Map.of("addon.open-cluster-management.io/lifecycle", "addon-manager"),
                    cma.getMetadata().getAnnotations());
        }
        assertEquals(Map.of("crdName", "clustergatewayconfigurations.proxy.open-cluster-management.io",
                        "crName", "cluster-gateway"),
                only(bundle.of(Addon.CLUSTER_GATEWAY).orElseThrow().objects(), ClusterManagementAddOn.class)
                        .getSpec().get("addOnConfiguration"));
    }

    @Test
    void clusterGatewayTakesCredentialsFromManagedServiceAccountsAndTrafficThroughClusterProxy() {
        Map<String, Object> gateway = spec(render(withAddons(true, true, true)), Addon.CLUSTER_GATEWAY,
                ClusterGatewayConfiguration.class);
        assertEquals("ManagedServiceAccount", ((Map<?, ?>) gateway.get("secretManagement")).get("type"));
        Map<?, ?> egress = (Map<?, ?>) gateway.get("egress");
        assertEquals("ClusterProxy", egress.get("type"));
        assertEquals("proxy-entrypoint." + AddonBundle.NAMESPACE, ((Map<?, ?>) egress.get("clusterProxy")).get("proxyServerHost"));
    }

    @Test
    void labelsEveryObjectWithItsHubAndAddon() {
        AddonBundle bundle = render(withAddons(true, true, true));
        for (HasMetadata o : bundle.shared()) {
            assertEquals(AddonBundle.SHARED, o.getMetadata().getLabels().get(AddonBundle.ADDON_LABEL), Bundle.describe(o));
        }
        for (AddonBundle.RenderedAddon addon : bundle.addons()) {
            for (HasMetadata o : addon.objects()) {
                Map<String, String> labels = o.getMetadata().getLabels();
                assertEquals(addon.addon().addonName(), labels.get(AddonBundle.ADDON_LABEL), Bundle.describe(o));
                assertEquals(HUB, BundleLabels.hubOf(o), Bundle.describe(o));
            }
        }
    }

    @Test
    void bindsEveryManagerRoleToTheManagersServiceAccount() {
        for (AddonBundle.RenderedAddon addon : render(withAddons(true, true, true)).addons()) {
            String serviceAccount = addon.manager().getSpec().getTemplate().getSpec().getServiceAccountName();
            assertTrue(addon.objects().stream().anyMatch(o -> o.getKind().equals("ServiceAccount")
                    && o.getMetadata().getName().equals(serviceAccount)), addon.addon() + " renders its ServiceAccount");
            for (HasMetadata o : addon.objects()) {
                if (o instanceof ClusterRoleBinding b) {
                    assertEquals(serviceAccount, b.getSubjects().get(0).getName());
                } else if (o instanceof RoleBinding b) {
                    assertEquals(serviceAccount, b.getSubjects().get(0).getName());
                }
            }
        }
    }

    @Test
    void everyManagerPodPassesPodSecurityRestricted() {
        List<HasMetadata> all = render(withAddons(true, true, true)).objects();
        var pods = PodSecurityRestricted.podSpecs(all);
        assertEquals(3, pods.size(), pods.keySet().toString());
        pods.forEach((workload, pod) -> assertEquals(List.of(), PodSecurityRestricted.violations(pod), workload));
    }

    @Test
    void identitiesCoverEveryObjectAnyOptionsRender() {
        VelaOcmHubSpec spec = withAddons(true, true, true);
        spec.setImageRegistry("mirror.example.com/ocm");
        spec.getAddons().getClusterProxy().setPlacement(new AddonPlacement("p", "n"));
        AddonBundle bundle = render(spec);
        OcmRelease release = ReleaseCatalog.newest();
        for (AddonBundle.RenderedAddon addon : bundle.addons()) {
            Set<String> identities = AddonBundle.identities(HUB, release, addon.addon()).stream()
                    .map(Pruning::identity).collect(Collectors.toSet());
            for (HasMetadata o : addon.objects()) {
                assertTrue(identities.contains(Pruning.identity(o)), Bundle.describe(o) + " is found for removal");
            }
        }
        Set<String> shared = AddonBundle.sharedIdentities(HUB, release).stream().map(Pruning::identity)
                .collect(Collectors.toSet());
        bundle.shared().forEach(o -> assertTrue(shared.contains(Pruning.identity(o)), Bundle.describe(o)));
    }

    @Test
    void managedServiceAccountsKeepTheirRotationDefaultsAndTheV1alpha1ThatClusterGatewayWrites() {
        CustomResourceDefinition crd = only(render(withAddons(true, false, false)).of(Addon.MANAGED_SERVICE_ACCOUNT)
                .orElseThrow().objects(), CustomResourceDefinition.class);
        assertEquals("managedserviceaccounts.authentication.open-cluster-management.io", crd.getMetadata().getName());
        assertEquals("Namespaced", crd.getSpec().getScope());
        List<CustomResourceDefinitionVersion> versions = crd.getSpec().getVersions();
        assertEquals(List.of("v1alpha1:served:false", "v1beta1:served:true"), versions.stream()
                .map(v -> v.getName() + ":" + (v.getServed() ? "served" : "not served") + ":" + v.getStorage()).toList());
        for (CustomResourceDefinitionVersion v : versions) {
            JSONSchemaProps rotation = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties()
                    .get("rotation");
            assertEquals("8640h0m0s", rotation.getProperties().get("validity").getDefault().asText());
            assertTrue(rotation.getProperties().get("enabled").getDefault().asBoolean());
            assertFalse(v.getSubresources().getStatus() == null, "status is a subresource");
        }
    }

    @Test
    void needsACrdOnlyForCustomResources() {
        assertEquals(ClusterManagementAddOn.CRD_NAME, AddonBundle.crdOf(new ClusterManagementAddOn()));
        assertEquals("placements.cluster.open-cluster-management.io", AddonBundle.crdOf(new Placement()));
        assertNull(AddonBundle.crdOf(new Namespace()));
        assertNull(AddonBundle.crdOf(new Deployment()));
    }

    private static String image(AddonBundle bundle, Addon addon) {
        Container c = bundle.of(addon).orElseThrow().manager().getSpec().getTemplate().getSpec().getContainers().get(0);
        return c.getImage();
    }

    private static <R extends AddonResource> Map<String, Object> spec(AddonBundle bundle, Addon addon, Class<R> type) {
        return only(bundle.of(addon).orElseThrow().objects(), type).getSpec();
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " in" + describe(objects));
        return found.get(0);
    }
}
