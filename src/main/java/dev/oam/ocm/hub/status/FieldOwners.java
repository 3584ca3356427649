package dev.oam.ocm.hub.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads metadata.managedFields to name who took a field from us: the other field manager that owns, in its most
 * recent entry, fields our desired object sets. Entries of the status subresource and fields we do not set
 * (a Deployment's revision annotation written by the controller manager) are not ours to contest.
 */
public final class FieldOwners {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough to recognise the fields in a message; a manager that took many is named with the first few. */
    private static final int MAX_FIELDS = 3;

    private FieldOwners() {
    }

    /** Another manager and the fields of ours it owns, as dotted paths. */
    public record Owner(String manager, List<String> fields) {
        public String fieldList() {
            return fields.size() <= MAX_FIELDS ? String.join(", ", fields)
                    : String.join(", ", fields.subList(0, MAX_FIELDS)) + " and " + (fields.size() - MAX_FIELDS) + " more";
        }
    }

    /**
     * @param desired     the object as we apply it, as JSON
     * @param managedFields the live object's metadata.managedFields
     * @param ourManager  our field manager, never the answer
     */
    public static Optional<Owner> otherOwner(JsonNode desired, List<ManagedFieldsEntry> managedFields, String ourManager) {
        if (managedFields == null) {
            return Optional.empty();
        }
        return managedFields.stream()
                .filter(e -> e.getManager() != null && !ourManager.equals(e.getManager()))
                .filter(e -> e.getSubresource() == null || e.getSubresource().isEmpty())
                .filter(e -> e.getFieldsV1() != null)
                .sorted(Comparator.comparing((ManagedFieldsEntry e) -> e.getTime() == null ? "" : e.getTime()).reversed())
                .map(e -> new Owner(e.getManager(), ownedFieldsWeSet(desired, JSON.valueToTree(e.getFieldsV1()))))
                .filter(o -> !o.fields().isEmpty())
                .findFirst();
    }

    /** The leaves of a fieldsV1 tree that the desired object sets too. */
    static List<String> ownedFieldsWeSet(JsonNode desired, JsonNode fieldsV1) {
        List<String> paths = new ArrayList<>();
        walk(desired, fieldsV1, "", null, paths);
        return paths;
    }

    private static void walk(JsonNode desired, JsonNode fields, String path, JsonNode keyOfItem, List<String> out) {
        Iterator<Map.Entry<String, JsonNode>> entries = fields.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String name = entry.getKey();
            JsonNode children = entry.getValue();
            if (name.equals(".")) {
                continue; // the item or map itself, not a field
            }
            String childPath;
            JsonNode child;
            JsonNode childKey = null;
            if (name.startsWith("f:")) {
                String field = name.substring(2);
                if (keyOfItem != null && keyOfItem.has(field) && children.isEmpty()) {
                    continue; // the key of a list item (a container's name) identifies it, nobody contests it
                }
                child = desired.isObject() ? desired.get(field) : null;
                childPath = path.isEmpty() ? field : path + "." + field;
            } else if (name.startsWith("k:")) {
                childKey = parse(name.substring(2));
                child = childKey == null ? null : itemWithKey(desired, childKey);
                childPath = path + "[" + describeKey(childKey) + "]";
            } else if (name.startsWith("v:")) {
                JsonNode value = parse(name.substring(2));
                child = desired.isArray() && value != null && contains(desired, value) ? value : null;
                childPath = path + "[" + name.substring(2) + "]";
            } else {
                continue; // i:<index>, used only for atomic lists in some versions; nothing to name
            }
            if (child == null) {
                continue;
            }
            if (children.isEmpty()) {
                out.add(childPath);
            } else {
                walk(child, children, childPath, childKey, out);
            }
        }
    }

    private static JsonNode itemWithKey(JsonNode list, JsonNode key) {
        if (!list.isArray()) {
            return null;
        }
        for (JsonNode item : list) {
            boolean matches = true;
            Iterator<Map.Entry<String, JsonNode>> keyFields = key.fields();
            while (keyFields.hasNext()) {
                Map.Entry<String, JsonNode> k = keyFields.next();
                matches &= k.getValue().equals(item.get(k.getKey()));
            }
            if (matches) {
                return item;
            }
        }
        return null;
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describeKey(JsonNode key) {
        if (key == null) {
            return "?";
        }
        List<String> parts = new ArrayList<>();
        key.fields().forEachRemaining(k -> parts.add(k.getKey() + "=" + k.getValue().asText()));
        return String.join(",", parts);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null; // not JSON: a field name we cannot follow
        }
    }
}
