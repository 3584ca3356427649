package dev.oam.ocm.hub.bundle;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.oam.ocm.hub.api.ClusterManagerOptions;
import dev.oam.ocm.hub.api.ComponentOptions;
import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.FeatureGate;
import dev.oam.ocm.hub.api.ImageOverrides;
import dev.oam.ocm.hub.api.JoinAccess;
import dev.oam.ocm.hub.api.NodePlacement;
import dev.oam.ocm.hub.api.OperatorOptions;
import dev.oam.ocm.hub.api.RegistrationOptions;
import dev.oam.ocm.hub.api.ResourceRequirementType;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec;
import dev.oam.ocm.hub.testing.PodSecurityRestricted;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HubBundleTest {
    private static final String HUB = "hub";
    private static final String PULL_CONFIG = "eyJhdXRocyI6e319"; // base64 of {"auths":{}}
    private static final String NS = HubBundle.OCM_NAMESPACE;

    // ---------------------------------------------------------------- fixtures

    private static VelaOcmHubSpec spec(Consumer<VelaOcmHubSpec> customize) {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        customize.accept(spec);
        return spec;
    }

    private static Bundle render(VelaOcmHubSpec spec) {
        return HubBundle.render(HUB, spec, null);
    }

    private static Bundle renderDefault() {
        return render(new VelaOcmHubSpec());
    }

    private static VelaOcmHubSpec withImages(Consumer<ImageOverrides> customize) {
        ImageOverrides images = new ImageOverrides();
        customize.accept(images);
        return spec(s -> s.setImages(images));
    }

    private static VelaOcmHubSpec withClusterManager(Consumer<ClusterManagerOptions> customize) {
        ClusterManagerOptions options = new ClusterManagerOptions();
        customize.accept(options);
        return spec(s -> s.setClusterManager(options));
    }

    private static VelaOcmHubSpec withOperator(Consumer<OperatorOptions> customize) {
        OperatorOptions options = new OperatorOptions();
        customize.accept(options);
        return spec(s -> s.setOperator(options));
    }

    private static VelaOcmHubSpec withJoinAccess(Boolean enabled) {
        JoinAccess access = new JoinAccess();
        access.setEnabled(enabled);
        return spec(s -> s.setJoinAccess(access));
    }

    private static RegistrationOptions registrationGates(FeatureGate... gates) {
        RegistrationOptions registration = new RegistrationOptions();
        registration.setFeatureGates(List.of(gates));
        return registration;
    }

    private static ComponentOptions componentGates(FeatureGate... gates) {
        ComponentOptions options = new ComponentOptions();
        options.setFeatureGates(List.of(gates));
        return options;
    }

    private static NodePlacement placement() {
        NodePlacement placement = new NodePlacement();
        placement.setNodeSelector(Map.of("node-role.kubernetes.io/infra", ""));
        placement.setTolerations(List.of(new TolerationBuilder().withKey("infra").withOperator("Exists")
                .withEffect("NoSchedule").build()));
        return placement;
    }

    private static <T extends HasMetadata> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.objects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T named(Bundle bundle, Class<T> type, String name) {
        return all(bundle, type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("expected a " + type.getSimpleName() + " named " + name));
    }

    private static List<String> kindsAndNames(Bundle bundle) {
        return bundle.objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    private static Container operatorContainer(Bundle bundle) {
        return podSpec(bundle).getContainers().get(0);
    }

    private static PodSpec podSpec(Bundle bundle) {
        return bundle.operatorDeployment().getSpec().getTemplate().getSpec();
    }

    private static ClusterManagerSpec cmSpec(Bundle bundle) {
        return bundle.clusterManager().getSpec();
    }

    private static void assertRefused(VelaOcmHubSpec spec, String... expectedInMessage) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> render(spec),
                "expected the spec to be refused with InvalidSpecException");
        for (String expected : expectedInMessage) {
            assertTrue(e.getMessage().contains(expected),
                    "expected the refusal message to contain '" + expected + "' but was: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- order and labels

    @Nested
    class ApplyOrder {
        @Test
        void appliesCrdFirstThenOperatorAndRbacThenClusterManagerLast() {
            Bundle bundle = HubBundle.render(HUB, new VelaOcmHubSpec(), PULL_CONFIG);

            assertEquals(List.of(
                    "CustomResourceDefinition/clustermanagers.operator.open-cluster-management.io",
                    "Namespace/open-cluster-management",
                    "Secret/open-cluster-management-image-pull-credentials",
                    "ServiceAccount/cluster-manager",
                    "ClusterRole/cluster-manager",
                    "ClusterRoleBinding/cluster-manager",
                    "ClusterRole/open-cluster-management:bootstrap",
                    "ServiceAccount/agent-registration-bootstrap",
                    "ClusterRoleBinding/open-cluster-management:bootstrap:agent-registration",
                    "ClusterRole/system:open-cluster-management:bootstrap",
                    "ServiceAccount/cluster-bootstrap",
                    "ClusterRoleBinding/cluster-bootstrap-sa",
                    "Deployment/cluster-manager",
                    "ClusterManager/cluster-manager"), kindsAndNames(bundle),
                    "expected CRD, Namespace, pull Secret, operator SA/ClusterRole/CRB, join access, Deployment,"
                            + " ClusterManager in that order");
        }

        @Test
        void leavesOutThePullSecretAndJoinAccessWhenNotRequested() {
            Bundle bundle = render(withJoinAccess(false));

            assertEquals(List.of(
                    "CustomResourceDefinition/clustermanagers.operator.open-cluster-management.io",
                    "Namespace/open-cluster-management",
                    "ServiceAccount/cluster-manager",
                    "ClusterRole/cluster-manager",
                    "ClusterRoleBinding/cluster-manager",
                    "Deployment/cluster-manager",
                    "ClusterManager/cluster-manager"), kindsAndNames(bundle),
                    "expected only the core objects, in order, without pull Secret and join access");
        }

        @Test
        void putsNamespacedObjectsInTheOperatorNamespaceAndClusterScopedOnesNowhere() {
            Bundle bundle = HubBundle.render(HUB, new VelaOcmHubSpec(), PULL_CONFIG);
            for (HasMetadata o : bundle.objects()) {
                boolean namespaced = o instanceof ServiceAccount || o instanceof Secret || o instanceof Deployment;
                assertEquals(namespaced ? NS : null, o.getMetadata().getNamespace(),
                        "expected " + o.getKind() + "/" + o.getMetadata().getName()
                                + (namespaced ? " in namespace " + NS : " to be cluster-scoped"));
            }
        }

        @Test
        void labelsEveryObjectWithManagedByHubAndOcmVersion() {
            Bundle bundle = HubBundle.render("my-hub", spec(s -> s.setVersion("1.2.0")), PULL_CONFIG);
            for (HasMetadata o : bundle.objects()) {
                Map<String, String> labels = o.getMetadata().getLabels();
                String what = o.getKind() + "/" + o.getMetadata().getName();
                assertNotNull(labels, "expected labels on " + what);
                assertAll(what,
                        () -> assertEquals(BundleLabels.MANAGED_BY_VALUE, labels.get(BundleLabels.MANAGED_BY),
                                "expected " + what + " to be labelled managed-by the operator"),
                        () -> assertEquals("my-hub", labels.get(BundleLabels.HUB),
                                "expected " + what + " to name its VelaOcmHub"),
                        () -> assertEquals("1.2.0", labels.get(BundleLabels.OCM_VERSION),
                                "expected " + what + " to carry the OCM version"));
            }
        }

        @Test
        void rendersEqualObjectsWhenRenderedTwice() {
            VelaOcmHubSpec spec = withClusterManager(cm -> {
                cm.setHubReplicas(3);
                cm.setNodePlacement(placement());
                cm.setRegistration(registrationGates(new FeatureGate("ManagedClusterAutoApproval", null)));
            });
            Bundle first = HubBundle.render(HUB, spec, PULL_CONFIG);
            Bundle second = HubBundle.render(HUB, spec, PULL_CONFIG);

            assertEquals(Serialization.asJson(first.objects()), Serialization.asJson(second.objects()),
                    "expected the same spec to render byte-identical objects");
            assertEquals(first.images(), second.images(), "expected the same images");
            assertEquals(first.release(), second.release(), "expected the same release");
        }

        @Test
        void rendersAnEmptySpecLikeANullSpec() {
            assertEquals(Serialization.asJson(renderDefault().objects()),
                    Serialization.asJson(HubBundle.render(HUB, null, null).objects()),
                    "expected a null spec to render like an empty one");
        }
    }

    // ---------------------------------------------------------------- versions and images

    @Nested
    class VersionsAndImages {
        @Test
        void defaultsToTheNewestReleaseOnQuay() {
            Bundle bundle = renderDefault();
            HubImages images = bundle.images();

            assertEquals("1.3.1", bundle.release().version(), "expected the newest known release by default");
            assertAll(
                    () -> assertEquals("quay.io/open-cluster-management/registration-operator:v1.3.1",
                            images.registrationOperator(), "expected the default registration-operator image"),
                    () -> assertEquals("quay.io/open-cluster-management/registration:v1.3.1",
                            images.registration(), "expected the default registration image"),
                    () -> assertEquals("quay.io/open-cluster-management/work:v1.3.1",
                            images.work(), "expected the default work image"),
                    () -> assertEquals("quay.io/open-cluster-management/placement:v1.3.1",
                            images.placement(), "expected the default placement image"),
                    () -> assertEquals("quay.io/open-cluster-management/addon-manager:v1.3.1",
                            images.addOnManager(), "expected the default addon-manager image"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"registry.example.com:5000/mirror/ocm", "registry.example.com:5000/mirror/ocm/"})
        void replacesTheRegistryOfAllFiveImages(String registry) {
            HubImages images = render(spec(s -> s.setImageRegistry(registry))).images();
            String r = "registry.example.com:5000/mirror/ocm/";

            assertEquals(new HubImages(r + "registration-operator:v1.3.1", r + "registration:v1.3.1",
                    r + "work:v1.3.1", r + "placement:v1.3.1", r + "addon-manager:v1.3.1"), images,
                    "expected every image from " + r + " (a trailing slash tolerated)");
        }

        @Test
        void letsAPerImageOverrideWinOverTheRegistry() {
            VelaOcmHubSpec spec = withImages(i -> i.setPlacement("other.example.com/placement@sha256:" + "a".repeat(64)));
            spec.setImageRegistry("mirror.example.com/ocm");
            HubImages images = render(spec).images();

            assertEquals("other.example.com/placement@sha256:" + "a".repeat(64), images.placement(),
                    "expected the placement override to win");
            assertEquals("mirror.example.com/ocm/work:v1.3.1", images.work(),
                    "expected images without an override to come from the registry");
        }

        @Test
        void usesTheOperatorOverrideForTheDeploymentAndAgentImage() {
            String image = "mirror.example.com/ocm/registration-operator:v1.3.1-patched";
            Bundle bundle = render(withImages(i -> i.setRegistrationOperator(image)));

            assertEquals(image, operatorContainer(bundle).getImage(), "expected the Deployment to run the override");
            assertEquals(image, env(bundle, "AGENT_IMAGE").getValue(), "expected AGENT_IMAGE to be the override");
        }

        static Stream<Arguments> imageFields() {
            return Stream.of(
                    Arguments.of("images.registrationOperator",
                            (Function<String, VelaOcmHubSpec>) v -> withImages(i -> i.setRegistrationOperator(v))),
                    Arguments.of("images.registration",
                            (Function<String, VelaOcmHubSpec>) v -> withImages(i -> i.setRegistration(v))),
                    Arguments.of("images.work",
                            (Function<String, VelaOcmHubSpec>) v -> withImages(i -> i.setWork(v))),
                    Arguments.of("images.placement",
                            (Function<String, VelaOcmHubSpec>) v -> withImages(i -> i.setPlacement(v))),
                    Arguments.of("images.addOnManager",
                            (Function<String, VelaOcmHubSpec>) v -> withImages(i -> i.setAddOnManager(v))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("imageFields")
        void refusesUntaggedImageOverride(String field, Function<String, VelaOcmHubSpec> spec) {
            assertRefused(spec.apply("registry.example.com:5000/ocm/image"), field, "no tag or digest");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("imageFields")
        void refusesLatestImageOverride(String field, Function<String, VelaOcmHubSpec> spec) {
            assertRefused(spec.apply("quay.io/open-cluster-management/image:latest"), field, ":latest");
        }

        @Test
        void refusesAnUnknownVersionListingTheKnownOnes() {
            assertRefused(spec(s -> s.setVersion("0.9.9")), "0.9.9", String.join(", ", ReleaseCatalog.versions()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"v1.2.1", "1.2.1"})
        void acceptsAVersionWithOrWithoutTheLeadingV(String version) {
            Bundle bundle = render(spec(s -> s.setVersion(version)));

            assertEquals("1.2.1", bundle.release().version(), "expected release 1.2.1 for " + version);
            assertEquals("quay.io/open-cluster-management/registration-operator:v1.2.1",
                    bundle.images().registrationOperator(), "expected images tagged v1.2.1 for " + version);
        }

        static Stream<String> catalogVersions() {
            return ReleaseCatalog.versions().stream();
        }

        @ParameterizedTest
        @MethodSource("catalogVersions")
        void rendersEveryCatalogVersion(String version) {
            Bundle bundle = render(spec(s -> s.setVersion(version)));

            assertEquals(version, bundle.release().version(), "expected release " + version);
            assertEquals("quay.io/open-cluster-management/registration:v" + version,
                    cmSpec(bundle).getRegistrationImagePullSpec(), "expected the ClusterManager pinned to v" + version);
            assertEquals(version, bundle.clusterManager().getMetadata().getLabels().get(BundleLabels.OCM_VERSION),
                    "expected the version label " + version);
        }
    }

    // ---------------------------------------------------------------- operator Deployment

    private static EnvVar env(Bundle bundle, String name) {
        return operatorContainer(bundle).getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("expected env " + name + " on the operator container"));
    }

    @Nested
    class OperatorDeployment {
        @Test
        void runsTheRegistrationOperatorInHubMode() {
            Bundle bundle = renderDefault();
            Deployment deployment = bundle.operatorDeployment();
            Container container = operatorContainer(bundle);

            assertEquals("cluster-manager", deployment.getMetadata().getName(), "expected Deployment cluster-manager");
            assertEquals("registration-operator", container.getName(), "expected container registration-operator");
            assertEquals("quay.io/open-cluster-management/registration-operator:v1.3.1", container.getImage(),
                    "expected the pinned operator image");
            assertEquals(List.of("/registration-operator", "hub", "--leader-election-lease-duration=15s",
                            "--leader-election-renew-deadline=10s", "--leader-election-retry-period=2s"), container.getArgs(),
                    "expected '/registration-operator hub' with client-go's lease timings (15/10/2 s) by default");
            assertEquals("cluster-manager", podSpec(bundle).getServiceAccountName(),
                    "expected the pods to run as ServiceAccount cluster-manager");
        }

        @Test
        void addsSkipRemoveCrdsOnlyWithKeepHubCrds() {
            for (DeletionPolicy policy : DeletionPolicy.values()) {
                List<String> args = operatorContainer(render(spec(s -> s.setDeletionPolicy(policy)))).getArgs();
                assertEquals(policy == DeletionPolicy.KeepHubCRDs, args.contains("--skip-remove-crds"),
                        "expected --skip-remove-crds exactly when deletionPolicy is KeepHubCRDs (policy " + policy + ")");
            }
        }

        @Test
        void passesHubReplicasAsDeploymentReplicasOnlyWhenSet() {
            List<String> withReplicas = operatorContainer(render(withClusterManager(cm -> cm.setHubReplicas(3)))).getArgs();
            List<String> without = operatorContainer(render(withClusterManager(cm -> { }))).getArgs();

            assertTrue(withReplicas.contains("--deployment-replicas=3"),
                    "expected --deployment-replicas=3 with hubReplicas 3, args " + withReplicas);
            assertTrue(without.stream().noneMatch(a -> a.startsWith("--deployment-replicas")),
                    "expected no --deployment-replicas without hubReplicas, args " + without);
        }

        @Test
        void setsPodNameFromTheFieldRefAndAgentImageToTheOperatorImage() {
            Bundle bundle = renderDefault();

            assertNotNull(env(bundle, "POD_NAME").getValueFrom(), "expected POD_NAME from a valueFrom");
            assertEquals("metadata.name", env(bundle, "POD_NAME").getValueFrom().getFieldRef().getFieldPath(),
                    "expected POD_NAME from fieldRef metadata.name");
            assertEquals(bundle.images().registrationOperator(), env(bundle, "AGENT_IMAGE").getValue(),
                    "expected AGENT_IMAGE to be the operator image");
        }

        @Test
        void selectsPodsByAppClusterManager() {
            Deployment deployment = renderDefault().operatorDeployment();

            assertEquals(Map.of("app", "cluster-manager"), deployment.getSpec().getSelector().getMatchLabels(),
                    "expected the selector app=cluster-manager every OCM installer uses");
            assertEquals("cluster-manager", deployment.getSpec().getTemplate().getMetadata().getLabels().get("app"),
                    "expected the pod template labelled app=cluster-manager");
        }

        @Test
        void probesHealthzOverHttpsOn8443() {
            Container container = operatorContainer(renderDefault());
            for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
                assertNotNull(probe, "expected liveness and readiness probes");
                assertEquals("HTTPS", probe.getHttpGet().getScheme(), "expected an HTTPS probe");
                assertEquals("/healthz", probe.getHttpGet().getPath(), "expected the probe on /healthz");
                assertEquals(8443, probe.getHttpGet().getPort().getIntVal(), "expected the probe on port 8443");
            }
        }

        @Test
        void runsNonRootWithReadOnlyRootFilesystemAndNoCapabilities() {
            Bundle bundle = renderDefault();
            SecurityContext security = operatorContainer(bundle).getSecurityContext();

            assertEquals(Boolean.TRUE, podSpec(bundle).getSecurityContext().getRunAsNonRoot(),
                    "expected the pod to run as non-root");
            assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), "expected the container to run as non-root");
            assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), "expected a read-only root filesystem");
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), "expected no privilege escalation");
            assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), "expected ALL capabilities dropped");
        }

        @ParameterizedTest(name = "OCM {0}")
        @MethodSource("dev.oam.ocm.hub.bundle.HubBundleTest$VersionsAndImages#catalogVersions")
        void everyPodTemplatePassesPodSecurityRestricted(String version) {
            for (VelaOcmHubSpec spec : List.of(spec(s -> s.setVersion(version)), spec(s -> {
                s.setVersion(version);
                s.setDeletionPolicy(DeletionPolicy.KeepHubCRDs);
                s.setImagePullSecret("credentials");
                s.setOperator(new OperatorOptions());
                s.getOperator().setReplicas(3);
                s.getOperator().setNodePlacement(placement());
            }))) {
                Map<String, PodSpec> pods = PodSecurityRestricted.podSpecs(HubBundle.render(HUB, spec, PULL_CONFIG).objects());

                assertFalse(pods.isEmpty(), "expected the bundle to render at least one pod template");
                pods.forEach((workload, pod) -> assertEquals(List.of(), PodSecurityRestricted.violations(pod),
                        "expected " + workload + " to be admitted by Pod Security restricted"));
            }
        }

        @Test
        void mountsAnEmptyDirAtTmp() {
            Bundle bundle = renderDefault();
            VolumeMount mount = operatorContainer(bundle).getVolumeMounts().stream()
                    .filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                    .orElseThrow(() -> new AssertionError("expected a volume mounted at /tmp"));
            Volume volume = podSpec(bundle).getVolumes().stream().filter(v -> mount.getName().equals(v.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError("expected volume " + mount.getName()));

            assertNotNull(volume.getEmptyDir(), "expected /tmp to be an emptyDir");
        }

        @Test
        void requests2mCpuAnd16MiWithoutLimitsByDefault() {
            ResourceRequirements resources = operatorContainer(renderDefault()).getResources();

            assertEquals(new Quantity("2m"), resources.getRequests().get("cpu"), "expected a 2m CPU request");
            assertEquals(new Quantity("16Mi"), resources.getRequests().get("memory"), "expected a 16Mi memory request");
            assertTrue(resources.getLimits() == null || resources.getLimits().isEmpty(), "expected no limits");
        }

        @Test
        void honoursUserResourcesReplicasAndNodePlacement() {
            ResourceRequirements resources = new ResourceRequirementsBuilder()
                    .addToRequests("memory", new Quantity("64Mi")).addToLimits("memory", new Quantity("256Mi")).build();
            NodePlacement placement = placement();
            Bundle bundle = render(withOperator(o -> {
                o.setReplicas(3);
                o.setResources(resources);
                o.setNodePlacement(placement);
            }));

            assertEquals(3, bundle.operatorDeployment().getSpec().getReplicas(), "expected 3 operator replicas");
            assertEquals(resources, operatorContainer(bundle).getResources(), "expected the user's resources verbatim");
            assertEquals(placement.getNodeSelector(), podSpec(bundle).getNodeSelector(),
                    "expected the user's node selector");
            assertEquals(placement.getTolerations(), podSpec(bundle).getTolerations(), "expected the user's tolerations");
        }

        @Test
        void runsOneReplicaByDefault() {
            assertEquals(1, renderDefault().operatorDeployment().getSpec().getReplicas(),
                    "expected 1 operator replica by default");
        }
    }

    // ---------------------------------------------------------------- ServiceAccount and pull secret

    @Nested
    class PullSecret {
        @Test
        void referencesThePullSecretFromTheOperatorServiceAccountEvenWithoutOne() {
            ServiceAccount sa = named(renderDefault(), ServiceAccount.class, "cluster-manager");

            assertEquals(List.of(HubBundle.PULL_SECRET),
                    sa.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList(),
                    "expected ServiceAccount cluster-manager to reference " + HubBundle.PULL_SECRET);
        }

        @Test
        void createsADockerConfigJsonSecretWhenAConfigIsGiven() {
            Bundle bundle = HubBundle.render(HUB, spec(s -> s.setImagePullSecret("my-registry")), PULL_CONFIG);
            Secret secret = named(bundle, Secret.class, HubBundle.PULL_SECRET);

            assertEquals(NS, secret.getMetadata().getNamespace(), "expected the pull secret in " + NS);
            assertEquals("kubernetes.io/dockerconfigjson", secret.getType(), "expected a dockerconfigjson Secret");
            assertEquals(Map.of(".dockerconfigjson", PULL_CONFIG), secret.getData(),
                    "expected the source .dockerconfigjson copied as is");
        }

        @Test
        void createsNoSecretWithoutAConfig() {
            assertTrue(all(renderDefault(), Secret.class).isEmpty(), "expected no Secret without a pull secret config");
        }

        @Test
        void needsTheCredentialsOfANamedPullSecret() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> render(spec(s -> s.setImagePullSecret("my-registry"))));
            assertTrue(e.getMessage().contains("my-registry"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- ClusterManager

    @Nested
    class ClusterManagerObject {
        @Test
        void isTheClusterScopedClusterManagerNamedClusterManager() {
            ClusterManager cm = renderDefault().clusterManager();

            assertEquals("cluster-manager", cm.getMetadata().getName(), "expected ClusterManager cluster-manager");
            assertEquals("operator.open-cluster-management.io/v1", cm.getApiVersion(), "expected the v1 API");
            assertNull(cm.getMetadata().getNamespace(), "expected a cluster-scoped ClusterManager");
        }

        @Test
        void pinsTheFourImagePullSpecs() {
            Bundle bundle = render(spec(s -> s.setImageRegistry("mirror.example.com/ocm")));
            ClusterManagerSpec spec = cmSpec(bundle);

            assertAll(
                    () -> assertEquals("mirror.example.com/ocm/registration:v1.3.1", spec.getRegistrationImagePullSpec(),
                            "expected the pinned registration image"),
                    () -> assertEquals("mirror.example.com/ocm/work:v1.3.1", spec.getWorkImagePullSpec(),
                            "expected the pinned work image"),
                    () -> assertEquals("mirror.example.com/ocm/placement:v1.3.1", spec.getPlacementImagePullSpec(),
                            "expected the pinned placement image"),
                    () -> assertEquals("mirror.example.com/ocm/addon-manager:v1.3.1",
                            spec.getAddOnManagerImagePullSpec(), "expected the pinned addon-manager image"));
        }

        @Test
        void deploysInDefaultModeWithTheKubeWorkDriver() {
            ClusterManagerSpec spec = cmSpec(renderDefault());

            assertEquals("Default", spec.getDeployOption().getMode(), "expected deployOption.mode Default");
            assertEquals("kube", spec.getWorkConfiguration().getWorkDriver(), "expected workDriver kube");
        }

        @Test
        void enablesDefaultClusterSetByDefault() {
            assertEquals(List.of(new FeatureGate("DefaultClusterSet", FeatureGate.Mode.Enable)),
                    cmSpec(renderDefault()).getRegistrationConfiguration().getFeatureGates(),
                    "expected registration feature gates [DefaultClusterSet=Enable] by default");
        }

        @Test
        void replacesTheDefaultGatesWithTheUsersGates() {
            Bundle bundle = render(withClusterManager(cm -> cm.setRegistration(registrationGates(
                    new FeatureGate("ManagedClusterAutoApproval", FeatureGate.Mode.Enable),
                    new FeatureGate("DefaultClusterSet", FeatureGate.Mode.Disable)))));

            assertEquals(List.of(new FeatureGate("ManagedClusterAutoApproval", FeatureGate.Mode.Enable),
                            new FeatureGate("DefaultClusterSet", FeatureGate.Mode.Disable)),
                    cmSpec(bundle).getRegistrationConfiguration().getFeatureGates(),
                    "expected the user's registration gates, in order, instead of the default");
        }

        @Test
        void enablesAGateWithoutMode() {
            Bundle bundle = render(withClusterManager(cm -> {
                cm.setRegistration(registrationGates(new FeatureGate("ManagedClusterAutoApproval", null)));
                cm.setWork(componentGates(new FeatureGate("ManifestWorkReplicaSet", null)));
            }));

            assertEquals(List.of(new FeatureGate("ManagedClusterAutoApproval", FeatureGate.Mode.Enable)),
                    cmSpec(bundle).getRegistrationConfiguration().getFeatureGates(),
                    "expected a registration gate without mode to become Enable");
            assertEquals(List.of(new FeatureGate("ManifestWorkReplicaSet", FeatureGate.Mode.Enable)),
                    cmSpec(bundle).getWorkConfiguration().getFeatureGates(),
                    "expected a work gate without mode to become Enable");
        }

        @Test
        void copiesWorkPlacementAndAddOnManagerGates() {
            Bundle bundle = render(withClusterManager(cm -> {
                cm.setWork(componentGates(new FeatureGate("NilExecutorValidating", FeatureGate.Mode.Enable)));
                cm.setPlacement(componentGates(new FeatureGate("SomePlacementGate", FeatureGate.Mode.Disable)));
                cm.setAddOnManager(componentGates(new FeatureGate("AddonManagement", FeatureGate.Mode.Enable)));
            }));
            ClusterManagerSpec spec = cmSpec(bundle);

            assertEquals(List.of(new FeatureGate("NilExecutorValidating", FeatureGate.Mode.Enable)),
                    spec.getWorkConfiguration().getFeatureGates(), "expected the work gates copied");
            assertEquals(List.of(new FeatureGate("SomePlacementGate", FeatureGate.Mode.Disable)),
                    spec.getPlacementConfiguration().getFeatureGates(), "expected the placement gates copied");
            assertEquals(List.of(new FeatureGate("AddonManagement", FeatureGate.Mode.Enable)),
                    spec.getAddOnManagerConfiguration().getFeatureGates(), "expected the addon-manager gates copied");
        }

        @Test
        void leavesComponentGatesUnsetWhenNotGiven() {
            ClusterManagerSpec spec = cmSpec(renderDefault());

            assertNull(spec.getWorkConfiguration().getFeatureGates(), "expected no work gates by default");
            assertNull(spec.getPlacementConfiguration(), "expected no placementConfiguration by default");
            assertNull(spec.getAddOnManagerConfiguration(), "expected no addOnManagerConfiguration by default");
        }

        static Stream<Arguments> gateFields() {
            FeatureGate a = new FeatureGate("Dup", FeatureGate.Mode.Enable);
            FeatureGate b = new FeatureGate("Dup", FeatureGate.Mode.Disable);
            return Stream.of(
                    Arguments.of("clusterManager.registration.featureGates",
                            (Consumer<ClusterManagerOptions>) cm -> cm.setRegistration(registrationGates(a, b))),
                    Arguments.of("clusterManager.work.featureGates",
                            (Consumer<ClusterManagerOptions>) cm -> cm.setWork(componentGates(a, b))),
                    Arguments.of("clusterManager.placement.featureGates",
                            (Consumer<ClusterManagerOptions>) cm -> cm.setPlacement(componentGates(a, b))),
                    Arguments.of("clusterManager.addOnManager.featureGates",
                            (Consumer<ClusterManagerOptions>) cm -> cm.setAddOnManager(componentGates(a, b))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("gateFields")
        void refusesDuplicateFeatureGates(String field, Consumer<ClusterManagerOptions> duplicate) {
            assertRefused(withClusterManager(duplicate), field, "Dup");
        }

        @Test
        void copiesAutoApproveUsers() {
            RegistrationOptions registration = new RegistrationOptions();
            registration.setAutoApproveUsers(List.of("system:serviceaccount:open-cluster-management:cluster-bootstrap"));
            Bundle bundle = render(withClusterManager(cm -> cm.setRegistration(registration)));

            assertEquals(List.of("system:serviceaccount:open-cluster-management:cluster-bootstrap"),
                    cmSpec(bundle).getRegistrationConfiguration().getAutoApproveUsers(),
                    "expected autoApproveUsers copied");
            assertEquals(List.of(new FeatureGate("DefaultClusterSet", FeatureGate.Mode.Enable)),
                    cmSpec(bundle).getRegistrationConfiguration().getFeatureGates(),
                    "expected the default gate kept when only autoApproveUsers are given");
        }

        @ParameterizedTest
        @CsvSource({"Default", "BestEffort"})
        void copiesTheResourceRequirementType(ResourceRequirementType type) {
            Bundle bundle = render(withClusterManager(cm -> cm.setResourceRequirement(type)));

            assertEquals(type.name(), cmSpec(bundle).getResourceRequirement().getType(),
                    "expected resourceRequirement.type " + type);
        }

        @Test
        void leavesResourceRequirementUnsetByDefault() {
            assertNull(cmSpec(renderDefault()).getResourceRequirement(), "expected no resourceRequirement by default");
        }

        @Test
        void copiesNodePlacement() {
            NodePlacement placement = placement();
            Bundle bundle = render(withClusterManager(cm -> cm.setNodePlacement(placement)));

            assertEquals(placement.getNodeSelector(), cmSpec(bundle).getNodePlacement().getNodeSelector(),
                    "expected the ClusterManager node selector copied");
            List<Toleration> tolerations = cmSpec(bundle).getNodePlacement().getTolerations();
            assertEquals(placement.getTolerations(), tolerations, "expected the ClusterManager tolerations copied");
        }
    }

    // ---------------------------------------------------------------- join access

    @Nested
    class JoinAccessObjects {
        @ParameterizedTest
        @CsvSource({
                "open-cluster-management:bootstrap:agent-registration, open-cluster-management:bootstrap, agent-registration-bootstrap",
                "cluster-bootstrap-sa, system:open-cluster-management:bootstrap, cluster-bootstrap"})
        void bindsTheBootstrapRoleToItsServiceAccountByDefault(String bindingName, String roleName, String saName) {
            Bundle bundle = renderDefault();
            ClusterRoleBinding binding = named(bundle, ClusterRoleBinding.class, bindingName);

            named(bundle, ClusterRole.class, roleName);
            named(bundle, ServiceAccount.class, saName);
            assertEquals("ClusterRole", binding.getRoleRef().getKind(), "expected " + bindingName + " to bind a ClusterRole");
            assertEquals(roleName, binding.getRoleRef().getName(), "expected " + bindingName + " to bind " + roleName);
            assertEquals(List.of(saName), binding.getSubjects().stream().map(Subject::getName).toList(),
                    "expected " + bindingName + " to bind only " + saName);
            Subject subject = binding.getSubjects().get(0);
            assertEquals("ServiceAccount", subject.getKind(), "expected a ServiceAccount subject");
            assertEquals(NS, subject.getNamespace(), "expected the subject in " + NS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"open-cluster-management:bootstrap", "system:open-cluster-management:bootstrap"})
        void grantsBootstrapIdentitiesOnlyWhatJoiningNeeds(String roleName) {
            List<PolicyRule> rules = named(renderDefault(), ClusterRole.class, roleName).getRules();

            assertAll(
                    () -> assertGrants(rules, "", "configmaps", "get"),
                    () -> assertGrants(rules, "certificates.k8s.io", "certificatesigningrequests", "create"),
                    () -> assertGrants(rules, "certificates.k8s.io", "certificatesigningrequests", "watch"),
                    () -> assertGrants(rules, "cluster.open-cluster-management.io", "managedclusters", "create"),
                    () -> assertGrants(rules, "cluster.open-cluster-management.io", "managedclusters", "get"),
                    () -> assertGrants(rules, "cluster.open-cluster-management.io", "managedclustersets/join", "create"),
                    () -> assertFalse(grants(rules, "cluster.open-cluster-management.io", "managedclusters", "delete"),
                            "expected bootstrap identities not to delete managedclusters"),
                    () -> assertFalse(grants(rules, "", "secrets", "get"),
                            "expected bootstrap identities not to read secrets"));
        }

        @Test
        void removesJoinAccessObjectsWhenDisabled() {
            Bundle bundle = render(withJoinAccess(false));
            List<String> names = kindsAndNames(bundle);

            for (String unwanted : List.of("ClusterRole/open-cluster-management:bootstrap",
                    "ServiceAccount/agent-registration-bootstrap",
                    "ClusterRoleBinding/open-cluster-management:bootstrap:agent-registration",
                    "ClusterRole/system:open-cluster-management:bootstrap", "ServiceAccount/cluster-bootstrap",
                    "ClusterRoleBinding/cluster-bootstrap-sa")) {
                assertFalse(names.contains(unwanted), "expected no " + unwanted + " with joinAccess disabled");
            }
        }

        @Test
        void keepsJoinAccessWhenEnabledIsUnset() {
            assertTrue(kindsAndNames(render(withJoinAccess(null))).contains("ServiceAccount/agent-registration-bootstrap"),
                    "expected join access objects when joinAccess.enabled is unset");
        }
    }

    // ---------------------------------------------------------------- operator RBAC

    private static boolean grants(List<PolicyRule> rules, String group, String resource, String verb) {
        return rules.stream().anyMatch(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource)
                && r.getVerbs().contains(verb) && (r.getResourceNames() == null || r.getResourceNames().isEmpty()));
    }

    private static void assertGrants(List<PolicyRule> rules, String group, String resource, String verb) {
        assertTrue(grants(rules, group, resource, verb),
                "expected a rule granting " + verb + " on " + resource + " in group '" + group + "'");
    }

    @Nested
    class OperatorRbac {
        private final List<PolicyRule> rules = named(renderDefault(), ClusterRole.class, "cluster-manager").getRules();

        @ParameterizedTest(name = "{2} {0}/{1}")
        @CsvSource({
                "operator.open-cluster-management.io, clustermanagers, get",
                "operator.open-cluster-management.io, clustermanagers, watch",
                "operator.open-cluster-management.io, clustermanagers, update",
                "operator.open-cluster-management.io, clustermanagers/status, update",
                "operator.open-cluster-management.io, clustermanagers/status, patch",
                "apiextensions.k8s.io, customresourcedefinitions, create",
                "apiextensions.k8s.io, customresourcedefinitions, delete",
                "apiextensions.k8s.io, customresourcedefinitions/status, update",
                "certificates.k8s.io, certificatesigningrequests, create",
                "certificates.k8s.io, certificatesigningrequests/approval, update",
                "certificates.k8s.io, signers, approve",
                "certificates.k8s.io, signers, sign",
                "work.open-cluster-management.io, manifestworks, execute-as",
                "work.open-cluster-management.io, manifestworks, create",
                "work.open-cluster-management.io, manifestworkreplicasets, create",
                "'', secrets, create",
                "'', serviceaccounts/token, create",
                "'', configmaps, delete",
                "'', namespaces, create",
                "'', serviceaccounts, create",
                "'', services, create",
                "'', events, create",
                "'', nodes, list",
                "'', pods, get",
                "coordination.k8s.io, leases, update",
                "authorization.k8s.io, subjectaccessreviews, create",
                "authentication.k8s.io, tokenreviews, create",
                "apps, deployments, create",
                "apps, deployments, delete",
                "apps, replicasets, get",
                "rbac.authorization.k8s.io, clusterroles, create",
                "rbac.authorization.k8s.io, rolebindings, create",
                "apiregistration.k8s.io, apiservices, create",
                "admissionregistration.k8s.io, validatingwebhookconfigurations, create",
                "admissionregistration.k8s.io, mutatingwebhookconfigurations, create",
                "migration.k8s.io, storageversionmigrations, create",
                "flowcontrol.apiserver.k8s.io, flowschemas, list",
                "cluster.open-cluster-management.io, managedclusters, create",
                "cluster.open-cluster-management.io, managedclusters/status, patch",
                "cluster.open-cluster-management.io, managedclustersets, create",
                "cluster.open-cluster-management.io, placements, watch",
                "cluster.open-cluster-management.io, placementdecisions, create",
                "cluster.open-cluster-management.io, addonplacementscores, list",
                "addon.open-cluster-management.io, managedclusteraddons, create",
                "addon.open-cluster-management.io, clustermanagementaddons/finalizers, update",
                "addon.open-cluster-management.io, addondeploymentconfigs, watch",
                "addon.open-cluster-management.io, addontemplates, get",
                "multicluster.x-k8s.io, clusterprofiles, create"})
        void grantsWhatTheHubComponentsNeed(String group, String resource, String verb) {
            assertGrants(rules, group, resource, verb);
        }

        @Test
        void limitsSecretReadsAndWritesToNamedSecrets() {
            for (String verb : List.of("get", "list", "update", "delete")) {
                assertFalse(grants(rules, "", "secrets", verb),
                        "expected '" + verb + "' on secrets only for named secrets, never on all secrets");
            }
            PolicyRule named = rules.stream().filter(r -> r.getResources().contains("secrets")
                            && r.getResourceNames() != null && !r.getResourceNames().isEmpty()).findFirst()
                    .orElseThrow(() -> new AssertionError("expected a rule for named secrets"));
            assertTrue(named.getVerbs().containsAll(List.of("get", "update", "delete")),
                    "expected get/update/delete on the named secrets, got " + named.getVerbs());
            assertTrue(named.getResourceNames().containsAll(List.of("signer-secret", HubBundle.PULL_SECRET)),
                    "expected signer-secret and the pull secret among the named secrets");
        }

        @Test
        void neverGrantsEscalateBindOrWildcards() {
            for (PolicyRule rule : rules) {
                assertFalse(rule.getVerbs().contains("escalate") || rule.getVerbs().contains("bind"),
                        "expected no escalate or bind verbs, got " + rule.getVerbs());
                assertFalse(rule.getVerbs().contains("*") || rule.getResources().contains("*")
                        || rule.getApiGroups().contains("*"), "expected no wildcard rule, got " + rule);
            }
        }

        @Test
        void isBoundToTheOperatorServiceAccount() {
            ClusterRoleBinding binding = named(renderDefault(), ClusterRoleBinding.class, "cluster-manager");

            assertEquals("cluster-manager", binding.getRoleRef().getName(), "expected ClusterRole cluster-manager bound");
            assertEquals(1, binding.getSubjects().size(), "expected one subject");
            assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind(), "expected a ServiceAccount subject");
            assertEquals("cluster-manager", binding.getSubjects().get(0).getName(), "expected SA cluster-manager");
            assertEquals(NS, binding.getSubjects().get(0).getNamespace(), "expected the SA in " + NS);
        }
    }

    // ---------------------------------------------------------------- ClusterManager CRD

    @Nested
    class ClusterManagerCrdObject {
        private final CustomResourceDefinition crd = renderDefault().objects().stream()
                .filter(CustomResourceDefinition.class::isInstance).map(CustomResourceDefinition.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("expected the ClusterManager CRD in the bundle"));

        private CustomResourceDefinitionVersion v1() {
            assertEquals(1, crd.getSpec().getVersions().size(), "expected exactly one CRD version");
            return crd.getSpec().getVersions().get(0);
        }

        private JSONSchemaProps schema(String... path) {
            JSONSchemaProps props = v1().getSchema().getOpenAPIV3Schema();
            for (String step : path) {
                assertNotNull(props.getProperties(), "expected properties on the way to " + String.join(".", path));
                props = props.getProperties().get(step);
                assertNotNull(props, "expected schema property " + step + " on the way to " + String.join(".", path));
            }
            return props;
        }

        @Test
        void definesClusterScopedClusterManagersV1() {
            assertEquals(ClusterManager.CRD_NAME, crd.getMetadata().getName(),
                    "expected CRD clustermanagers.operator.open-cluster-management.io");
            assertEquals("operator.open-cluster-management.io", crd.getSpec().getGroup(), "expected the operator group");
            assertEquals("ClusterManager", crd.getSpec().getNames().getKind(), "expected kind ClusterManager");
            assertEquals("clustermanagers", crd.getSpec().getNames().getPlural(), "expected plural clustermanagers");
            assertEquals("Cluster", crd.getSpec().getScope(), "expected a cluster-scoped CRD");
        }

        @Test
        void servesAndStoresV1WithAStatusSubresource() {
            CustomResourceDefinitionVersion v1 = v1();

            assertEquals("v1", v1.getName(), "expected version v1");
            assertEquals(Boolean.TRUE, v1.getServed(), "expected v1 served");
            assertEquals(Boolean.TRUE, v1.getStorage(), "expected v1 stored");
            assertNotNull(v1.getSubresources(), "expected subresources");
            assertNotNull(v1.getSubresources().getStatus(), "expected the status subresource");
        }

        @Test
        void describesTheStatusTheRegistrationOperatorWrites() {
            Map<String, JSONSchemaProps> status = schema("status").getProperties();

            for (String field : List.of("conditions", "generations", "relatedResources", "observedGeneration")) {
                assertTrue(status.containsKey(field), "expected status." + field + " in the schema, so it is not pruned");
            }
        }

        @Test
        void defaultsTheRegistrationWebhookPortTo9443() {
            JSONSchemaProps port = schema("spec", "deployOption", "default", "registrationWebhookConfiguration",
                    "bindConfiguration", "port");

            assertNotNull(port.getDefault(), "expected a default on the registration webhook port");
            assertEquals(9443, port.getDefault().asInt(), "expected the registration webhook port to default to 9443");
        }

        @Test
        void describesFeatureGatesOfEveryComponent() {
            for (String component : List.of("registrationConfiguration", "workConfiguration",
                    "addOnManagerConfiguration", "placementConfiguration")) {
                JSONSchemaProps gates = schema("spec", component, "featureGates");
                assertEquals("array", gates.getType(), "expected " + component + ".featureGates to be an array");
                assertNotNull(gates.getItems().getSchema().getProperties().get("feature"),
                        "expected " + component + ".featureGates items to have a feature field");
            }
        }

        @Test
        void returnsAFreshCopyEachTime() {
            CustomResourceDefinition first = ClusterManagerCrd.create(ReleaseCatalog.newest());
            first.getMetadata().setName("changed");

            assertEquals(ClusterManager.CRD_NAME, ClusterManagerCrd.create(ReleaseCatalog.newest()).getMetadata().getName(),
                    "expected a change to one copy not to leak into the next");
        }

        /** Which api module version's CRD each release applies; changing a line here must be a decision. */
        @ParameterizedTest(name = "OCM {0} applies the CRD of open-cluster-management.io/api {1}")
        @CsvSource({"1.0.0, v1.0.0", "1.1.0, v1.1.0", "1.2.0, v1.2.0", "1.2.1, v1.2.0", "1.3.0, v1.3.0", "1.3.1, v1.3.0"})
        void appliesTheCrdPublishedForItsRelease(String version, String apiVersion) throws IOException {
            CustomResourceDefinition applied = all(render(spec(s -> s.setVersion(version))), CustomResourceDefinition.class).get(0);
            JsonNode appliedSpec = Serialization.jsonMapper().valueToTree(applied).get("spec");
            JsonNode publishedSpec = publishedCrd(apiVersion).get("spec");

            assertEquals(apiVersion, ReleaseCatalog.apiVersion(new OcmRelease(version)), "expected the pinned api version");
            // Numbers compare by value: the model writes the file's "minimum: 0" as 0.0, the same to the API server.
            assertTrue(publishedSpec.equals(SAME_NUMBER, appliedSpec),
                    "expected OCM " + version + " to apply the spec of the ClusterManager CRD of"
                            + " open-cluster-management.io/api " + apiVersion + " unchanged");
        }

        /** The files are OCM's own, byte for byte: the digests of the api module's file at each version. */
        @ParameterizedTest(name = "api {0}")
        @CsvSource({
                "v1.0.0, e05e0ab0dc757fa227dde382cc7ee20c53eb2aa72dec9c99bb5e8cd61c5877cf",
                "v1.1.0, c61c608c176b187d528e1c3a4b799d4f707c2edb845b428f34219039c22280c2",
                "v1.2.0, 3f1868dce478e12d6d4d7edcef85b2d6b1063f4e4f19914341960a7225fb0480",
                "v1.3.0, 2fdae2ca63a076a0624cb754f762cc5eca53d944f44c3449e66fd78d452a3217"})
        void shipsTheApiModulesFileUnchanged(String apiVersion, String sha256) throws Exception {
            byte[] file = resourceBytes(apiVersion);

            assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)),
                    "expected " + ClusterManagerCrd.resource(apiVersion) + " to be the api module's file as published");
        }

        @Test
        void upgradesTheSchemaWithTheRelease() {
            JSONSchemaProps v100 = specSchema("1.0.0");
            JSONSchemaProps v121 = specSchema("1.2.1");
            JSONSchemaProps v131 = specSchema("1.3.1");

            assertNull(v100.getProperties().get("deployOption").getProperties().get("default"),
                    "expected OCM 1.0.0's CRD to predate deployOption.default");
            assertNotNull(v121.getProperties().get("deployOption").getProperties().get("default"),
                    "expected OCM 1.2.1's CRD to describe deployOption.default");
            assertNull(v121.getProperties().get("placementConfiguration"),
                    "expected OCM 1.2.1's CRD to predate placementConfiguration");
            assertNotNull(v131.getProperties().get("placementConfiguration"),
                    "expected OCM 1.3.1's CRD to describe placementConfiguration");
        }

        private JSONSchemaProps specSchema(String version) {
            CustomResourceDefinition c = all(render(spec(s -> s.setVersion(version))), CustomResourceDefinition.class).get(0);
            return c.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        }

        private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

        private JsonNode publishedCrd(String apiVersion) throws IOException {
            return new ObjectMapper(new YAMLFactory()).readTree(resourceBytes(apiVersion));
        }

        private byte[] resourceBytes(String apiVersion) throws IOException {
            try (InputStream in = ClusterManagerCrd.class.getResourceAsStream(ClusterManagerCrd.resource(apiVersion))) {
                assertNotNull(in, "expected " + ClusterManagerCrd.resource(apiVersion) + " in the jar");
                return in.readAllBytes();
            }
        }
    }
}
