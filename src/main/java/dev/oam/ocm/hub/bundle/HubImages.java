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

    private static final Pattern PINNED =
            Pattern.compile("^[^\\s@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$");

    public static HubImages resolve(VelaOcmHubSpec spec, OcmRelease release) {
        String registry = spec.getImageRegistry() == null || spec.getImageRegistry().isBlank()
                ? DEFAULT_REGISTRY : stripTrailingSlash(spec.getImageRegistry());
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
            throw new InvalidSpecException(field + " " + image
                    + " has no tag or digest; pin it, e.g. " + image + ":v1.3.1");
        }
        if (image.endsWith(":latest")) {
            throw new InvalidSpecException(field + " " + image + " uses :latest; pin it to a release tag or digest");
        }
        return image;
    }

    private static String stripTrailingSlash(String registry) {
        String r = registry.trim();
        return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }
}
