package dev.oam.ocm.hub.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ClusterManager CRD of each OCM release, as OCM publishes it: the files under {@code ocm/crds/} are
 * copies, byte for byte, of {@code operator/v1/0000_01_operator.open-cluster-management.io_clustermanagers.crd.yaml}
 * of the Go module {@code open-cluster-management.io/api} at the version {@link ReleaseCatalog#apiVersion}
 * names. A registration-operator given an older CRD than its own fails on fields it cannot store, so the CRD
 * moves with the release.
 */
public final class ClusterManagerCrd {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JsonNode> BY_API_VERSION = new ConcurrentHashMap<>();

    private ClusterManagerCrd() {
    }

    /** A fresh copy of the release's CRD, safe for the caller to label. */
    public static CustomResourceDefinition create(OcmRelease release) {
        JsonNode published = BY_API_VERSION.computeIfAbsent(ReleaseCatalog.apiVersion(release), ClusterManagerCrd::load);
        return YAML.convertValue(published, CustomResourceDefinition.class);
    }

    /** Whether the release's ClusterManager has this field under spec (placementConfiguration came with 1.3.0). */
    public static boolean declaresSpecField(OcmRelease release, String field) {
        JsonNode published = BY_API_VERSION.computeIfAbsent(ReleaseCatalog.apiVersion(release), ClusterManagerCrd::load);
        for (JsonNode version : published.path("spec").path("versions")) {
            if (version.path("schema").path("openAPIV3Schema").path("properties").path("spec").path("properties")
                    .has(field)) {
                return true;
            }
        }
        return false;
    }

    /** Where the CRD of an api module version lives in the operator jar. */
    static String resource(String apiVersion) {
        return "/ocm/crds/clustermanagers-api-" + apiVersion + ".yaml";
    }

    private static JsonNode load(String apiVersion) {
        String resource = resource(apiVersion);
        try (InputStream in = ClusterManagerCrd.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the operator jar");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
