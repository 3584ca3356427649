package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.ImageOverrides;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The five pinned image references of a hub. An override wins over the registry; whatever the source,
 * a reference without a tag or digest, or tagged latest, is refused: the ClusterManager CRD turns an
 * untagged pull spec into :latest, and a hub that changes version on a pod restart is not pinned.
 */
public record HubImages(String registrationOperator, String registration, String work, String placement,
                        String addOnManager) {
    public static final String DEFAULT_REGISTRY = "quay.io/open-cluster-management";

    /** The CRD's pattern for spec.imageRegistry (render reads specs the API server never saw). */
    private static final Pattern REGISTRY =
            Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$");
    private static final Pattern PINNED =
            Pattern.compile("^[^\\s@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$");

    public static HubImages resolve(VelaOcmHubSpec spec, OcmRelease release) {
        String mirror = mirror(spec);
        String registry = mirror == null ? DEFAULT_REGISTRY : mirror;
        ImageOverrides overrides = spec.getImages() == null ? new ImageOverrides() : spec.getImages();
        Function<String, String> fromRegistry = name -> registry + "/" + name + ":" + release.imageTag();
        return new HubImages(
                pick("images.registrationOperator", overrides.getRegistrationOperator(),
                        fromRegistry.apply("registration-operator")),
                pick("images.registration", overrides.getRegistration(), fromRegistry.apply("registration")),
                pick("images.work", overrides.getWork(), fromRegistry.apply("work")),
                pick("images.placement", overrides.getPlacement(), fromRegistry.apply("placement")),
                pick("images.addOnManager", overrides.getAddOnManager(), fromRegistry.apply("addon-manager")));
    }

    private static String pick(String field, String override, String fallback) {
        String image = override == null || override.isBlank() ? fallback : override.trim();
        if (!PINNED.matcher(image).matches()) {
            throw new InvalidSpecException(field + " " + InvalidSpecException.shown(image)
                    + " has no tag or digest; pin it, e.g. " + InvalidSpecException.shown(image) + ":v1.3.1");
        }
        if (image.endsWith(":latest")) {
            throw new InvalidSpecException(field + " " + InvalidSpecException.shown(image) + " uses :latest; pin it to a release tag or digest");
        }
        return image;
    }

    /**
     * spec.imageRegistry, checked, without a trailing slash; null when unset. It replaces the registry of every
     * image the hub runs, the addons' included.
     */
    static String mirror(VelaOcmHubSpec spec) {
        if (spec.getImageRegistry() == null || spec.getImageRegistry().isBlank()) {
            return null;
        }
        String registry = stripTrailingSlash(spec.getImageRegistry());
        if (registry.length() > 255 || !REGISTRY.matcher(registry).matches()) {
            // Checked on its own: otherwise the first image built from it would be blamed ("has no tag").
            throw new InvalidSpecException("imageRegistry " + InvalidSpecException.shown(spec.getImageRegistry())
                    + " is not a registry host with an optional port and path of at most 255 characters,"
                    + " e.g. registry.example.com:5000/ocm");
        }
        return registry;
    }

    private static String stripTrailingSlash(String registry) {
        String r = registry.trim();
        return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }
}
