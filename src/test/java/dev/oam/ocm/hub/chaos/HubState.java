package dev.oam.ocm.hub.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The campaign's criteria, read from the API server: what "converged" means (the real criterion) and what
 * counts as left behind after a delete.
 */
final class HubState {
    static final ResourceDefinitionContext MANAGED_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.open-cluster-management.io").withVersion("v1").withKind("ManagedCluster")
            .withPlural("managedclusters").withNamespaced(false).build();
    private static final String OCM_GROUP_SUFFIX = "open-cluster-management.io";

    private final KubernetesClient admin;

    HubState(KubernetesClient admin) {
        this.admin = admin;
    }

    /**
     * Empty when the hub has converged: VelaOcmHub Ready=True for its current generation, the ClusterManager's
     * conditions healthy for its generation, every bundle object of the spec in place as desired. Otherwise
     * what is still missing, for the failure message of a trial that timed out.
     */
    Optional<String> notConverged(String hubName) {
        VelaOcmHub hub = admin.resources(VelaOcmHub.class).withName(hubName).get();
        if (hub == null) {
            return Optional.of("VelaOcmHub " + hubName + " does not exist");
        }
        long generation = hub.getMetadata().getGeneration();
        if (hub.getStatus() == null || !Objects.equals(hub.getStatus().getObservedGeneration(), generation)) {
            return Optional.of("status not yet for generation " + generation);
        }
        Optional<Condition> ready = hub.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst();
        if (ready.isEmpty() || !"True".equals(ready.get().getStatus())) {
            return Optional.of("Ready is " + ready.map(c -> c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")")
                    .orElse("missing"));
        }
        ClusterManager cm = admin.resources(ClusterManager.class).withName(ClusterManager.NAME).get();
        if (cm == null || cm.getStatus() == null
                || !Objects.equals(cm.getStatus().getObservedGeneration(), cm.getMetadata().getGeneration())) {
            return Optional.of("ClusterManager status not for its generation");
        }
        for (Map.Entry<String, String> wanted : Map.of("Applied", "True", "Progressing", "False",
                "HubRegistrationDegraded", "False", "HubPlacementDegraded", "False").entrySet()) {
            boolean healthy = cm.getStatus().getConditions() != null && cm.getStatus().getConditions().stream()
                    .anyMatch(c -> wanted.getKey().equals(c.getType()) && wanted.getValue().equals(c.getStatus()));
            if (!healthy) {
                return Optional.of("ClusterManager " + wanted.getKey() + " is not " + wanted.getValue());
            }
        }
        VelaOcmHubSpec spec = hub.getSpec() == null ? new VelaOcmHubSpec() : hub.getSpec();
        for (HasMetadata desired : HubBundle.render(hubName, spec, null).objects()) {
            HasMetadata live = admin.resource(desired).get();
            if (live == null) {
                return Optional.of(Bundle.describe(desired) + " is missing");
            }
            Optional<String> difference = difference(Serialization.jsonMapper().valueToTree(desired),
                    Serialization.jsonMapper().valueToTree(live), "");
            if (difference.isPresent()) {
                return Optional.of(Bundle.describe(desired) + " differs at " + difference.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Where {@code live} lacks or changes something {@code desired} sets; fields the server adds (defaults,
     * metadata it owns, status) are not differences.
     */
    static Optional<String> difference(JsonNode desired, JsonNode live, String path) {
        if (live.isMissingNode() && isZero(desired)) {
            return Optional.empty(); // the server omits a false, 0, "" or empty value it stores (preserveUnknownFields)
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return Optional.of(path);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (path.isEmpty() && (key.equals("status") || key.equals("metadata"))) {
                    if (key.equals("metadata") && desired.path("metadata").has("labels")) {
                        Optional<String> labels = difference(desired.path("metadata").path("labels"),
                                live.path("metadata").path("labels"), "metadata.labels");
                        if (labels.isPresent()) {
                            return labels;
                        }
                    }
                    continue;
                }
                Optional<String> inner = difference(field.getValue(), live.path(key), path.isEmpty() ? key : path + "." + key);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return Optional.of(path + " (" + desired.size() + " items wanted, " + live.size() + " found)");
            }
            for (int i = 0; i < desired.size(); i++) {
                Optional<String> inner = difference(desired.get(i), live.get(i), path + "[" + i + "]");
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
        if (desired.isNumber() && live.isNumber()) {
            return desired.decimalValue().compareTo(live.decimalValue()) == 0 ? Optional.empty()
                    : Optional.of(path + " = " + live + ", wanted " + desired);
        }
        return desired.equals(live) ? Optional.empty() : Optional.of(path + " = " + live + ", wanted " + desired);
    }

    private static boolean isZero(JsonNode value) {
        return value.isNull() || (value.isBoolean() && !value.asBoolean()) || (value.isNumber() && value.asDouble() == 0)
                || (value.isTextual() && value.asText().isEmpty()) || (value.isContainerNode() && value.isEmpty());
    }

    /**
     * What a deletion under {@code policy} should have removed and did not: the bundle's objects and the
     * ClusterManager, the hub CRDs too unless the policy keeps them; nothing for Orphan, which keeps the hub.
     */
    List<String> leftAfterDelete(String hubName, String policy) {
        List<String> left = new ArrayList<>();
        if ("Orphan".equals(policy)) {
            return left;
        }
        for (HasMetadata identity : HubBundle.render(hubName, new VelaOcmHubSpec(), null).objects()) {
            if (admin.resource(identity).get() != null) {
                left.add(Bundle.describe(identity));
            }
        }
        if (!"KeepHubCRDs".equals(policy)) {
            for (CustomResourceDefinition crd : admin.apiextensions().v1().customResourceDefinitions().list().getItems()) {
                boolean counted = left.contains("CustomResourceDefinition " + crd.getMetadata().getName());
                if (crd.getSpec().getGroup().endsWith(OCM_GROUP_SUFFIX) && !counted) {
                    left.add("CustomResourceDefinition " + crd.getMetadata().getName());
                }
            }
        }
        return left;
    }

    /** Names of the ManagedClusters now, none when their CRD is gone. */
    List<String> managedClusters() {
        if (admin.apiextensions().v1().customResourceDefinitions()
                .withName("managedclusters.cluster.open-cluster-management.io").get() == null) {
            return List.of();
        }
        return admin.genericKubernetesResources(MANAGED_CLUSTERS).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList();
    }
}
