package dev.oam.ocm.hub.bundle;

import java.util.List;
import java.util.Map;

/**
 * The OCM releases this operator knows how to install. A release is listed only once its bundle
 * (ClusterManager CRD schema, operator RBAC) has been checked against it; an unlisted version is refused
 * rather than guessed, because a CRD that lags the operator image breaks the hub.
 */
public final class ReleaseCatalog {
    private static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "1.2.0", "1.2.1", "1.3.0", "1.3.1");
    /**
     * The version of the Go module open-cluster-management.io/api whose ClusterManager CRD each release ships.
     * Read from the require line of open-cluster-management.io/ocm's go.mod at the release tag where the module
     * proxy serves it (1.0.0, 1.2.0, 1.2.1, 1.3.1). The proxy serves neither the zip nor the go.mod of ocm
     * v1.1.0 and v1.3.0: for those the api release of the same number is used, because every go.mod that could
     * be read requires the api release matching its minor version (1.3.1 requires api v1.3.0, 1.2.1 api
     * v1.2.0), and an older CRD would lack fields the release's operator writes.
     */
    private static final Map<String, String> API_VERSIONS = Map.of(
            "1.0.0", "v1.0.0",
            "1.1.0", "v1.1.0",
            "1.2.0", "v1.2.0",
            "1.2.1", "v1.2.0",
            "1.3.0", "v1.3.0",
            "1.3.1", "v1.3.0");

    private ReleaseCatalog() {
    }

    public static List<String> versions() {
        return VERSIONS;
    }

    public static OcmRelease newest() {
        return new OcmRelease(VERSIONS.get(VERSIONS.size() - 1));
    }

    /** The open-cluster-management.io/api version whose ClusterManager CRD the release installs. */
    public static String apiVersion(OcmRelease release) {
        String api = API_VERSIONS.get(release.version());
        if (api == null) {
            throw new IllegalArgumentException("OCM " + release.version() + " is not in the catalog");
        }
        return api;
    }

    /** The release a spec asks for; null or blank means the newest. Accepts "1.3.1" and "v1.3.1". */
    public static OcmRelease resolve(String requested) {
        if (requested == null || requested.isBlank()) {
            return newest();
        }
        String version = requested.startsWith("v") ? requested.substring(1) : requested;
        if (!VERSIONS.contains(version)) {
            throw new InvalidSpecException("unknown OCM version " + InvalidSpecException.shown(requested)
                    + "; this operator can install " + String.join(", ", VERSIONS));
        }
        return new OcmRelease(version);
    }
}
