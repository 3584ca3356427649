package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.InvalidSpecException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code render -f hub.yaml [--docker-config config.json]}: prints the objects the operator would apply,
 * in apply order, as multi-document YAML. Same function as the operator, no cluster needed.
 */
final class RenderCommand {
    private RenderCommand() {
    }

    /** @return the process exit code */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        String file = null;
        String dockerConfig = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-f", "--filename" -> file = i + 1 < args.length ? args[++i] : null;
                case "--docker-config" -> dockerConfig = i + 1 < args.length ? args[++i] : null;
                default -> {
                    err.println("render: unknown argument " + args[i] + "; usage: render -f <velaocmhub.yaml|-> [--docker-config <file>]");
                    return 2;
                }
            }
        }
        if (file == null) {
            err.println("render: missing -f <velaocmhub.yaml|->");
            return 2;
        }
        try {
            String text = file.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
            VelaOcmHub hub = parse(text);
            String pullSecret = null;
            if (hub.getSpec() != null && hub.getSpec().getImagePullSecret() != null) {
                if (dockerConfig == null) {
                    err.println("render: spec.imagePullSecret is set; pass --docker-config <file> with the registry"
                            + " credentials the operator would copy from that Secret");
                    return 1;
                }
                pullSecret = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(dockerConfig)));
            }
            Bundle bundle = HubBundle.render(hub.getMetadata().getName(), hub.getSpec(), pullSecret);
            List<HasMetadata> objects = new ArrayList<>(bundle.objects());
            objects.addAll(bundle.addons().objects()); // applied once the hub runs: they need its CRDs
            out.print(ManifestYaml.documents(objects));
            return 0;
        } catch (InvalidSpecException | IllegalArgumentException e) {
            err.println("render: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("render: cannot read " + e.getMessage());
            return 1;
        }
    }

    static VelaOcmHub parse(String text) {
        GenericKubernetesResource generic;
        try {
            generic = unmarshal(text, GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Kubernetes object: " + firstLine(e.getMessage()));
        }
        String expected = VelaOcmHub.GROUP + "/" + VelaOcmHub.VERSION;
        if (generic == null || !"VelaOcmHub".equals(generic.getKind()) || !expected.equals(generic.getApiVersion())) {
            throw new IllegalArgumentException("expected kind VelaOcmHub (apiVersion " + expected + "), got "
                    + (generic == null ? "nothing" : generic.getKind() + " (" + generic.getApiVersion() + ")"));
        }
        VelaOcmHub hub;
        try {
            hub = unmarshal(text, VelaOcmHub.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid VelaOcmHub: " + firstLine(e.getMessage()));
        }
        if (hub.getMetadata() == null || hub.getMetadata().getName() == null) {
            throw new IllegalArgumentException("metadata.name is required");
        }
        return hub;
    }

    /**
     * JSON is read as JSON: the YAML parser reads it too, but refuses a mapping key longer than 1024 characters
     * ("An error has occurred"), which JSON allows.
     */
    private static <T> T unmarshal(String text, Class<T> type) {
        if (text.stripLeading().startsWith("{")) {
            try {
                return KubernetesJson.mapper().readValue(text, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e.getOriginalMessage(), e);
            }
        }
        return KubernetesJson.unmarshal(text, type);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
