package dev.oam.ocm.hub.bundle;

/**
 * One OCM release: every image of it carries the same tag.
 *
 * @param version the release, without a leading "v" (1.3.1)
 */
public record OcmRelease(String version) {
    /** The image tag OCM publishes for this release. */
    public String imageTag() {
        return "v" + version;
    }
}
