package dev.oam.ocm.hub.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A kustomize directory as the objects {@code kubectl kustomize} renders from it. */
public final class Kustomize {
    private Kustomize() {
    }

    public static List<HasMetadata> objects(String dir) {
        return parse(render(dir));
    }

    public static String render(String dir) {
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<HasMetadata> parse(String multiDocument) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : multiDocument.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                objects.add(Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
            }
        }
        return objects;
    }
}
