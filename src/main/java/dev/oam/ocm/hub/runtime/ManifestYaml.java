package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.KubernetesJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Multi-document YAML that reads like {@code kubectl get -o yaml} or {@code helm template}: plain scalars
 * wherever YAML allows, block style, literal blocks for multi-line text, {@code ---} between documents.
 * Strings that a YAML reader would take for a number or a boolean ("1.2", "true", "on") stay quoted, so
 * parsing the output gives back the same objects.
 */
final class ManifestYaml {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private ManifestYaml() {
    }

    /** The objects as one stream of YAML documents, in the order given. */
    static String documents(List<? extends HasMetadata> objects) {
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : objects) {
            if (!yaml.isEmpty()) {
                yaml.append("---\n");
            }
            yaml.append(document(object));
        }
        return yaml.toString();
    }

    private static String document(HasMetadata object) {
        // fabric8's own mapper decides the fields (its serializers for quantities, int-or-string, ...);
        // this one only decides how they are written.
        JsonNode tree = KubernetesJson.mapper().valueToTree(object);
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + object.getKind() + " as YAML", e);
        }
    }
}
