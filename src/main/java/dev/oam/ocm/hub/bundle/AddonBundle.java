package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.AddonOptions;
import dev.oam.ocm.hub.api.AddonPlacement;
import dev.oam.ocm.hub.api.AddonsSpec;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.addon.AddonResource;
import dev.oam.ocm.hub.api.addon.ClusterGatewayConfiguration;
import dev.oam.ocm.hub.api.addon.ClusterManagementAddOn;
import dev.oam.ocm.hub.api.addon.ManagedClusterSetBinding;
import dev.oam.ocm.hub.api.addon.ManagedProxyConfiguration;
import dev.oam.ocm.hub.api.addon.Placement;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spec to the hub side of each enabled addon: its CRDs, identity and RBAC, its configuration object, its manager
 * Deployment, its default Placement and its ClusterManagementAddOn, in that order (each needs what comes before).
 * Agents are not rendered: each addon's manager deploys them to the placed clusters through ManifestWorks. Pure,
 * like {@link HubBundle}.
 */
public record AddonBundle(List<HasMetadata> shared, List<RenderedAddon> addons) {
    /** Where every addon manager runs (and cluster-proxy's proxy server), as OCM's own addon guides install them. */
    public static final String NAMESPACE = "open-cluster-management-addon";
    /** Label naming the addon an object belongs to; {@link #SHARED} for what all addons use. */
    public static final String ADDON_LABEL = "ocm.oam.dev/addon";
    public static final String SHARED = "shared";
    /** The ManagedClusterSet every joined cluster is in (OCM's DefaultClusterSet gate, on by default). */
    static final String GLOBAL_SET = "global";
    /** cluster-gateway's aggregated API server goes where KubeVela runs, as its chart places it. */
    static final String GATEWAY_NAMESPACE = "vela-system";
    static final String GATEWAY_SECRET_NAMESPACE = "open-cluster-management-credentials";
    /** The ClusterGatewayConfiguration's name, which the addon's ClusterManagementAddOn and ManagedClusterAddOns name. */
    static final String GATEWAY_CONFIGURATION = "cluster-gateway";
    static final String OCM_REGISTRY = "quay.io/open-cluster-management";
    static final String OAM_REGISTRY = "docker.io/oamdev";
    /** Non-root whatever the image says: the managed-serviceaccount and cluster-gateway images declare no user. */
    private static final long RUN_AS_USER = 65532L;

    public static final AddonBundle NONE = new AddonBundle(List.of(), List.of());

    public AddonBundle {
        shared = List.copyOf(shared);
        addons = List.copyOf(addons);
    }

    /** One addon's hub objects, in apply order. */
    public record RenderedAddon(Addon addon, String version, List<HasMetadata> objects) {
        public RenderedAddon {
            objects = List.copyOf(objects);
        }

        public Deployment manager() {
            return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                    .orElseThrow();
        }
    }

    /** Every object in apply order: what the addons share, then each addon after those it needs. */
    public List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>(shared);
        addons.forEach(a -> all.addAll(a.objects()));
        return all;
    }

    public Optional<RenderedAddon> of(Addon addon) {
        return addons.stream().filter(a -> a.addon() == addon).findFirst();
    }

    /**
     * @throws InvalidSpecException for an unknown release, a Placement without name or namespace, or cluster-gateway
     *                              without the two addons it needs
     */
    public static AddonBundle render(String hubName, VelaOcmHubSpec spec, OcmRelease release, String pullSecretConfig) {
        AddonsSpec addons = spec.getAddons();
        if (addons == null) {
            return NONE;
        }
        String mirror = HubImages.mirror(spec);
        List<RenderedAddon> rendered = new ArrayList<>();
        boolean defaultPlacement = false;
        for (Addon addon : Addon.values()) {
            AddonOptions options = addon.options(addons);
            if (options != null && options.getVersion() != null) {
                // First, and even while the addon is off: a wrong release is the mistake to report, not what follows.
                addon.resolveVersion(options.getVersion());
            }
        }
        for (Addon addon : Addon.values()) {
            AddonOptions options = addon.options(addons);
            if (!addon.enabled(addons)) {
                continue;
            }
            for (Addon needed : addon.needs()) {
                if (!needed.enabled(addons)) {
                    throw new InvalidSpecException(addon.field() + " needs " + needed.field() + ".enabled: "
                            + addon.addonName() + " reaches clusters through " + needed.addonName());
                }
            }
            String version = addon.resolveVersion(options.getVersion());
            AddonPlacement placement = checkedPlacement(addon, options.getPlacement());
            defaultPlacement |= placement == null;
            rendered.add(new RenderedAddon(addon, version,
                    objects(addon, version, placement, mirror, labels(hubName, release, addon.addonName()))));
        }
        if (rendered.isEmpty()) {
            return NONE;
        }
        Map<String, String> sharedLabels = labels(hubName, release, SHARED);
        List<HasMetadata> shared = new ArrayList<>();
        shared.add(new NamespaceBuilder().withMetadata(meta(NAMESPACE, null, sharedLabels)).build());
        if (pullSecretConfig != null) {
            // The managers pull from the same registry as the hub, so they get the same credentials.
            shared.add(pullSecret(sharedLabels, pullSecretConfig));
        }
        if (defaultPlacement) {
            shared.add(clusterSetBinding(sharedLabels));
        }
        return new AddonBundle(shared, rendered);
    }

    /**
     * Every object an addon can render, whatever its options: the names removal looks for. Names do not depend on
     * the spec, so objects of an addon turned off (or of a spec that no longer renders) are still found.
     */
    public static List<HasMetadata> identities(String hubName, OcmRelease release, Addon addon) {
        return objects(addon, addon.resolveVersion(null), null, null, labels(hubName, release, addon.addonName()));
    }

    /** What all addons share, removed once no addon is left. */
    public static List<HasMetadata> sharedIdentities(String hubName, OcmRelease release) {
        Map<String, String> labels = labels(hubName, release, SHARED);
        return List.of(new NamespaceBuilder().withMetadata(meta(NAMESPACE, null, labels)).build(),
                pullSecret(labels, ""), clusterSetBinding(labels));
    }

    /** The CRD an object's kind needs, when it is not built into Kubernetes; null otherwise. */
    public static String crdOf(HasMetadata object) {
        if (object instanceof AddonResource) {
            return HasMetadata.getPlural(object.getClass()) + "." + HasMetadata.getGroup(object.getClass());
        }
        return null;
    }

    private static AddonPlacement checkedPlacement(Addon addon, AddonPlacement placement) {
        if (placement == null) {
            return null;
        }
        if (placement.getName() == null || placement.getName().isBlank()
                || placement.getNamespace() == null || placement.getNamespace().isBlank()) {
            throw new InvalidSpecException(addon.field() + ".placement needs both name and namespace");
        }
        return placement;
    }

    private static List<HasMetadata> objects(Addon addon, String version, AddonPlacement placement, String mirror,
                                             Map<String, String> labels) {
        List<HasMetadata> objects = new ArrayList<>();
        AddonCrds.of(addon).forEach(crd -> {
            crd.getMetadata().setLabels(labels);
            objects.add(crd);
        });
        String tag = "v" + version;
        switch (addon) {
            case MANAGED_SERVICE_ACCOUNT -> {
                String image = image(mirror, OCM_REGISTRY, "managed-serviceaccount", tag);
                String role = "open-cluster-management:managed-serviceaccount:addon-manager";
                objects.add(serviceAccount("managed-serviceaccount", labels));
                objects.add(clusterRole(role, labels, AddonRbac.managedServiceAccount()));
                objects.add(clusterRoleBinding(role, "managed-serviceaccount", labels));
                objects.add(manager("managed-serviceaccount-addon-manager", addon, "managed-serviceaccount", image,
                        List.of("/msa", "manager"),
                        List.of("--leader-elect=true", "--deploy-mode=Deployment", "--agent-image-name=" + image,
                                "--feature-gates=EphemeralIdentity=false,ClusterProfileCredSyncer=false"),
                        List.of(), labels));
            }
            case CLUSTER_PROXY -> {
                String image = image(mirror, OCM_REGISTRY, "cluster-proxy", tag);
                String role = "open-cluster-management:cluster-proxy:addon-manager";
                objects.add(serviceAccount("cluster-proxy", labels));
                objects.add(clusterRole(role, labels, AddonRbac.clusterProxy()));
                objects.add(clusterRoleBinding(role, "cluster-proxy", labels));
                objects.add(new RoleBuilder().withMetadata(meta(role, NAMESPACE, labels))
                        .withRules(AddonRbac.clusterProxyNamespaced()).build());
                objects.add(roleBinding(role, NAMESPACE, "Role", role, "cluster-proxy", labels));
                objects.add(proxyConfiguration(image, labels));
                objects.add(manager("cluster-proxy-addon-manager", addon, "cluster-proxy", image,
                        List.of("/manager"),
                        // The agent image is also in the ManagedProxyConfiguration; the flag keeps the manager
                        // from falling back to a default of its own.
                        List.of("--leader-elect=true", "--signer-secret-namespace=" + NAMESPACE,
                                "--agent-image-name=" + image, "--enable-kube-api-proxy=true",
                                "--enable-service-proxy=false", "--image-pull-policy=IfNotPresent"),
                        List.of(), labels));
            }
            case CLUSTER_GATEWAY -> {
                String image = image(mirror, OAM_REGISTRY, "cluster-gateway-addon-manager", tag);
                String role = "open-cluster-management:cluster-gateway:managedcluster-reader";
                String grantor = "open-cluster-management:cluster-gateway:role-grantor";
                objects.add(serviceAccount("cluster-gateway-addon-manager", labels));
                objects.add(clusterRole(role, labels, AddonRbac.clusterGateway()));
                objects.add(clusterRoleBinding(role, "cluster-gateway-addon-manager", labels));
                // It grants its API server the right to read extension-apiserver-authentication, so it must hold it.
                objects.add(roleBinding(grantor, NAMESPACE, "ClusterRole", role, "cluster-gateway-addon-manager", labels));
                objects.add(roleBinding(grantor, "kube-system", "ClusterRole", role, "cluster-gateway-addon-manager", labels));
                objects.add(gatewayConfiguration(image(mirror, OAM_REGISTRY, "cluster-gateway", tag), labels));
                // Without NAMESPACE it falls back to the pod's service account namespace file.
                objects.add(manager("cluster-gateway-addon-manager", addon, "cluster-gateway-addon-manager", image,
                        List.of(), List.of("--leader-elect=true"),
                        List.of(new EnvVarBuilder().withName("NAMESPACE").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build()),
                        labels));
            }
        }
        if (placement == null) {
            objects.add(allClusters(addon, labels));
        }
        objects.add(clusterManagementAddOn(addon, placement, labels));
        return objects;
    }

    private static String image(String mirror, String registry, String name, String tag) {
        return (mirror == null ? registry : mirror) + "/" + name + ":" + tag;
    }

    static Map<String, String> labels(String hubName, OcmRelease release, String addon) {
        Map<String, String> labels = new LinkedHashMap<>(BundleLabels.of(hubName, release));
        labels.put(ADDON_LABEL, addon);
        return labels;
    }

    private static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
    }

    /** Referenced whether or not spec.imagePullSecret copies it here, as the registration-operator's is. */
    private static HasMetadata serviceAccount(String name, Map<String, String> labels) {
        return new ServiceAccountBuilder().withMetadata(meta(name, NAMESPACE, labels))
                .addNewImagePullSecret(HubBundle.PULL_SECRET).build();
    }

    private static HasMetadata pullSecret(Map<String, String> labels, String dockerConfigJson) {
        return new SecretBuilder().withMetadata(meta(HubBundle.PULL_SECRET, NAMESPACE, labels))
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", dockerConfigJson)
                .build();
    }

    private static HasMetadata clusterRole(String name, Map<String, String> labels, List<PolicyRule> rules) {
        return new ClusterRoleBuilder().withMetadata(meta(name, null, labels)).withRules(rules).build();
    }

    private static HasMetadata clusterRoleBinding(String role, String serviceAccount, Map<String, String> labels) {
        return new ClusterRoleBindingBuilder().withMetadata(meta(role, null, labels))
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(NAMESPACE).endSubject()
                .build();
    }

    private static HasMetadata roleBinding(String name, String namespace, String roleKind, String role,
                                           String serviceAccount, Map<String, String> labels) {
        return new RoleBindingBuilder().withMetadata(meta(name, namespace, labels))
                .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role)
                .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(NAMESPACE).endSubject()
                .build();
    }

    private static Deployment manager(String name, Addon addon, String serviceAccount, String image,
                                      List<String> command, List<String> args, List<EnvVar> env,
                                      Map<String, String> labels) {
        Map<String, String> podLabels = new LinkedHashMap<>();
        podLabels.put("open-cluster-management.io/addon", addon.addonName());
        podLabels.put("app.kubernetes.io/component", "addon-manager");
        return new DeploymentBuilder()
                .withMetadata(meta(name, NAMESPACE, labels))
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().withMatchLabels(podLabels).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withServiceAccountName(serviceAccount)
                // Pod Security "restricted", as the registration-operator's pod.
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("manager")
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command.isEmpty() ? null : command)
                .withArgs(args)
                .withEnv(env)
                .withSecurityContext(HubBundle.restrictedContainer())
                .withNewResources()
                .addToRequests("cpu", new Quantity("2m"))
                .addToRequests("memory", new Quantity("32Mi"))
                .endResources()
                .addNewVolumeMount().withName("tmpdir").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tmpdir").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Every field set, so nothing depends on defaults of a CRD schema. Proxy servers run in the addon namespace and
     * are reached from managed clusters by port-forwarding through the hub's API server: it needs no Service of
     * type LoadBalancer nor a host name the operator cannot know.
     */
    private static HasMetadata proxyConfiguration(String image, Map<String, String> labels) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authentication", ordered(
                "signer", ordered("type", "SelfSigned"),
                "dump", ordered("secrets", ordered(
                        "signingAgentServerSecretName", "agent-server",
                        "signingProxyClientSecretName", "proxy-client",
                        "signingProxyServerSecretName", "proxy-server"))));
        spec.put("proxyServer", ordered(
                "image", image,
                "replicas", 1,
                "namespace", NAMESPACE,
                "inClusterServiceName", "proxy-entrypoint",
                "entrypoint", ordered("type", "PortForward", "port", 8091)));
        spec.put("proxyAgent", ordered(
                "image", image,
                "replicas", 1,
                "additionalValues", ordered("enableImpersonation", "true")));
        spec.put("deploy", ordered("ports", ordered(
                "proxyServer", 8090, "agentServer", 8091, "healthServer", 8092, "adminServer", 8095)));
        return resource(new ManagedProxyConfiguration(), "cluster-proxy", null, labels, spec);
    }

    /**
     * Credentials from managed-serviceaccount and traffic through cluster-proxy's tunnel: the point of installing
     * the three together, and it reaches clusters whose API server the hub cannot dial.
     */
    private static HasMetadata gatewayConfiguration(String image, Map<String, String> labels) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", image);
        spec.put("installNamespace", GATEWAY_NAMESPACE);
        spec.put("secretNamespace", GATEWAY_SECRET_NAMESPACE);
        spec.put("secretManagement", ordered("type", "ManagedServiceAccount",
                "managedServiceAccount", ordered("name", "cluster-gateway")));
        spec.put("egress", ordered("type", "ClusterProxy", "clusterProxy", ordered(
                "proxyServerHost", "proxy-entrypoint." + NAMESPACE,
                "proxyServerPort", 8090,
                "credentials", ordered("namespace", NAMESPACE,
                        "proxyClientCASecretName", "proxy-server-ca",
                        "proxyClientSecretName", "proxy-client"))));
        return resource(new ClusterGatewayConfiguration(), GATEWAY_CONFIGURATION, null, labels, spec);
    }

    private static HasMetadata clusterSetBinding(Map<String, String> labels) {
        return resource(new ManagedClusterSetBinding(), GLOBAL_SET, NAMESPACE, labels, ordered("clusterSet", GLOBAL_SET));
    }

    /** Every cluster of the global set, including those briefly unreachable: an agent is not removed for a blip. */
    private static HasMetadata allClusters(Addon addon, Map<String, String> labels) {
        return resource(new Placement(), addon.addonName(), NAMESPACE, labels, ordered(
                "clusterSets", List.of(GLOBAL_SET),
                "tolerations", List.of(
                        ordered("key", "cluster.open-cluster-management.io/unreachable", "operator", "Exists"),
                        ordered("key", "cluster.open-cluster-management.io/unavailable", "operator", "Exists"))));
    }

    /**
     * The lifecycle annotation hands the addon's ManagedClusterAddOns to the hub's addon-manager, which creates one
     * per placed cluster and deletes them when the ClusterManagementAddOn goes; otherwise each addon's own
     * framework would do it, and cluster-gateway 1.9.0's is older than install strategies. cluster-gateway also
     * reads its configuration through the deprecated addOnConfiguration field, here and on each ManagedClusterAddOn's
     * status ({@link GatewayAddOnConfiguration}).
     */
    private static HasMetadata clusterManagementAddOn(Addon addon, AddonPlacement placement, Map<String, String> labels) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("addOnMeta", ordered("displayName", addon.addonName(), "description", addon.addonName()));
        String name = placement == null ? addon.addonName() : placement.getName();
        String namespace = placement == null ? NAMESPACE : placement.getNamespace();
        spec.put("installStrategy", ordered("type", "Placements", "placements", List.of(ordered(
                "name", name, "namespace", namespace, "rolloutStrategy", ordered("type", "All")))));
        switch (addon) {
            case MANAGED_SERVICE_ACCOUNT -> spec.put("supportedConfigs", List.of(
                    ordered("group", "addon.open-cluster-management.io", "resource", "addondeploymentconfigs")));
            case CLUSTER_PROXY -> spec.put("supportedConfigs", List.of(
                    ordered("group", "proxy.open-cluster-management.io", "resource", "managedproxyconfigurations",
                            "defaultConfig", ordered("name", "cluster-proxy")),
                    ordered("group", "addon.open-cluster-management.io", "resource", "addondeploymentconfigs")));
            case CLUSTER_GATEWAY -> spec.put("addOnConfiguration", ordered(
                    "crdName", ClusterGatewayConfiguration.CRD_NAME, "crName", GATEWAY_CONFIGURATION));
        }
        ClusterManagementAddOn cma = resource(new ClusterManagementAddOn(), addon.addonName(), null, labels, spec);
        cma.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of("addon.open-cluster-management.io/lifecycle",
                "addon-manager")));
        return cma;
    }

    /**
     * A map that keeps the order its entries are given in: Map.of's order changes from one JVM to the next, and the
     * render command's output must not.
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static <R extends AddonResource> R resource(R resource, String name, String namespace,
                                                        Map<String, String> labels, Map<String, Object> spec) {
        resource.setMetadata(meta(name, namespace, labels));
        resource.setSpec(spec);
        return resource;
    }
}
