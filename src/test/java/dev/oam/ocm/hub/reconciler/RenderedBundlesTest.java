package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.InvalidSpecException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RenderedBundlesTest {
    private static final String PULL_CONFIG = Base64.getEncoder().encodeToString(
            "{\"auths\":{\"registry.example.com\":{\"auth\":\"dTpw\"}}}".getBytes(StandardCharsets.UTF_8));

    private final RenderedBundles bundles = new RenderedBundles();

    @Test
    void theSameSpecAndSecretGiveTheSameBundleInstance() {
        Bundle first = bundles.render("hub", spec("1.2.1", null), null);
        assertSame(first, bundles.render("hub", spec("1.2.1", null), null), "a status-only reconcile renders nothing");
    }

    @Test
    void aSpecChangeRendersAgain() {
        Bundle first = bundles.render("hub", spec("1.2.0", null), null);
        Bundle second = bundles.render("hub", spec("1.2.1", null), null);
        assertNotSame(first, second);
        assertEquals("1.2.1", second.release().version());
    }

    @Test
    void aChangedPullSecretRendersAgain() {
        Bundle first = bundles.render("hub", spec("1.2.1", "creds"), PULL_CONFIG);
        String rotated = Base64.getEncoder().encodeToString("{\"auths\":{}}".getBytes(StandardCharsets.UTF_8));
        assertNotSame(first, bundles.render("hub", spec("1.2.1", "creds"), rotated));
    }

    @Test
    void hubsAreKeptApartAndForgotten() {
        Bundle a = bundles.render("a", spec("1.2.1", null), null);
        Bundle b = bundles.render("b", spec("1.2.1", null), null);
        assertNotSame(a, b);
        assertSame(a, bundles.render("a", spec("1.2.1", null), null));
        bundles.forget("a");
        assertNotSame(a, bundles.render("a", spec("1.2.1", null), null));
    }

    @Test
    void anInvalidSpecIsRefusedEveryTimeAndReplacesNothing() {
        Bundle good = bundles.render("hub", spec("1.2.1", null), null);
        assertThrows(InvalidSpecException.class, () -> bundles.render("hub", spec("9.9.9", null), null));
        assertThrows(InvalidSpecException.class, () -> bundles.render("hub", spec("9.9.9", null), null));
        assertSame(good, bundles.render("hub", spec("1.2.1", null), null));
    }

    private static VelaOcmHubSpec spec(String version, String pullSecret) {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        spec.setVersion(version);
        spec.setImagePullSecret(pullSecret);
        return spec;
    }
}
