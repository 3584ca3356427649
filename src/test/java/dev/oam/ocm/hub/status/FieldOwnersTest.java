package dev.oam.ocm.hub.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldOwnersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String US = "vela-ocm-hub-operator";

    /** The registration-operator Deployment as the operator applies it (the parts that matter here). */
    private static final JsonNode DESIRED = json("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"cluster-manager","namespace":"open-cluster-management","labels":{"app":"cluster-manager"}},
             "spec":{"replicas":1,"template":{"spec":{"containers":[
               {"name":"registration-operator","image":"quay.io/open-cluster-management/registration-operator:v1.2.1",
                "args":["/registration-operator","hub"]}]}}}}
            """);

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ManagedFieldsEntry entry(String manager, String operation, String subresource, String time, String fields) {
        FieldsV1 fieldsV1 = new FieldsV1();
        JSON.convertValue(json(fields), Map.class).forEach((k, v) -> fieldsV1.setAdditionalProperty((String) k, v));
        return new ManagedFieldsEntryBuilder().withManager(manager).withOperation(operation).withSubresource(subresource)
                .withTime(time).withApiVersion("apps/v1").withFieldsType("FieldsV1").withFieldsV1(fieldsV1).build();
    }

    private static final String IMAGE_ONLY = """
            {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"registration-operator\\"}":
              {".":{},"f:name":{},"f:image":{}}}}}}}""";

    @Test
    void namesTheManagerThatForcedTheImageAndTheFieldByItsPath() {
        Optional<FieldOwners.Owner> owner = FieldOwners.otherOwner(DESIRED, List.of(
                entry(US, "Apply", null, "2026-01-01T00:00:00Z", "{\"f:spec\":{\"f:replicas\":{}}}"),
                entry("image-pinner", "Apply", null, "2026-01-01T00:00:05Z", IMAGE_ONLY)), US);
        assertEquals(Optional.of(new FieldOwners.Owner("image-pinner",
                List.of("spec.template.spec.containers[name=registration-operator].image"))), owner);
    }

    @Test
    void ignoresStatusWritersAndFieldsWeDoNotSet() {
        Optional<FieldOwners.Owner> owner = FieldOwners.otherOwner(DESIRED, List.of(
                entry("image-pinner", "Apply", null, "2026-01-01T00:00:05Z", IMAGE_ONLY),
                // Newer, but only the controller's own annotation and the status: not a contest.
                entry("kube-controller-manager", "Update", null, "2026-01-01T00:00:06Z",
                        "{\"f:metadata\":{\"f:annotations\":{\"f:deployment.kubernetes.io/revision\":{}}}}"),
                entry("kube-controller-manager", "Update", "status", "2026-01-01T00:00:07Z",
                        "{\"f:status\":{\"f:replicas\":{}}}")), US);
        assertEquals("image-pinner", owner.orElseThrow().manager());
    }

    @Test
    void ourOwnEntryIsNeverTheAnswer() {
        assertEquals(Optional.empty(), FieldOwners.otherOwner(DESIRED, List.of(
                entry(US, "Apply", null, "2026-01-01T00:00:00Z", IMAGE_ONLY)), US));
        assertEquals(Optional.empty(), FieldOwners.otherOwner(DESIRED, null, US));
    }

    @Test
    void listsManyFieldsWithTheFirstFew() {
        FieldOwners.Owner owner = FieldOwners.otherOwner(DESIRED, List.of(entry("kubectl-edit", "Update", null,
                "2026-01-01T00:00:05Z", """
                        {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":
                          {"f:containers":{"k:{\\"name\\":\\"registration-operator\\"}":{"f:image":{},"f:args":{}}}}}}}""")),
                US).orElseThrow();
        assertEquals("metadata.labels.app, spec.replicas, spec.template.spec.containers[name=registration-operator].image"
                + " and 1 more", owner.fieldList());
    }
}
