package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.ClusterManagerOptions;
import dev.oam.ocm.hub.api.ComponentOptions;
import dev.oam.ocm.hub.api.DeletionPolicy;
import dev.oam.ocm.hub.api.FeatureGate;
import dev.oam.ocm.hub.api.JoinAccess;
import dev.oam.ocm.hub.api.NodePlacement;
import dev.oam.ocm.hub.api.OperatorOptions;
import dev.oam.ocm.hub.api.RegistrationOptions;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.api.clustermanager.ClusterManagerSpec;
import dev.oam.ocm.hub.api.clustermanager.FeatureGatesConfiguration;
import dev.oam.ocm.hub.api.clustermanager.RegistrationConfiguration;
import dev.oam.ocm.hub.api.clustermanager.WorkConfiguration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spec to desired objects, for one OCM release. Pure: no client, no clock, no I/O, so the operator and
 * the render command produce the same manifests and tests can check every field.
 */
public final class HubBundle {
    public static final String OCM_NAMESPACE = "open-cluster-management";
    public static final String HUB_NAMESPACE = "open-cluster-management-hub";
    public static final String OPERATOR_NAME = "cluster-manager";
    public static final String PULL_SECRET = "open-cluster-management-image-pull-credentials";
    public static final String CLUSTERADM_BOOTSTRAP_SA = "agent-registration-bootstrap";
    public static final String VELA_BOOTSTRAP_SA = "cluster-bootstrap";
    static final String OPERATOR_CONTAINER = "registration-operator";
    static final String OPERATOR_APP_LABEL = "cluster-manager";

    private HubBundle() {
    }

    /**
     * @param hubName          the VelaOcmHub's name, recorded in labels
     * @param spec             what the user asked for
     * @param pullSecretConfig the .dockerconfigjson of spec.imagePullSecret (base64, as stored in the source
     *                         Secret), or null when the spec names none
     * @throws InvalidSpecException when the spec cannot be installed; the message says why
     */
    public static Bundle render(String hubName, VelaOcmHubSpec spec, String pullSecretConfig) {
        VelaOcmHubSpec s = spec == null ? new VelaOcmHubSpec() : spec;
        OcmRelease release = ReleaseCatalog.resolve(s.getVersion());
        HubImages images = HubImages.resolve(s, release);
        if (s.getOperator() != null) {
            PodFieldRules.checkPlacement("spec.operator.nodePlacement", s.getOperator().getNodePlacement());
            PodFieldRules.checkResources("spec.operator.resources", s.getOperator().getResources());
        }
        if (s.getClusterManager() != null) {
            PodFieldRules.checkPlacement("spec.clusterManager.nodePlacement", s.getClusterManager().getNodePlacement());
        }
        if (s.getImagePullSecret() != null && pullSecretConfig == null) {
            // A caller's mistake, not the user's: whether the Secret can be used is PullSecretSource's decision.
            throw new IllegalArgumentException("spec.imagePullSecret " + s.getImagePullSecret()
                    + " is set: pass its credentials (PullSecretSource.config)");
        }
        AddonBundle addons = AddonBundle.render(hubName, s, release, pullSecretConfig);
        Map<String, String> labels = BundleLabels.of(hubName, release);

        List<HasMetadata> objects = new ArrayList<>();
        CustomResourceDefinition crd = ClusterManagerCrd.create(release);
        crd.getMetadata().setLabels(labels);
        objects.add(crd);
        objects.add(namespace(labels));
        if (pullSecretConfig != null) {
            objects.add(pullSecret(labels, pullSecretConfig));
        }
        objects.add(serviceAccount(OPERATOR_NAME, labels, true));
        objects.add(clusterRole(OPERATOR_NAME, labels, ClusterManagerRbac.rules()));
        objects.add(binding(OPERATOR_NAME, OPERATOR_NAME, OPERATOR_NAME, labels));
        if (joinAccessEnabled(s.getJoinAccess())) {
            // clusteradm join and vela cluster join -t ocm expect different names for the same grant.
            objects.add(clusterRole("open-cluster-management:bootstrap", labels, ClusterManagerRbac.bootstrapRules()));
            objects.add(serviceAccount(CLUSTERADM_BOOTSTRAP_SA, labels, false));
            objects.add(binding("open-cluster-management:bootstrap:agent-registration",
                    "open-cluster-management:bootstrap", CLUSTERADM_BOOTSTRAP_SA, labels));
            objects.add(clusterRole("system:open-cluster-management:bootstrap", labels,
                    ClusterManagerRbac.bootstrapRules()));
            objects.add(serviceAccount(VELA_BOOTSTRAP_SA, labels, false));
            objects.add(binding("cluster-bootstrap-sa", "system:open-cluster-management:bootstrap",
                    VELA_BOOTSTRAP_SA, labels));
        }
        objects.add(operatorDeployment(s, images, labels));
        objects.add(clusterManager(s.getClusterManager(), images, labels));
        return new Bundle(release, images, objects, addons);
    }

    public static boolean joinAccessEnabled(JoinAccess joinAccess) {
        return joinAccess == null || joinAccess.getEnabled() == null || joinAccess.getEnabled();
    }

    private static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build();
    }

    private static Namespace namespace(Map<String, String> labels) {
        return new NamespaceBuilder().withMetadata(meta(OCM_NAMESPACE, null, labels)).build();
    }

    private static Secret pullSecret(Map<String, String> labels, String dockerConfigJson) {
        return new SecretBuilder().withMetadata(meta(PULL_SECRET, OCM_NAMESPACE, labels))
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", dockerConfigJson)
                .build();
    }

    private static ServiceAccount serviceAccount(String name, Map<String, String> labels, boolean pullsImages) {
        ServiceAccountBuilder sa = new ServiceAccountBuilder().withMetadata(meta(name, OCM_NAMESPACE, labels));
        if (pullsImages) {
            // OCM expects this name and tolerates its absence, so it is referenced whether or not it exists.
            sa.addNewImagePullSecret(PULL_SECRET);
        }
        return sa.build();
    }

    private static ClusterRole clusterRole(String name, Map<String, String> labels, List<PolicyRule> rules) {
        return new ClusterRoleBuilder().withMetadata(meta(name, null, labels)).withRules(rules).build();
    }

    private static ClusterRoleBinding binding(String name, String role, String serviceAccount,
                                              Map<String, String> labels) {
        return new ClusterRoleBindingBuilder().withMetadata(meta(name, null, labels))
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(OCM_NAMESPACE)
                .endSubject()
                .build();
    }

    /**
     * client-go's usual lease timings instead of OCM's 137/107/26 s: a new registration-operator pod (an upgrade, a
     * crash) waits for the old pod's Lease to expire before it works, up to 137 s with OCM's defaults, during which
     * nothing repairs or upgrades the hub. A renewal every 2 s is a small write on the hosting cluster.
     */
    static final List<String> REGISTRATION_OPERATOR_ELECTION = List.of("--leader-election-lease-duration=15s",
            "--leader-election-renew-deadline=10s", "--leader-election-retry-period=2s");

    private static Deployment operatorDeployment(VelaOcmHubSpec spec, HubImages images, Map<String, String> labels) {
        OperatorOptions options = spec.getOperator() == null ? new OperatorOptions() : spec.getOperator();
        NodePlacement placement = options.getNodePlacement() == null ? new NodePlacement() : options.getNodePlacement();
        List<String> args = new ArrayList<>(List.of("/registration-operator", "hub"));
        args.addAll(REGISTRATION_OPERATOR_ELECTION);
        if (spec.getDeletionPolicy() == DeletionPolicy.KeepHubCRDs) {
            // Read at start-up and again when the ClusterManager is deleted, so it must be set all along.
            args.add("--skip-remove-crds");
        }
        ClusterManagerOptions cm = spec.getClusterManager();
        if (cm != null && cm.getHubReplicas() != null) {
            // Without it the operator counts nodes labelled node-role.kubernetes.io/master, a label modern
            // clusters no longer set, and runs every hub component with one replica.
            args.add("--deployment-replicas=" + cm.getHubReplicas());
        }
        ResourceRequirements resources = options.getResources() != null ? options.getResources()
                : new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("2m"))
                .addToRequests("memory", new Quantity("16Mi"))
                .build();
        Map<String, String> podLabels = Map.of("app", OPERATOR_APP_LABEL);
        Map<String, String> deploymentLabels = new LinkedHashMap<>(labels);
        deploymentLabels.put("app", OPERATOR_APP_LABEL);
        return new DeploymentBuilder()
                .withMetadata(meta(OPERATOR_NAME, OCM_NAMESPACE, deploymentLabels))
                .withNewSpec()
                .withReplicas(options.getReplicas() == null ? 1 : options.getReplicas())
                // The selector is immutable and every OCM installer uses app=cluster-manager: keeping it
                // lets this operator adopt a hub installed by clusteradm or Helm without recreating it.
                .withNewSelector().withMatchLabels(podLabels).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withServiceAccountName(OPERATOR_NAME)
                .withNodeSelector(placement.getNodeSelector())
                .withTolerations(placement.getTolerations())
                // Pod Security "restricted" requires a seccomp profile; without one a namespace enforcing it
                // refuses the pod and the hub never starts.
                .withNewSecurityContext().withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withNewAffinity().withNewPodAntiAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(30)
                .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().withMatchLabels(podLabels).endLabelSelector()
                .endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().endAffinity()
                .addNewContainer()
                .withName(OPERATOR_CONTAINER)
                .withImage(images.registrationOperator())
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args)
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("AGENT_IMAGE").withValue(images.registrationOperator()).endEnv()
                .withSecurityContext(HubBundle.restrictedContainer())
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withScheme("HTTPS")
                .withNewPort(8443).endHttpGet().withInitialDelaySeconds(2).withPeriodSeconds(10).endLivenessProbe()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withScheme("HTTPS")
                .withNewPort(8443).endHttpGet().withInitialDelaySeconds(2).endReadinessProbe()
                .withResources(resources)
                .addNewVolumeMount().withName("tmpdir").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tmpdir").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** What Pod Security "restricted" asks of a container, and a read-only root filesystem (/tmp is an emptyDir). */
    static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    private static ClusterManager clusterManager(ClusterManagerOptions options, HubImages images,
                                                 Map<String, String> labels) {
        ClusterManagerOptions o = options == null ? new ClusterManagerOptions() : options;
        ClusterManagerSpec spec = new ClusterManagerSpec();
        spec.setRegistrationImagePullSpec(images.registration());
        spec.setWorkImagePullSpec(images.work());
        spec.setPlacementImagePullSpec(images.placement());
        spec.setAddOnManagerImagePullSpec(images.addOnManager());
        spec.setDeployOption(new ClusterManagerSpec.DeployOption("Default"));
        spec.setNodePlacement(o.getNodePlacement());

        RegistrationOptions registration = o.getRegistration() == null ? new RegistrationOptions() : o.getRegistration();
        RegistrationConfiguration registrationConfig = new RegistrationConfiguration();
        List<FeatureGate> registrationGates = gates("registration", registration);
        // OCM's own chart enables DefaultClusterSet; keep that unless the user says otherwise.
        registrationConfig.setFeatureGates(registrationGates != null ? registrationGates
                : List.of(new FeatureGate("DefaultClusterSet", FeatureGate.Mode.Enable)));
        registrationConfig.setAutoApproveUsers(registration.getAutoApproveUsers());
        spec.setRegistrationConfiguration(registrationConfig);

        WorkConfiguration work = new WorkConfiguration();
        work.setFeatureGates(gates("work", o.getWork()));
        work.setWorkDriver("kube");
        spec.setWorkConfiguration(work);
        spec.setPlacementConfiguration(gatesOnly(gates("placement", o.getPlacement())));
        spec.setAddOnManagerConfiguration(gatesOnly(gates("addOnManager", o.getAddOnManager())));
        if (o.getResourceRequirement() != null) {
            spec.setResourceRequirement(new ClusterManagerSpec.ResourceRequirement(o.getResourceRequirement().name()));
        }

        ClusterManager cm = new ClusterManager();
        cm.setMetadata(meta(ClusterManager.NAME, null, labels));
        cm.setSpec(spec);
        return cm;
    }

    /** Feature gates with the mode defaulted; a feature named twice is refused (OCM would pick one silently). */
    private static List<FeatureGate> gates(String component, ComponentOptions options) {
        if (options == null || options.getFeatureGates() == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        List<FeatureGate> result = new ArrayList<>();
        for (FeatureGate gate : options.getFeatureGates()) {
            if (gate == null || gate.getFeature() == null || gate.getFeature().isBlank()) {
                throw new InvalidSpecException("clusterManager." + component + ".featureGates has a gate without a feature name");
            }
            if (!seen.add(gate.getFeature())) {
                throw new InvalidSpecException("clusterManager." + component + ".featureGates names "
                        + InvalidSpecException.shown(gate.getFeature()) + " more than once");
            }
            result.add(new FeatureGate(gate.getFeature(),
                    gate.getMode() == null ? FeatureGate.Mode.Enable : gate.getMode()));
        }
        return result;
    }

    private static FeatureGatesConfiguration gatesOnly(List<FeatureGate> gates) {
        if (gates == null) {
            return null;
        }
        FeatureGatesConfiguration config = new FeatureGatesConfiguration();
        config.setFeatureGates(gates);
        return config;
    }
}
