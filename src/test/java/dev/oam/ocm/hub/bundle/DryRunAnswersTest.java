package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.bundle.DryRunAnswers.Meaning;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each answer to a dry-run of a bundle object means, and which spec field a refusal is about. */
class DryRunAnswersTest {
    private static final Bundle BUNDLE = HubBundle.render("hub", new VelaOcmHubSpec(), null);

    @ParameterizedTest(name = "{0} answered {1} means {2}")
    @CsvSource({
            "Deployment, 200, ACCEPTED",
            "Deployment, 201, ACCEPTED",
            "Deployment, 422, INVALID_SPEC",
            "ClusterManager, 400, INVALID_SPEC",
            // The bundle's own namespace and CRD do not exist before the first real apply.
            "Deployment, 404, CANNOT_CHECK_YET",
            "ServiceAccount, 404, CANNOT_CHECK_YET",
            "ClusterManager, 404, CANNOT_CHECK_YET",
            // A cluster-scoped object depends on nothing in the bundle: NotFound there is not expected, so retried.
            "ClusterRole, 404, RETRY",
            "Deployment, 403, RETRY",
            "Deployment, 409, RETRY",
            "Deployment, 500, RETRY",
            "Deployment, 503, RETRY",
            "Deployment, 0, RETRY"})
    void answersMean(String kind, int code, Meaning meaning) {
        assertEquals(meaning, DryRunAnswers.of(BUNDLE, object(kind), code));
    }

    @ParameterizedTest(name = "{0} waits for {1}")
    @CsvSource({
            "Deployment, Namespace open-cluster-management",
            "ServiceAccount, Namespace open-cluster-management",
            "ClusterManager, CustomResourceDefinition clustermanagers.operator.open-cluster-management.io",
            "ClusterRole, nothing",
            "CustomResourceDefinition, nothing",
            "Namespace, nothing"})
    void anObjectWaitsForTheNamespaceOrCrdTheBundleCreates(String kind, String dependency) {
        assertEquals(dependency, DryRunAnswers.dependency(BUNDLE, object(kind)).map(Bundle::describe).orElse("nothing"));
    }

    @ParameterizedTest(name = "{0} refused at {1} is about {2}")
    @CsvSource(delimiter = '|', value = {
            "Deployment | spec.template.spec.tolerations[0].effect: Unsupported value | spec.operator.nodePlacement.tolerations",
            "Deployment | spec.template.spec.nodeSelector: Invalid value: \"a b\" | spec.operator.nodePlacement.nodeSelector",
            "Deployment | spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit | spec.operator.resources",
            "Deployment | spec.template.spec.containers[0].image: Required value | spec.images.registrationOperator or spec.imageRegistry",
            "Deployment | spec.replicas: Invalid value: -1 | spec.operator.replicas",
            "ClusterManager | spec.nodePlacement.tolerations[0].operator: Unsupported value | spec.clusterManager.nodePlacement",
            "ClusterManager | spec.registrationConfiguration.autoApproveUsers[0]: Invalid value | spec.clusterManager.registration.autoApproveUsers",
            "ClusterManager | spec.workConfiguration.featureGates[0].feature: Invalid value | spec.clusterManager.work",
            "ClusterManager | spec.registrationImagePullSpec: Invalid value | spec.images or spec.imageRegistry",
            "ClusterRole | metadata.labels: Invalid value: \"hhhh\": must be no more than 63 characters | metadata.name"})
    void aRefusalNamesTheSpecFieldBehindIt(String kind, String apiMessage, String specField) {
        String message = DryRunAnswers.invalidSpec(object(kind), apiMessage);
        assertTrue(message.startsWith(specField + ": "), "expected " + specField + " first in: " + message);
        assertTrue(message.contains(apiMessage), "expected the API server's words in: " + message);
        assertTrue(message.contains(kind + " "), "expected the refused object in: " + message);
    }

    @Test
    void aRefusalNoSpecFieldExplainsStillNamesTheRefusedObject() {
        String message = DryRunAnswers.invalidSpec(object("Deployment"), "admission webhook \"policy.example.com\" denied");
        assertEquals("the API server refuses Deployment open-cluster-management/cluster-manager rendered from this spec"
                + " (admission webhook \"policy.example.com\" denied); nothing was applied", message);
    }

    private static HasMetadata object(String kind) {
        return BUNDLE.objects().stream().filter(o -> o.getKind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("the bundle has no " + kind));
    }
}
