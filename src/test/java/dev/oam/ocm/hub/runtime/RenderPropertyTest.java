package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.HubImages;
import dev.oam.ocm.hub.bundle.InvalidSpecException;
import dev.oam.ocm.hub.testing.GeneratedHubs;
import dev.oam.ocm.hub.testing.GeneratedHubs.Case;
import dev.oam.ocm.hub.testing.GeneratedHubs.RenderOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code render} on thousands of generated hubs, valid and broken one way each: it prints a pinned bundle in apply
 * order, or exits 1 with one short line that names the field at fault; never a crash or a stack trace, whatever
 * the input (wrong types, unknown fields, Unicode, huge strings, nulls the API server's schema would refuse). The
 * command as a whole on a hundred (writing the CRD as YAML is most of its time), the same parse and render
 * function on 2,000 more.
 */
class RenderPropertyTest {
    private static final Path DOCKER_CONFIG = dockerConfig();

    @Provide
    Arbitrary<Case> hubs() {
        return GeneratedHubs.anyRelease().cases(30);
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void bundleOrRefusalNamingTheField(@ForAll("hubs") Case hub) {
        Bundle bundle;
        try {
            VelaOcmHub parsed = RenderCommand.parse(hub.document());
            bundle = HubBundle.render(parsed.getMetadata().getName(), parsed.getSpec(),
                    parsed.getSpec() != null && parsed.getSpec().getImagePullSecret() != null ? "e30=" : null);
        } catch (InvalidSpecException | IllegalArgumentException e) {
            assertRefusal(hub, "render: " + e.getMessage() + "\n");
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("render crashed on " + hub, e);
        }
        assertTrue(hub.render() != RenderOutcome.REFUSED, () -> "expected a refusal naming " + hub.field() + " for " + hub);
        List<HasMetadata> objects = bundle.objects();
        assertEquals("CustomResourceDefinition", objects.get(0).getKind());
        assertEquals("ClusterManager", objects.get(objects.size() - 1).getKind());
        HubImages images = bundle.images();
        for (String image : List.of(images.registrationOperator(), images.registration(), images.work(),
                images.placement(), images.addOnManager())) {
            assertPinned(image, hub);
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void rendersOrRefusesNamingTheField(@ForAll("hubs") Case hub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            code = RenderCommand.run(new String[]{"-f", "-", "--docker-config", DOCKER_CONFIG.toString()},
                    new ByteArrayInputStream(hub.document().getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("render crashed on " + hub, e);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        if (code == 0) {
            assertTrue(hub.render() != RenderOutcome.REFUSED, () -> "expected a refusal naming " + hub.field() + " for " + hub);
            assertPinnedBundleInApplyOrder(out.toString(StandardCharsets.UTF_8), hub);
            return;
        }
        assertEquals(1, code, () -> "bad input exits 1: " + message + " for " + hub);
        assertRefusal(hub, message);
    }

    private static void assertRefusal(Case hub, String message) {
        assertTrue(hub.render() != RenderOutcome.RENDERS, () -> "expected a bundle, got: " + message + " for " + hub);
        List<String> lines = message.lines().toList();
        assertEquals(1, lines.size(), () -> "one line, no stack trace: " + message + " for " + hub);
        assertTrue(lines.get(0).startsWith("render: ") && lines.get(0).length() <= 600,
                () -> "a short line saying why, got " + lines.get(0).length() + " characters: " + abbreviate(lines.get(0)));
        if (hub.render() == RenderOutcome.REFUSED) {
            assertTrue(message.contains(hub.field()), () -> "expected the message to name " + hub.field() + ", got: "
                    + message + " for " + hub);
        }
    }

    private static void assertPinnedBundleInApplyOrder(String yaml, Case hub) {
        List<String> kinds = yaml.lines().filter(l -> l.startsWith("kind: ")).map(l -> l.substring(6)).toList();
        assertEquals("CustomResourceDefinition", kinds.get(0), () -> "the CRD first: " + kinds);
        assertEquals("ClusterManager", kinds.get(kinds.size() - 1), () -> "the ClusterManager last: " + kinds);
        List<String> images = yaml.lines().map(String::trim)
                .filter(l -> l.matches("(image|[a-zA-Z]+ImagePullSpec|value): .*(registration|work|placement|addon).*"))
                .toList();
        assertTrue(images.size() >= 5, () -> "five images in " + images + " for " + hub);
        for (String image : images) {
            assertPinned(image.replaceFirst("\"$", ""), hub);
        }
    }

    private static void assertPinned(String image, Case hub) {
        assertTrue(image.matches(".*(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})") && !image.endsWith(":latest"),
                () -> "every image pinned, got " + image + " for " + hub);
    }

    private static Path dockerConfig() {
        try {
            Path file = Files.createTempFile("docker-config", ".json");
            Files.writeString(file, "{\"auths\":{\"mirror.example.com\":{\"auth\":\"eDp5\"}}}");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
