package dev.oam.ocm.hub.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped CRD is the generated one, and the generator really put our validation into it. */
class VelaOcmHubCrdTest {
    private static final Path SHIPPED = Path.of("crds/velaocmhubs.ocm.oam.dev-v1.yml");
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/velaocmhubs.ocm.oam.dev-v1.yml");

    @Test
    void shippedCrdEqualsTheGeneratedOne() throws IOException {
        assertTrue(Files.exists(GENERATED), "the build must generate " + GENERATED);
        assertEquals(Files.readString(GENERATED), Files.readString(SHIPPED),
                "crds/ is stale: copy " + GENERATED + " to " + SHIPPED);
    }

    @Test
    void crdIsClusterScopedWithShortNameStatusAndPrinterColumns() throws IOException {
        CustomResourceDefinition crd = shipped();
        assertEquals("Cluster", crd.getSpec().getScope());
        assertEquals("ocmhub", crd.getSpec().getNames().getShortNames().get(0));
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertEquals("v1alpha1", v.getName());
        assertTrue(v.getSubresources() != null && v.getSubresources().getStatus() != null, "status subresource");
        assertTrue(v.getAdditionalPrinterColumns().stream().anyMatch(c -> c.getJsonPath().equals(".status.phase")));
        assertTrue(v.getAdditionalPrinterColumns().stream().anyMatch(c -> c.getJsonPath().equals(".status.installedVersion")));
    }

    @Test
    void kubectlGetShowsAgeAndWhyAHubIsNotReady() throws IOException {
        List<CustomResourceColumnDefinition> columns = shipped().getSpec().getVersions().get(0)
                .getAdditionalPrinterColumns();
        assertTrue(columns.stream().anyMatch(c -> c.getName().equals("Age") && c.getType().equals("date")
                && c.getJsonPath().equals(".metadata.creationTimestamp")), "expected an Age column, got " + columns);
        assertTrue(columns.stream().anyMatch(c -> c.getName().equals("Reason")
                && c.getJsonPath().equals(".status.conditions[?(@.type==\"Ready\")].reason")),
                "expected the Ready reason as a column, got " + columns);
        assertTrue(columns.stream().allMatch(c -> c.getPriority() == null || c.getPriority() == 0),
                "every column shows without -o wide: " + columns);
    }

    @Test
    void everyFeatureGateListRefusesARepeatedFeatureAtAdmission() throws IOException {
        JSONSchemaProps clusterManager = shipped().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec").getProperties().get("clusterManager");
        for (String component : List.of("registration", "work", "placement", "addOnManager")) {
            JSONSchemaProps gates = clusterManager.getProperties().get(component).getProperties().get("featureGates");
            assertTrue(gates.getXKubernetesValidations() != null && gates.getXKubernetesValidations().stream()
                    .anyMatch(r -> r.getRule().contains("exists_one") && r.getMessage().contains("only once")),
                    component + ".featureGates needs a uniqueness rule with a readable message");
            assertTrue(gates.getMaxItems() != null && gates.getItems().getSchema().getProperties().get("feature")
                    .getMaxLength() != null, component + ": the rule's cost must be bounded (maxItems, maxLength)");
        }
    }

    @Test
    void schemaCarriesTheValidationUsersRelyOn() throws IOException {
        JSONSchemaProps spec = shipped().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec");
        assertFalse(spec.getProperties().get("version").getPattern().isEmpty(), "version has a pattern");
        assertEquals("Delete", spec.getProperties().get("deletionPolicy").getDefault().asText());
        assertEquals(3, spec.getProperties().get("deletionPolicy").getEnum().size());
        JSONSchemaProps images = spec.getProperties().get("images");
        assertTrue(images.getProperties().get("registrationOperator").getXKubernetesValidations().stream()
                .anyMatch(r -> r.getRule().contains(":latest")), "a CEL rule refuses :latest");
        assertTrue(shipped().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getXKubernetesValidations()
                .stream().anyMatch(r -> r.getRule().contains("deleteWithJoinedClusters")), "the cross-field rule is there");
        JSONSchemaProps gate = spec.getProperties().get("clusterManager").getProperties().get("registration")
                .getProperties().get("featureGates").getItems().getSchema();
        assertEquals("feature", gate.getRequired().get(0));
        assertEquals(5.0, spec.getProperties().get("operator").getProperties().get("replicas").getMaximum());
    }

    @Test
    void admissionRefusesWhatKubernetesWouldRefuseDownstream() throws IOException {
        JSONSchemaProps root = shipped().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        JSONSchemaProps spec = root.getProperties().get("spec");
        assertTrue(root.getXKubernetesValidations().stream().anyMatch(r -> r.getRule().contains("metadata.name.size() <= 63")),
                "the name becomes a label value on every object: at most 63 characters");
        for (String owner : List.of("operator", "clusterManager")) {
            JSONSchemaProps tolerations = spec.getProperties().get(owner).getProperties().get("nodePlacement")
                    .getProperties().get("tolerations");
            List<String> messages = tolerations.getXKubernetesValidations().stream().map(r -> r.getMessage()).toList();
            for (String expected : List.of("operator must be Exists or Equal", "effect must be NoSchedule",
                    "without a key must have operator Exists", "Exists must not have a value",
                    "tolerationSeconds applies only to effect NoExecute", "toleration keys have at most 317 characters")) {
                assertTrue(messages.stream().anyMatch(m -> m.contains(expected)), owner + ": missing rule " + expected);
            }
            assertEquals(32L, tolerations.getMaxItems(), owner + ": the rules' cost must be bounded");
            // Found by GeneratedHubs: a longer key passed admission, and the operator's JSON reader refuses mapping
            // keys over 50,000 characters, so it could not have read the VelaOcmHub.
            JSONSchemaProps selector = spec.getProperties().get(owner).getProperties().get("nodePlacement")
                    .getProperties().get("nodeSelector");
            assertTrue(selector.getXKubernetesValidations().stream().anyMatch(r -> r.getRule().contains("k.size() <= 317")
                    && r.getRule().contains("self[k].size() <= 63")), owner + ": node selector keys and values are bounded");
            assertEquals(32L, selector.getMaxProperties(), owner + ": the rule's cost must be bounded");
        }
        assertTrue(spec.getProperties().get("operator").getProperties().get("resources").getXKubernetesValidations()
                .stream().anyMatch(r -> r.getRule().equals("!has(self.claims)")), "resource claims are refused");
        assertEquals(64L, spec.getProperties().get("clusterManager").getProperties().get("registration")
                .getProperties().get("autoApproveUsers").getMaxItems());
    }

    private static CustomResourceDefinition shipped() throws IOException {
        return Serialization.unmarshal(Files.readString(SHIPPED), CustomResourceDefinition.class);
    }
}
