package dev.oam.ocm.hub.e2e.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart's definitions are rendered without Helm: only the one expression they use, and nothing half-done. */
class KubeVelaTest {

    @Test
    void theSystemDefinitionNamespaceIsFilledIn(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("defwithtemplate"));
        Files.writeString(templates.resolve("k8s-objects.yaml"), """
                kind: ComponentDefinition
                metadata:
                  name: k8s-objects
                  namespace: {{ include "systemDefinitionNamespace" . }}
                spec:
                  schematic:
                    cue:
                      template: |
                        output: parameter.objects[0]
                """);
        Path out = dir.resolve("out");
        KubeVela.renderDefinitions(templates, out, "vela-system");
        String rendered = Files.readString(out.resolve("k8s-objects.yaml"));
        assertTrue(rendered.contains("  namespace: vela-system\n"), rendered);
        assertTrue(rendered.contains("output: parameter.objects[0]"), rendered);
    }

    @Test
    void anyOtherTemplateExpressionIsRefusedByFileAndExpression(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("defwithtemplate"));
        Files.writeString(templates.resolve("gated.yaml"), """
                kind: TraitDefinition
                metadata:
                  name: gated
                  namespace: {{ include "systemDefinitionNamespace" . }}
                  labels:
                    version: {{ .Values.image.tag }}
                """);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> KubeVela.renderDefinitions(templates, dir.resolve("out"), "vela-system"));
        assertTrue(refused.getMessage().contains("gated.yaml") && refused.getMessage().contains("{{ .Values.image.tag }}"),
                refused.getMessage());
    }

    @Test
    void theControllerIsFoundTheWayTheCliLooksForIt() {
        List<String> lines = KubeVela.controller("1.9.13", false).lines().map(String::strip).toList();
        // vela addon enable lists Deployments with this label and reads the tag of the container named kubevela.
        assertTrue(lines.containsAll(List.of("controller.oam.dev/name: vela-core", "- name: kubevela",
                "image: oamdev/vela-core:v1.9.13")), String.join("\n", lines));
        assertFalse(lines.contains("- --enable-cluster-gateway"), "single-cluster by default: " + lines);
    }

    @Test
    void multiClusterTurnsOnTheClusterGatewayFlagAndNothingElse() {
        List<String> single = KubeVela.controller("1.9.13", false).lines().toList();
        List<String> multi = KubeVela.controller("1.9.13", true).lines().toList();
        List<String> added = multi.stream().filter(l -> !single.contains(l)).toList();
        assertEquals(List.of("- --enable-cluster-gateway"), added.stream().map(String::strip).toList(),
                "the args of vela-core's container");
        int flag = multi.indexOf(added.get(0));
        assertEquals(multi.get(flag + 1).indexOf('-'), added.get(0).indexOf('-'), "indented as the other args");
        assertEquals(single.size() + 1, multi.size());
    }
}
