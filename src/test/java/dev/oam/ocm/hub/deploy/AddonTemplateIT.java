package dev.oam.ocm.hub.deploy;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the KubeVela addon's template.cue with its parameter.cue, as `vela addon enable` evaluates them
 * (with the real CUE command line, built from its Go module), and checks that the VelaOcmHub it would apply
 * is one the operator installs.
 */
class AddonTemplateIT {
    private static final Path ADDON = Path.of("deploy/addon/vela-ocm-hub");

    @Test
    void defaultParametersRenderAnInstallableHub(@TempDir Path dir) throws Exception {
        VelaOcmHub hub = renderHub(dir, "");
        assertEquals("hub", hub.getMetadata().getName());
        assertEquals("1.3.1", hub.getSpec().getVersion());
        Bundle bundle = HubBundle.render(hub.getMetadata().getName(), hub.getSpec(), null);
        assertEquals("quay.io/open-cluster-management/registration-operator:v1.3.1", bundle.images().registrationOperator());
    }

    @Test
    void parametersReachTheSpec(@TempDir Path dir) throws Exception {
        VelaOcmHub hub = renderHub(dir, """
                parameter: {
                	version: "1.2.1"
                	imageRegistry: "registry.example.com/ocm"
                	hubReplicas: 3
                	operatorReplicas: 2
                	hubApiServer: "https://hub.example.com:6443"
                	deletionPolicy: "KeepHubCRDs"
                	multicluster: true
                }
                """);
        assertEquals("1.2.1", hub.getSpec().getVersion());
        assertEquals("registry.example.com/ocm", hub.getSpec().getImageRegistry());
        assertEquals(3, hub.getSpec().getClusterManager().getHubReplicas());
        assertEquals(2, hub.getSpec().getOperator().getReplicas());
        assertEquals("https://hub.example.com:6443", hub.getSpec().getJoinAccess().getHubApiServer());
        assertEquals("KeepHubCRDs", hub.getSpec().getDeletionPolicy().name());
        Bundle bundle = HubBundle.render(hub.getMetadata().getName(), hub.getSpec(), null);
        assertEquals("registry.example.com/ocm/registration-operator:v1.2.1", bundle.images().registrationOperator());
        assertEquals(3, bundle.addons().addons().size(), "multicluster enables the three addons");
        assertEquals("registry.example.com/ocm/cluster-gateway-addon-manager:v1.9.0",
                bundle.addons().addons().get(2).manager().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void outOfRangeParametersAreRefused(@TempDir Path dir) throws Exception {
        CueResult result = cue(dir, "parameter: hubReplicas: 9\n");
        assertTrue(result.exit != 0, "hubReplicas 9 must not render: " + result.out);
    }

    @Test
    void aReleaseTheOperatorDoesNotKnowIsRefused(@TempDir Path dir) throws Exception {
        CueResult result = cue(dir, "parameter: version: \"9.9\"\n");
        assertTrue(result.exit != 0 && result.out.contains("version"), "version 9.9 must not render: " + result.out);
    }

    private static VelaOcmHub renderHub(Path dir, String values) throws Exception {
        CueResult result = cue(dir, values);
        assertEquals(0, result.exit, result.out);
        GenericKubernetesResource app = Serialization.unmarshal(result.out, GenericKubernetesResource.class);
        assertEquals("Application", app.getKind());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> components = (List<Map<String, Object>>) ((Map<String, Object>) app.getAdditionalProperties()
                .get("spec")).get("components");
        Map<String, Object> hubComponent = components.stream().filter(c -> "vela-ocm-hub".equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no component vela-ocm-hub in " + components));
        assertEquals("k8s-objects", hubComponent.get("type"));
        // Removed before the operator (resources/) by the garbage-collect policy's dependency order.
        assertEquals(List.of("vela-ocm-hub-resources"), hubComponent.get("dependsOn"));
        // Applied in this order: a namespace in the same component as its objects fails KubeVela's pre-dispatch dry run.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) app
                .getAdditionalProperties().get("spec")).get("workflow")).get("steps");
        assertEquals(List.of("vela-ocm-hub-namespace", "vela-ocm-hub-resources", "vela-ocm-hub"), steps.stream()
                .map(step -> ((Map<String, Object>) step.get("properties")).get("component")).toList());
        @SuppressWarnings("unchecked")
        List<Object> objects = (List<Object>) ((Map<String, Object>) hubComponent.get("properties")).get("objects");
        return Serialization.unmarshal(Serialization.asJson(objects.get(0)), VelaOcmHub.class);
    }

    private record CueResult(int exit, String out) {
    }

    private static CueResult cue(Path dir, String values) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cueBinary().toString(), "export",
                ADDON.resolve("template.cue").toString(), ADDON.resolve("parameter.cue").toString()));
        if (!values.isBlank()) {
            Path valuesFile = dir.resolve("values.cue");
            Files.writeString(valuesFile, "package main\n\n" + values);
            command.add(valuesFile.toString());
        }
        command.addAll(List.of("-e", "output", "--out", "yaml"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "cue exits");
        return new CueResult(p.exitValue(), out);
    }

    private static Path cueBinary() {
        return E2eBinaries.cue();
    }
}
