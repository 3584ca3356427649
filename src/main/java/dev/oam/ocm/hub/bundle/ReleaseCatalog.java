package dev.oam.ocm.hub.bundle;

import java.util.List;

/**
 * The OCM releases this operator knows how to install. A release is listed only once its bundle
 * (ClusterManager CRD schema, operator RBAC) has been checked against it; an unlisted version is refused
 * rather than guessed, because a CRD that lags the operator image breaks the hub.
 */
public final class ReleaseCatalog {
    private static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "1.2.0", "1.2.1", "1.3.0", "1.3.1");

    private ReleaseCatalog() {
    }

    public static List<String> versions() {
        return VERSIONS;
    }

    public static OcmRelease newest() {
        return new OcmRelease(VERSIONS.get(VERSIONS.size() - 1));
    }

    /** The release a spec asks for; null or blank means the newest. Accepts "1.3.1" and "v1.3.1". */
    public static OcmRelease resolve(String requested) {
        if (requested == null || requested.isBlank()) {
            return newest();
        }
        String version = requested.startsWith("v") ? requested.substring(1) : requested;
        if (!VERSIONS.contains(version)) {
            throw new InvalidSpecException("unknown OCM version " + requested
                    + "; this operator can install " + String.join(", ", VERSIONS));
        }
        return new OcmRelease(version);
    }
}
