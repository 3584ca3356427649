package dev.oam.ocm.hub.deploy;

import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.testing.PodSecurityRestricted;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/: the kustomize base renders, the KubeVela addon ships exactly that rendering, and the operator's
 * ClusterRole allows every write the bundle needs and nothing it does not.
 */
class DeployManifestsTest {
    private static List<HasMetadata> base;

    @BeforeAll
    static void renderBase() throws Exception {
        base = parse(kustomize("deploy/base"));
    }

    @Test
    void addonShipsExactlyTheKustomizeBase() throws IOException {
        String addon = Files.readString(Path.of("deploy/addon/vela-ocm-hub/resources/operator.yaml"));
        assertEquals(Serialization.asYaml(base), Serialization.asYaml(parse(addon)),
                "deploy/addon/vela-ocm-hub/resources/operator.yaml is stale: regenerate it with"
                        + " kubectl kustomize deploy/base > deploy/addon/vela-ocm-hub/resources/operator.yaml");
    }

    @Test
    void baseHoldsTheCrdAndTheOperator() {
        List<String> kinds = base.stream().map(HasMetadata::getKind).toList();
        for (String kind : List.of("CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Deployment")) {
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
    void clusterRoleAllowsEveryWriteOfTheBundleByName() {
        ClusterRole role = only(ClusterRole.class);
        VelaOcmHubSpec everything = new VelaOcmHubSpec();
        everything.setImagePullSecret("credentials");
        for (HasMetadata object : HubBundle.render("hub", everything, "e30=").objects()) {
            for (String verb : List.of("create", "patch", "delete")) {
                assertTrue(allows(role, object, verb), "the operator's ClusterRole must allow " + verb + " on "
                        + object.getKind() + " " + object.getMetadata().getName());
            }
        }
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
            assertFalse(rule.getResources().contains("secrets") && (rule.getVerbs().contains("list") || rule.getVerbs().contains("watch")),
                    "listing secrets would expose OCM's signing keys: " + rule);
        }
    }

    /** RBAC's own matching: group, resource, verb, and the name when the rule lists names. */
    private static boolean allows(ClusterRole role, HasMetadata object, String verb) {
        String group = object.getApiVersion().contains("/") ? object.getApiVersion().substring(0, object.getApiVersion().indexOf('/')) : "";
        String resource = HasMetadata.getPlural(object.getClass());
        return role.getRules().stream().anyMatch(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource)
                && r.getVerbs().contains(verb)
                && (r.getResourceNames() == null || r.getResourceNames().isEmpty()
                || r.getResourceNames().contains(object.getMetadata().getName())));
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        return base.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    static String kustomize(String dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "kubectl kustomize " + dir + " failed: " + out);
        return out;
    }

    static List<HasMetadata> parse(String multiDocument) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : multiDocument.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                objects.add(Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
            }
        }
        return objects;
    }
}
