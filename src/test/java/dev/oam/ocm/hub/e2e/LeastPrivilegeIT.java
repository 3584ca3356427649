package dev.oam.ocm.hub.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oam.ocm.hub.bundle.Addon;
import dev.oam.ocm.hub.bundle.AddonBundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.ReleaseCatalog;
import dev.oam.ocm.hub.e2e.harness.CommandResult;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.testing.Kustomize;
import dev.oam.ocm.hub.testing.RbacGrants;
import dev.oam.ocm.hub.testing.RbacGrants.Grant;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Least privilege, as the API server sees it. deploy/base is applied with kubectl, so the operator runs as its own
 * pods, admitted under the namespace's Pod Security {@code restricted} label; README's table of what the operator
 * can do is what {@code kubectl auth can-i --list} answers for its ServiceAccount; and after a hub's whole life (a
 * pull secret copied and rotated, drift repaired, join access and the pull secret turned off, the hub deleted) the
 * API server's audit log shows every grant of deploy/base used, except those README says are kept and why, and no
 * Secret read but the pull secret's. Audit logs of other scenarios of the same run (target/e2e) count as well.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeastPrivilegeIT extends E2eSupport {
    private static final String NS = OperatorUnderTest.NAMESPACE;
    private static final String SERVICE_ACCOUNT = "system:serviceaccount:" + NS + ":" + OperatorUnderTest.SERVICE_ACCOUNT;
    /** A ServiceAccount nothing is bound to: what every authenticated client may do anyway. */
    private static final String NOBODY = "system:serviceaccount:kube-public:default";
    private static final String PULL_SECRET = "registry-credentials";
    private static final String README_KEPT = "Grants the audit log never shows, and why they are kept:";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(Path.of("target/e2e", "least-privilege").toAbsolutePath());
        admin = cluster.adminClient();
        kubectl = new Kubectl(cluster.adminKubeconfig(), cluster.logDir());
    }

    @Test
    @Order(1)
    void operatorPodsAreAdmittedUnderPodSecurityRestricted() {
        kubectl.run("apply", "-k", "deploy/base").orThrow();
        assertEquals("restricted", admin.namespaces().withName(NS).get().getMetadata().getLabels()
                .get("pod-security.kubernetes.io/enforce"));
        kubectl.run("-n", NS, "rollout", "status", "deployment/vela-ocm-hub-operator", "--timeout=180s").orThrow();
        List<Pod> pods = admin.pods().inNamespace(NS).withLabel("app", "vela-ocm-hub-operator").list().getItems();
        assertEquals(2, pods.size(), "both replicas were admitted: " + pods);

        // The label is enforced, not decorative: a pod without the restricted settings is refused here.
        CommandResult refused = kubectl.run("-n", NS, "run", "psa-probe", "--image=busybox:1.36", "--restart=Never",
                "--dry-run=server");
        assertFalse(refused.succeeded(), "a pod without securityContext must be refused in " + NS);
        assertTrue(refused.stderr().contains("violates PodSecurity \"restricted:latest\""), refused.stderr());
    }

    @Test
    @Order(2)
    void readmeTableIsWhatKubectlAuthCanIListAnswers() throws IOException {
        Set<Grant> cluster = RbacGrants.minus(canI("kube-public", SERVICE_ACCOUNT, RbacGrants.CLUSTER),
                canI("kube-public", NOBODY, RbacGrants.CLUSTER));
        Set<Grant> answered = RbacGrants.sorted(cluster);
        for (String namespace : List.of("default", NS, HubBundle.OCM_NAMESPACE)) {
            Set<Grant> here = RbacGrants.minus(canI(namespace, SERVICE_ACCOUNT, namespace), canI(namespace, NOBODY, namespace));
            here.removeIf(g -> cluster.contains(new Grant(RbacGrants.CLUSTER, g.resource(), g.name(), g.verb())));
            answered.addAll(here);
        }
        Set<Grant> readme = RbacGrants.fromReadme(Files.readString(Path.of("README.md")));
        assertEquals(RbacGrants.describe(readme), RbacGrants.describe(answered),
                "README's table must be what kubectl auth can-i --list answers; it answers:\n" + RbacGrants.table(answered));
    }

    @Test
    @Order(3)
    void aHubLivesAndIsRemovedUnderTheOperatorPods() {
        kubectl.run("-n", NS, "create", "secret", "docker-registry", PULL_SECRET, "--docker-server=mirror.example.com",
                "--docker-username=x", "--docker-password=y").orThrow();
        kubectl.run("-n", NS, "create", "secret", "generic", "not-for-the-operator", "--from-literal=token=z").orThrow();
        String joinable = "imagePullSecret: " + PULL_SECRET + "\njoinAccess:\n  hubApiServer: " + cluster.apiServerUrl();
        applyHub(hubYaml("hub", NEWEST_REAL, joinable)).orThrow();
        awaitReady("hub");

        // Rotated credentials reach the copy.
        String rotated = kubectl.run("-n", NS, "create", "secret", "docker-registry", PULL_SECRET,
                "--docker-server=mirror.example.com", "--docker-username=x", "--docker-password=rotated",
                "--dry-run=client", "-o", "yaml").orThrow().stdout();
        kubectl.runWithStdin(rotated, "apply", "-f", "-").orThrow();
        String source = admin.secrets().inNamespace(NS).withName(PULL_SECRET).get().getData().get(".dockerconfigjson");
        await("the rotated credentials in the copy", Duration.ofSeconds(60), () -> {
            Secret copy = admin.secrets().inNamespace(HubBundle.OCM_NAMESPACE).withName(HubBundle.PULL_SECRET).get();
            return copy != null && source.equals(copy.getData().get(".dockerconfigjson"));
        });

        // Drift repaired.
        Deployment operatorDeployment = admin.apps().deployments().inNamespace(HubBundle.OCM_NAMESPACE)
                .withName(HubBundle.OPERATOR_NAME).get();
        admin.resource(operatorDeployment).delete();
        await("the registration-operator Deployment recreated", Duration.ofSeconds(60), () -> {
            Deployment d = admin.apps().deployments().inNamespace(HubBundle.OCM_NAMESPACE).withName(HubBundle.OPERATOR_NAME).get();
            return d != null && !d.getMetadata().getUid().equals(operatorDeployment.getMetadata().getUid());
        });
        awaitReady("hub");

        // Features turned off remove what they created.
        applyHub(hubYaml("hub", NEWEST_REAL, "joinAccess:\n  enabled: false")).orThrow();
        await("join access and the pull secret copy pruned", Duration.ofSeconds(60), () ->
                admin.serviceAccounts().inNamespace(HubBundle.OCM_NAMESPACE).withName(HubBundle.CLUSTERADM_BOOTSTRAP_SA).get() == null
                        && admin.secrets().inNamespace(HubBundle.OCM_NAMESPACE).withName(HubBundle.PULL_SECRET).get() == null);
        awaitReady("hub");

        kubectl.run("delete", "ocmhub", "hub", "--timeout=180s").orThrow();
        await("the hub's namespaces to be gone", Duration.ofSeconds(120),
                () -> admin.namespaces().withName(HubBundle.OCM_NAMESPACE).get() == null
                        && admin.namespaces().withName(HubBundle.HUB_NAMESPACE).get() == null);
    }

    @Test
    @Order(4)
    void auditLogShowsEveryGrantUsedAndNoSecretReadButThePullSecret() throws IOException {
        List<Path> logs = auditLogs();
        List<JsonNode> requests = new ArrayList<>();
        for (Path log : logs) {
            requests.addAll(operatorRequests(log));
        }
        assertTrue(requests.size() > 100, "expected the operator's requests in " + logs + ", found " + requests.size());

        List<String> otherSecretReads = requests.stream().filter(LeastPrivilegeIT::readsASecretOtherThanThePullSecret)
                .map(r -> r.path("verb").asText() + " " + r.path("requestURI").asText()).distinct().toList();
        assertEquals(List.of(), otherSecretReads, "the operator reads no Secret but the pull secret (its source, by"
                + " name or by the registry-credentials type in its own namespace, and its copies)");

        Set<Grant> granted = RbacGrants.fromRoles(Kustomize.objects("deploy/base"), NS, OperatorUnderTest.SERVICE_ACCOUNT);
        Set<Grant> used = new LinkedHashSet<>();
        for (JsonNode request : requests) {
            narrowestGrant(granted, request).ifPresent(used::add);
        }
        Set<Grant> unused = RbacGrants.minus(granted, used);
        String readme = Files.readString(Path.of("README.md"));
        unused.removeIf(g -> keptInReadme(readme, g));
        // An applied ClusterManagementAddOn marks a run with the addons on (a hub without them only reads, by name).
        boolean addonsRan = requests.stream().anyMatch(r -> "patch".equals(r.path("verb").asText())
                && "clustermanagementaddons".equals(r.path("objectRef").path("resource").asText()));
        if (!addonsRan) {
            // The grants named after spec.addons' objects are used only by a run with the addon scenarios
            // (-Pe2e,addons,kubevela); without them they are checked by name, as README says, not by use.
            Set<String> addonObjects = addonObjectNames();
            unused.removeIf(g -> addonObjects.contains(g.name()));
        }
        assertEquals("", unused.isEmpty() ? "" : RbacGrants.describe(unused),
                "grants of deploy/base the operator never used in " + logs.size() + " audit log(s) and README ("
                        + README_KEPT + ") does not explain");
    }

    private static Set<Grant> canI(String namespace, String user, String where) {
        String out = kubectl.run("auth", "can-i", "--list", "-n", namespace, "--as=" + user).orThrow().stdout();
        return RbacGrants.fromCanIList(out, where);
    }

    /** This scenario's audit log and those other scenarios of the run left under target/e2e. */
    private static List<Path> auditLogs() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("target/e2e"))) {
            return files.filter(p -> p.getFileName().toString().equals("audit.log")).sorted().toList();
        }
    }

    private static List<JsonNode> operatorRequests(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.map(LeastPrivilegeIT::parse).filter(e -> e != null
                    && "ResponseComplete".equals(e.path("stage").asText())
                    && SERVICE_ACCOUNT.equals(e.path("user").path("username").asText())
                    && e.path("objectRef").has("resource")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null; // a line still being written
        }
    }

    private static final Pattern NAME_SELECTOR = Pattern.compile("fieldSelector=metadata\\.name(%3D|=)([^&]+)");
    private static final Pattern TYPE_SELECTOR = Pattern.compile("fieldSelector=type(%3D|=)kubernetes\\.io(%2F|/)dockerconfigjson");

    private static boolean readsASecretOtherThanThePullSecret(JsonNode request) {
        JsonNode ref = request.path("objectRef");
        if (!"secrets".equals(ref.path("resource").asText()) || !Set.of("get", "list", "watch").contains(request.path("verb").asText())) {
            return false;
        }
        String namespace = ref.path("namespace").asText();
        String name = requestName(request);
        if (namespace.equals(HubBundle.OCM_NAMESPACE) || namespace.equals(AddonBundle.NAMESPACE)) {
            // Its copies: for the registration-operator, and for the addons' managers (read back when they go).
            return !HubBundle.PULL_SECRET.equals(name);
        }
        if (namespace.equals(NS)) {
            // The source: by name, or the informer of registry credentials (type kubernetes.io/dockerconfigjson).
            return !(PULL_SECRET.equals(name) || name.isEmpty()
                    && TYPE_SELECTOR.matcher(request.path("requestURI").asText()).find());
        }
        return true;
    }

    /** The object's name: from the path, or from a metadata.name field selector (as RBAC reads it). */
    private static String requestName(JsonNode request) {
        String name = request.path("objectRef").path("name").asText();
        if (!name.isEmpty()) {
            return name;
        }
        Matcher m = NAME_SELECTOR.matcher(request.path("requestURI").asText());
        return m.find() ? m.group(2) : "";
    }

    /** The grant RBAC would most plausibly have used: one naming the object before one for any name, a namespace's first. */
    private static Optional<Grant> narrowestGrant(Set<Grant> granted, JsonNode request) {
        JsonNode ref = request.path("objectRef");
        String group = ref.path("apiGroup").asText();
        String resource = RbacGrants.qualified(ref.path("resource").asText()
                + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : ""), group);
        String namespace = ref.path("namespace").asText();
        String name = requestName(request);
        String verb = request.path("verb").asText();
        return granted.stream()
                .filter(g -> g.verb().equals(verb) && g.resource().equals(resource)
                        && (g.where().equals(RbacGrants.CLUSTER) || g.where().equals(namespace))
                        && (g.name().equals(RbacGrants.ANY) || g.name().equals(name)))
                .min(Comparator.comparing((Grant g) -> g.name().equals(RbacGrants.ANY))
                        .thenComparing(g -> g.where().equals(RbacGrants.CLUSTER)));
    }

    /**
     * README lists kept grants as bullets under {@link #README_KEPT}: "- `verb`, ... on `resource`, ...: why", a bullet
     * continued on indented lines.
     */
    /** Every object spec.addons can make, by name: each addon's and what they share. */
    private static Set<String> addonObjectNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Addon addon : Addon.values()) {
            AddonBundle.identities("hub", ReleaseCatalog.newest(), addon).forEach(o -> names.add(o.getMetadata().getName()));
        }
        AddonBundle.sharedIdentities("hub", ReleaseCatalog.newest()).forEach(o -> names.add(o.getMetadata().getName()));
        return names;
    }

    private static boolean keptInReadme(String readme, Grant grant) {
        int start = readme.indexOf(README_KEPT);
        if (start < 0) {
            return false;
        }
        List<String> bullets = new ArrayList<>();
        for (String line : readme.substring(start).lines().skip(1).takeWhile(l -> l.startsWith("- ") || l.startsWith("  ")).toList()) {
            if (line.startsWith("- ")) {
                bullets.add(line);
            } else {
                bullets.set(bullets.size() - 1, bullets.get(bullets.size() - 1) + " " + line.trim());
            }
        }
        return bullets.stream().map(b -> b.substring(0, b.contains(": ") ? b.indexOf(": ") : b.length()))
                .anyMatch(head -> head.contains("`" + grant.verb() + "`") && head.contains("`" + grant.resource() + "`"));
    }
}
