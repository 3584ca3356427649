package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The render command: manifests in apply order on success, one line and a non-zero exit on bad input. */
class RenderCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void rendersTheExampleInApplyOrder() {
        int code = render("-f", "deploy/examples/velaocmhub.yaml");
        assertEquals(0, code, err.toString());
        List<String> kinds = documents().stream().map(HasMetadata::getKind).toList();
        assertEquals("CustomResourceDefinition", kinds.get(0));
        assertEquals("ClusterManager", kinds.get(kinds.size() - 1));
        assertTrue(kinds.indexOf("Deployment") > kinds.indexOf("ClusterRoleBinding"), kinds.toString());
        assertTrue(out.toString().contains("quay.io/open-cluster-management/registration-operator:v1.3.1"));
    }

    @Test
    void rendersTheAddonsAfterTheHubFromTheMirror(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{}}");
        assertEquals(0, render("-f", "deploy/examples/velaocmhub-full.yaml", "--docker-config", config.toString()),
                err.toString());
        List<String> described = documents().stream().map(Bundle::describe).toList();
        int clusterManager = described.indexOf("ClusterManager cluster-manager");
        assertEquals("Namespace open-cluster-management-addon", described.get(clusterManager + 1), described.toString());
        assertEquals("ClusterManagementAddOn cluster-gateway", described.get(described.size() - 1));
        assertTrue(described.indexOf("ClusterManagementAddOn managed-serviceaccount")
                < described.indexOf("CustomResourceDefinition clustergatewayconfigurations.proxy.open-cluster-management.io"),
                "cluster-gateway after the addons it needs: " + described);
        assertFalse(described.contains("Placement open-cluster-management-addon/cluster-proxy"),
                "cluster-proxy names its own Placement");
        for (String image : List.of("registry.example.com/ocm/managed-serviceaccount:v0.10.0",
                "registry.example.com/ocm/cluster-proxy:v0.10.0", "registry.example.com/ocm/cluster-gateway-addon-manager:v1.9.0",
                "registry.example.com/ocm/cluster-gateway:v1.9.0")) {
            assertTrue(out.toString().contains(image), "expected " + image);
        }
    }

    @Test
    void writesPlainScalarsAndBlockStyleLikeKubectl(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{}}");
        assertEquals(0, render("-f", "deploy/examples/velaocmhub-full.yaml", "--docker-config", config.toString()),
                err.toString());
        String yaml = out.toString();
        assertTrue(yaml.contains("\nkind: ClusterManager\n") && yaml.contains("\n  name: cluster-manager\n"),
                "expected plain scalars, got:\n" + head(yaml));
        assertFalse(yaml.contains(": \"ClusterManager\"") || yaml.contains("name: \"cluster-manager\""),
                "strings that need no quotes are not quoted:\n" + head(yaml));
        assertFalse(yaml.startsWith("---"), "--- only between documents");
        assertTrue(yaml.lines().noneMatch(l -> l.matches("\\s*[-\\w./]+: \\{.+\\}")),
                "block style: no flow mappings besides the empty {}");
        List<String> needlesslyQuoted = yaml.lines().filter(l -> l.matches(".*: \"[A-Za-z][-A-Za-z0-9._/:]*\""))
                .filter(l -> !l.matches(".*: \"(true|false|null|yes|no|on|off|y|n)\"")).toList();
        assertTrue(needlesslyQuoted.isEmpty(), "words YAML reads as strings need no quotes: " + needlesslyQuoted);
    }

    @Test
    void parsingTheOutputGivesBackTheRenderedObjects(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"registry.example.com\":{\"auth\":\"eDp5\"}}}");
        String[] args = {"-f", "deploy/examples/velaocmhub-full.yaml", "--docker-config", config.toString()};
        assertEquals(0, render(args), err.toString());
        VelaOcmHub hub = RenderCommand.parse(Files.readString(Path.of("deploy/examples/velaocmhub-full.yaml")));
        Bundle bundle = HubBundle.render(hub.getMetadata().getName(), hub.getSpec(),
                Base64.getEncoder().encodeToString(Files.readAllBytes(config)));
        List<HasMetadata> expected = new ArrayList<>(bundle.objects());
        expected.addAll(bundle.addons().objects());
        List<HasMetadata> parsed = documents();
        assertEquals(expected.size(), parsed.size(), "one document per object");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Serialization.jsonMapper().valueToTree(expected.get(i)),
                    Serialization.jsonMapper().valueToTree(parsed.get(i)),
                    "document " + i + " (" + expected.get(i).getKind() + ") parses to the object that was rendered");
        }
    }

    @Test
    void rendersTheFullExampleWithADockerConfig(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{}}");
        assertEquals(0, render("-f", "deploy/examples/velaocmhub-full.yaml", "--docker-config", config.toString()), err.toString());
        assertTrue(documents().stream().anyMatch(o -> o.getKind().equals("Secret")));
        assertTrue(out.toString().contains("registry.example.com/ocm/registration:v1.3.1"));
    }

    @Test
    void refusesAPullSecretWithoutDockerConfig() {
        assertEquals(1, render("-f", "deploy/examples/velaocmhub-full.yaml"));
        assertTrue(err.toString().contains("--docker-config"), err.toString());
    }

    @Test
    void refusesAnUnknownVersionWithOneLine() {
        int code = renderStdin("apiVersion: ocm.oam.dev/v1alpha1\nkind: VelaOcmHub\nmetadata:\n  name: hub\nspec:\n  version: 0.1.0\n");
        assertEquals(1, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("unknown OCM version 0.1.0"), err.toString());
        assertEquals("", out.toString(), "nothing is printed on error");
    }

    // Found by RenderPropertyTest: each of these crashed render, printed a manifest Kubernetes refuses, blamed the
    // wrong field or broke the one-line message.

    @Test
    void refusesANullFeatureGateNamingItsList() {
        assertRefusedWithOneLine("clusterManager:\n    work:\n      featureGates: [null]",
                "clusterManager.work.featureGates has a gate without a feature name");
    }

    @Test
    void refusesANullTolerationAndANullNodeSelectorValue() {
        assertRefusedWithOneLine("operator:\n    nodePlacement:\n      tolerations: [null]",
                "spec.operator.nodePlacement.tolerations[0] is empty");
        assertRefusedWithOneLine("clusterManager:\n    nodePlacement:\n      nodeSelector: {zone: null}",
                "spec.clusterManager.nodePlacement.nodeSelector[zone] has no value");
    }

    @Test
    void blamesTheRegistryNotTheFirstImageBuiltFromIt() {
        assertRefusedWithOneLine("imageRegistry: \"my registry\"", "imageRegistry my registry is not a registry host");
        assertRefusedWithOneLine("imageRegistry: " + "r".repeat(256), "imageRegistry rrrr");
    }

    @Test
    void escapesControlCharactersAndCutsLongInputInTheMessage() {
        assertRefusedWithOneLine("version: \"1.2\\n3\"", "unknown OCM version 1.2\\u000a3;");
        assertRefusedWithOneLine("version: " + "9".repeat(5000), "(5000 characters)");
        assertTrue(err.toString().length() < 400, err.toString());
    }

    @Test
    void readsJsonWithKeysLongerThanYamlAllows() {
        String key = "k".repeat(2000);
        assertEquals(1, renderStdin("{\"apiVersion\":\"ocm.oam.dev/v1alpha1\",\"kind\":\"VelaOcmHub\",\"metadata\":"
                + "{\"name\":\"hub\"},\"spec\":{\"operator\":{\"nodePlacement\":{\"nodeSelector\":{\"" + key + "\":\"x\"}}}}}"));
        assertTrue(err.toString().contains("is not a valid label key"), err.toString());
    }

    private void assertRefusedWithOneLine(String specYaml, String expected) {
        err.reset();
        int code = renderStdin("apiVersion: ocm.oam.dev/v1alpha1\nkind: VelaOcmHub\nmetadata:\n  name: hub\nspec:\n  "
                + specYaml + "\n");
        assertEquals(1, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains(expected), "expected '" + expected + "' in: " + err);
    }

    @Test
    void refusesAnotherKind() {
        assertEquals(1, renderStdin("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));
        assertTrue(err.toString().contains("expected kind VelaOcmHub"), err.toString());
    }

    @Test
    void refusesAMissingFileAndMissingArguments() {
        assertEquals(1, render("-f", "does/not/exist.yaml"));
        assertEquals(2, render());
        assertEquals(2, render("--bogus"));
    }

    private int render(String... args) {
        return RenderCommand.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out), new PrintStream(err));
    }

    private int renderStdin(String yaml) {
        return RenderCommand.run(new String[]{"-f", "-"}, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out), new PrintStream(err));
    }

    private static String head(String yaml) {
        return yaml.lines().limit(30).reduce("", (a, b) -> a + b + "\n");
    }

    private List<HasMetadata> documents() {
        return Arrays.stream(out.toString().split("(?m)^---$"))
                .filter(doc -> !doc.isBlank())
                .map(doc -> (HasMetadata) Serialization.unmarshal(doc))
                .toList();
    }
}
