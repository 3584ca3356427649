package dev.oam.ocm.hub.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The ClusterManager CRD shipped with the operator (resource {@code ocm/clustermanagers.crd.yaml}).
 * The file writes repeated schema shapes once as fragments; they are expanded here because a CRD schema
 * may not contain references.
 */
public final class ClusterManagerCrd {
    private static final String RESOURCE = "/ocm/clustermanagers.crd.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNode TEMPLATE = load();

    private ClusterManagerCrd() {
    }

    /** A fresh copy, safe for the caller to label. */
    public static CustomResourceDefinition create() {
        return YAML.convertValue(TEMPLATE, CustomResourceDefinition.class);
    }

    private static JsonNode load() {
        try (InputStream in = ClusterManagerCrd.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the operator jar");
            }
            ObjectNode root = (ObjectNode) YAML.readTree(in);
            JsonNode fragments = root.remove("fragments");
            return expand(root, fragments, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static JsonNode expand(JsonNode node, JsonNode fragments, int depth) {
        if (depth > 32) {
            throw new IllegalStateException(RESOURCE + ": fragment references nest too deep (a cycle?)");
        }
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                String name = ref.asText().replaceFirst("^#/", "");
                JsonNode fragment = fragments == null ? null : fragments.get(name);
                if (fragment == null) {
                    throw new IllegalStateException(RESOURCE + ": unknown fragment " + name);
                }
                return expand(fragment.deepCopy(), fragments, depth + 1);
            }
            ObjectNode copy = YAML.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), expand(field.getValue(), fragments, depth));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = YAML.createArrayNode();
            node.forEach(item -> copy.add(expand(item, fragments, depth)));
            return copy;
        }
        return node;
    }
}
