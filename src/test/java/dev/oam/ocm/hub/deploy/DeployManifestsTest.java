package dev.oam.ocm.hub.deploy;

import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.addon.AddonResource;
import dev.oam.ocm.hub.bundle.Addon;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.ReleaseCatalog;
import dev.oam.ocm.hub.testing.AddonSpecs;
import dev.oam.ocm.hub.testing.Kustomize;
import dev.oam.ocm.hub.testing.PodSecurityRestricted;
import dev.oam.ocm.hub.testing.RbacGrants;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/: the kustomize base renders, the KubeVela addon ships exactly that rendering, and the operator's
 * ClusterRole allows every write the bundle needs and nothing it does not.
 */
class DeployManifestsTest {
    private static final Path ADDON_RESOURCES = Path.of("deploy/addon/vela-ocm-hub/resources");
    private static final String REGENERATE = "rm deploy/addon/vela-ocm-hub/resources/*.yaml && kubectl kustomize"
            + " deploy/base | awk '/^---$/{n++; next} {print > sprintf(\"deploy/addon/vela-ocm-hub/resources/%02d.yaml\", n)}'";
    private static List<HasMetadata> base;

    @BeforeAll
    static void renderBase() throws Exception {
        base = Kustomize.objects("deploy/base");
    }

    /**
     * KubeVela renders one object from each file of an addon's resources/ (a second YAML document in a file is
     * silently dropped), so the base is split into one file per object, in the base's order.
     */
    @Test
    void addonShipsExactlyTheKustomizeBaseOneObjectPerFile() throws IOException {
        List<HasMetadata> addon = new ArrayList<>();
        try (Stream<Path> files = Files.list(ADDON_RESOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<HasMetadata> objects = Kustomize.parse(Files.readString(file));
                assertEquals(1, objects.size(), file + " must hold exactly one object: KubeVela reads only the first");
                addon.addAll(objects);
            }
        }
        assertEquals(Serialization.asYaml(base), Serialization.asYaml(addon), ADDON_RESOURCES + " is stale: regenerate it"
                + " with " + REGENERATE);
    }

    @Test
    void baseHoldsTheCrdAndTheOperator() {
        List<String> kinds = base.stream().map(HasMetadata::getKind).toList();
        for (String kind : List.of("CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "NetworkPolicy")) {
            assertTrue(kinds.contains(kind), "expected a " + kind + " in the base, got " + kinds);
        }
    }

    @Test
    void operatorDeploymentIsReadyForProduction() {
        Deployment d = only(Deployment.class);
        assertEquals(2, d.getSpec().getReplicas(), "two replicas with leader election");
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("LEADER_ELECTION") && e.getValue().equals("true")));
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("POD_NAMESPACE")));
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root filesystem");
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), "a writable /tmp");
        assertTrue(c.getResources().getRequests().containsKey("memory") && c.getResources().getLimits().containsKey("memory"));
        assertTrue(c.getImage().matches(".+:v[0-9.]+"), "a pinned operator image, got " + c.getImage());
    }

    @Test
    void operatorPodPassesPodSecurityRestricted() {
        Deployment d = only(Deployment.class);
        assertEquals(List.of(), PodSecurityRestricted.violations(d.getSpec().getTemplate().getSpec()),
                "expected the operator's own pod to be admitted by Pod Security restricted");
    }

    @Test
    void operatorNamespaceEnforcesPodSecurityRestricted() {
        Namespace ns = only(Namespace.class);
        Deployment d = only(Deployment.class);
        assertEquals(ns.getMetadata().getName(), d.getMetadata().getNamespace());
        assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                "the operator's namespace enforces Pod Security restricted: " + ns.getMetadata().getLabels());
        assertTrue(ns.getMetadata().getLabels().keySet().stream()
                        .noneMatch(k -> k.equals("pod-security.kubernetes.io/enforce-version")),
                "enforce the current standard, not a pinned older one");
    }

    @Test
    void networkPolicyAdmitsOnlyTheProbePortAndReachesOnlyDnsAndTheApiServer() {
        NetworkPolicy policy = only(NetworkPolicy.class);
        Deployment d = only(Deployment.class);
        assertEquals(d.getMetadata().getNamespace(), policy.getMetadata().getNamespace());
        assertEquals(d.getSpec().getTemplate().getMetadata().getLabels(), policy.getSpec().getPodSelector().getMatchLabels(),
                "the policy selects the operator's pods");
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes(), "both directions are restricted");

        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        int probePort = c.getPorts().stream().filter(p -> p.getName().equals(c.getReadinessProbe().getHttpGet().getPort()
                .getStrVal())).findFirst().orElseThrow().getContainerPort();
        List<String> ingressPorts = policy.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream())
                .map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
        assertEquals(List.of("TCP/" + probePort), ingressPorts, "ingress only to the probe and metrics port");
        assertTrue(policy.getSpec().getIngress().stream().allMatch(r -> r.getPorts() != null && !r.getPorts().isEmpty()),
                "no ingress rule without a port");

        List<String> egressPorts = new ArrayList<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            assertTrue(rule.getPorts() != null && !rule.getPorts().isEmpty(), "every egress rule names its ports: " + rule);
            rule.getPorts().forEach(p -> egressPorts.add(p.getProtocol() + "/" + p.getPort().getIntVal()));
            if (rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 53)) {
                assertTrue(rule.getTo().stream().allMatch(peer -> peer.getNamespaceSelector() != null && "kube-system".equals(
                                peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                        "DNS only in kube-system: " + rule);
            }
        }
        assertEquals(List.of("UDP/53", "TCP/53", "TCP/443", "TCP/6443"), egressPorts,
                "egress only to DNS and the API server (its Service port and its usual endpoint port)");
    }

    @Test
    void readmeTableSaysExactlyWhatTheServiceAccountMayDo() throws IOException {
        Set<RbacGrants.Grant> granted = RbacGrants.fromRoles(base, "vela-ocm-hub-system", "vela-ocm-hub-operator");
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(RbacGrants.table(granted)), "README's table \"What the operator can do in your"
                + " cluster\" must be, exactly (the e2e LeastPrivilegeIT checks it against kubectl auth can-i --list):\n"
                + RbacGrants.table(granted));
        assertEquals(granted, RbacGrants.fromReadme(readme));
    }

    @Test
    void clusterRoleAllowsEveryWriteOfTheBundleByName() {
        ClusterRole role = only(ClusterRole.class);
        for (HasMetadata object : everythingRendered()) {
            for (String verb : List.of("create", "patch", "delete")) {
                assertTrue(allows(role, object, verb), "the operator's ClusterRole must allow " + verb + " on "
                        + object.getKind() + " " + object.getMetadata().getName());
            }
        }
    }

    @Test
    void clusterRoleAllowsEveryReadOfTheOperator() {
        ClusterRole role = only(ClusterRole.class);
        for (HasMetadata object : everythingRendered()) {
            assertTrue(allows(role, object, "get"), "the operator reads " + object.getKind() + " "
                    + object.getMetadata().getName() + " by name");
            if (object instanceof Secret) {
                continue; // read by name only, never listed
            }
            if (!informed(object)) {
                continue; // read with a GET by name: an addon's namespaced objects and OCM's custom resources
            }
            // Informers list and watch by label; the Deployment's selects metadata.name, which resourceNames admit.
            boolean byName = object instanceof Deployment;
            for (String verb : List.of("list", "watch")) {
                assertTrue(byName ? allows(role, object, verb) : allowsWithoutName(role, object, verb),
                        "the operator's informer must be allowed to " + verb + " " + object.getKind());
            }
        }
    }

    @Test
    void readsOnlyTheDeploymentsItRenders() {
        List<String> rendered = everythingRendered().stream().filter(Deployment.class::isInstance)
                .map(d -> d.getMetadata().getName()).distinct().sorted().toList();
        for (PolicyRule rule : only(ClusterRole.class).getRules()) {
            if (rule.getResources().contains("deployments")) {
                assertEquals(rendered, rule.getResourceNames().stream().sorted().toList(), "Deployments hold other"
                        + " workloads' configuration: only the registration-operator and the addon managers may be read, " + rule);
            }
        }
    }

    @Test
    void countsAndRemovesOnlyTheAddonsItInstalls() {
        ClusterRole role = only(ClusterRole.class);
        for (Addon addon : Addon.values()) {
            assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("managedclusteraddons")
                    && r.getVerbs().contains("delete") && r.getResourceNames().contains(addon.addonName())),
                    "the operator removes the leftover ManagedClusterAddOns of " + addon.addonName() + " on disable");
        }
        assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("managedclusteraddons")
                && r.getVerbs().containsAll(List.of("list", "watch"))
                && (r.getResourceNames() == null || r.getResourceNames().isEmpty())), "ManagedClusterAddOns are watched");
        assertTrue(role.getRules().stream().anyMatch(r -> r.getResources().contains("managedclustersets/bind")
                && r.getVerbs().equals(List.of("create")) && r.getResourceNames().equals(List.of("global"))),
                "OCM admits a ManagedClusterSetBinding only from who may bind the set");
    }

    @Test
    void writesEventsOnlyInDefault() {
        assertTrue(only(ClusterRole.class).getRules().stream().noneMatch(r -> r.getResources().contains("events")),
                "the ClusterRole must not let the operator write events in every namespace");
        // A VelaOcmHub is cluster-scoped: the operator's EventRecorder writes its events to "default".
        Role events = base.stream().filter(Role.class::isInstance).map(Role.class::cast)
                .filter(r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("events")))
                .findFirst().orElseThrow(() -> new AssertionError("expected a Role allowing events"));
        assertEquals("default", events.getMetadata().getNamespace());
        assertTrue(events.getRules().stream().anyMatch(r -> r.getVerbs().equals(List.of("create"))),
                "EventRecorder creates every event under a new name and patches none");
        assertTrue(base.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .anyMatch(b -> "default".equals(b.getMetadata().getNamespace())
                        && b.getRoleRef().getName().equals(events.getMetadata().getName())
                        && b.getSubjects().stream().anyMatch(sub -> sub.getName().equals("vela-ocm-hub-operator")
                        && "vela-ocm-hub-system".equals(sub.getNamespace()))),
                "expected the events Role bound to the operator's ServiceAccount in default");
    }

    @Test
    void clusterRoleDoesNotGrantBroadWrites() {
        ClusterRole role = only(ClusterRole.class);
        for (PolicyRule rule : role.getRules()) {
            assertFalse(rule.getVerbs().contains("*") || rule.getResources().contains("*") || rule.getApiGroups().contains("*"),
                    "no wildcards: " + rule);
            boolean writes = rule.getVerbs().stream().anyMatch(v -> List.of("create", "patch", "update", "delete").contains(v));
            boolean ownApi = rule.getApiGroups().contains("ocm.oam.dev") || rule.getApiGroups().contains("operator.open-cluster-management.io")
                    || rule.getResources().contains("events");
            if (writes && !ownApi) {
                assertFalse(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(),
                        "writes outside our own API must be limited by name: " + rule);
            }
            // A list or watch limited by resourceNames is admitted only with a metadata.name field selector:
            // it reads that one Secret, never OCM's signing keys.
            boolean listsSecrets = rule.getResources().contains("secrets")
                    && (rule.getVerbs().contains("list") || rule.getVerbs().contains("watch"));
            assertFalse(listsSecrets && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()),
                    "listing secrets cluster-wide would expose OCM's signing keys: " + rule);
        }
    }

    /** Every object any release renders with every feature on, every addon included. */
    private static List<HasMetadata> everythingRendered() {
        List<HasMetadata> all = new ArrayList<>();
        for (String version : ReleaseCatalog.versions()) {
            VelaOcmHubSpec everything = AddonSpecs.withAddons(true, true, true);
            everything.setVersion(version);
            everything.setImagePullSecret("credentials");
            Bundle bundle = HubBundle.render("hub", everything, "e30=");
            all.addAll(bundle.objects());
            all.addAll(bundle.addons().objects());
        }
        return all;
    }

    /** Kinds the operator watches (by label, or by name for the one Deployment) where it renders them. */
    private static boolean informed(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return !(object instanceof AddonResource) && (namespace == null || namespace.equals(HubBundle.OCM_NAMESPACE));
    }

    /** A rule for the group, resource and verb that is not limited to names (a list or watch by label). */
    private static boolean allowsWithoutName(ClusterRole role, HasMetadata object, String verb) {
        return role.getRules().stream().anyMatch(r -> matches(r, object, verb)
                && (r.getResourceNames() == null || r.getResourceNames().isEmpty()));
    }

    private static boolean matches(PolicyRule r, HasMetadata object, String verb) {
        String group = object.getApiVersion().contains("/") ? object.getApiVersion().substring(0, object.getApiVersion().indexOf('/')) : "";
        return r.getApiGroups().contains(group) && r.getResources().contains(HasMetadata.getPlural(object.getClass()))
                && r.getVerbs().contains(verb);
    }

    /** RBAC's own matching: group, resource, verb, and the name when the rule lists names. */
    private static boolean allows(ClusterRole role, HasMetadata object, String verb) {
        return role.getRules().stream().anyMatch(r -> matches(r, object, verb)
                && (r.getResourceNames() == null || r.getResourceNames().isEmpty()
                || r.getResourceNames().contains(object.getMetadata().getName())));
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        return base.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
