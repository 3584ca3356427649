package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.JoinAccess;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PruningTest {
    private static final String HUB = "hub";
    private static final String OURS = "vela-ocm-hub-operator";
    private static final String PULL_CONFIG = "eyJhdXRocyI6e319";

    @Test
    void turningJoinAccessOffRemovesTheJoinIdentitiesBindingsFirst() {
        List<HasMetadata> live = applied(render(spec(true, null), null));

        List<String> unwanted = names(Pruning.unwanted(HUB, live, render(spec(false, null), null).objects(), OURS));

        assertEquals(List.of(
                "ClusterRoleBinding//cluster-bootstrap-sa",
                "ClusterRoleBinding//open-cluster-management:bootstrap:agent-registration",
                "ClusterRole//open-cluster-management:bootstrap",
                "ClusterRole//system:open-cluster-management:bootstrap",
                "ServiceAccount/open-cluster-management/agent-registration-bootstrap",
                "ServiceAccount/open-cluster-management/cluster-bootstrap"), unwanted,
                "expected exactly the join identities, bindings before roles before service accounts");
    }

    @Test
    void removingThePullSecretRemovesTheCopy() {
        List<HasMetadata> live = applied(render(spec(true, "credentials"), PULL_CONFIG));

        List<String> unwanted = names(Pruning.unwanted(HUB, live, render(spec(true, null), null).objects(), OURS));

        assertEquals(List.of("Secret/open-cluster-management/open-cluster-management-image-pull-credentials"), unwanted);
    }

    @Test
    void anUnchangedBundleWantsEverythingItHas() {
        Bundle bundle = render(spec(true, "credentials"), PULL_CONFIG);

        assertEquals(List.of(), Pruning.unwanted(HUB, applied(bundle), bundle.objects(), OURS));
    }

    @Test
    void removalWithoutABundleTakesEverythingButTheClusterManagerOperatorFirstCrdLast() {
        List<HasMetadata> live = applied(render(spec(false, "credentials"), PULL_CONFIG));

        List<String> unwanted = names(Pruning.unwanted(HUB, live, List.of(), OURS));

        assertEquals(List.of(
                "Deployment/open-cluster-management/cluster-manager",
                "ClusterRoleBinding//cluster-manager",
                "ClusterRole//cluster-manager",
                "ServiceAccount/open-cluster-management/cluster-manager",
                "Secret/open-cluster-management/open-cluster-management-image-pull-credentials",
                "Namespace//open-cluster-management",
                "CustomResourceDefinition//clustermanagers.operator.open-cluster-management.io"), unwanted,
                "expected the ClusterManager never to be pruned (only the ordered removal deletes it)");
    }

    @Test
    void removesWhatAnOlderReleaseRenderedAndTheNewOneDoesNot() {
        List<HasMetadata> live = applied(render(spec(true, null), null));
        live.add(ours(new ServiceAccountBuilder().withNewMetadata().withName("registration-operator-legacy")
                .withNamespace(HubBundle.OCM_NAMESPACE).withLabels(labels(HUB, "1.0.0")).endMetadata().build()));

        List<String> unwanted = names(Pruning.unwanted(HUB, live, render(spec(true, null), null).objects(), OURS));

        assertEquals(List.of("ServiceAccount/open-cluster-management/registration-operator-legacy"), unwanted);
    }

    @Test
    void neverTouchesObjectsWithoutBothLabelsOrOfAnotherHub() {
        Map<String, String> onlyManagedBy = Map.of(BundleLabels.MANAGED_BY, BundleLabels.MANAGED_BY_VALUE);
        List<HasMetadata> live = List.of(
                ours(serviceAccount("unlabelled", null)),
                ours(serviceAccount("managed-by-only", onlyManagedBy)),
                ours(serviceAccount("other-hub", labels("other", "1.3.1"))));

        assertEquals(List.of(), Pruning.unwanted(HUB, live, List.of(), OURS));
    }

    @Test
    void keepsHubCrdsTheRegistrationOperatorCopiedOurLabelsOnto() {
        // The registration-operator stamps the ClusterManager's labels on every hub CRD it creates.
        HasMetadata managedClusters = new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName("managedclusters.cluster.open-cluster-management.io").withLabels(labels(HUB, "1.3.1"))
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("registration-operator")
                        .withOperation("Update").build())
                .endMetadata().build();

        assertEquals(List.of(), Pruning.unwanted(HUB, List.of(managedClusters), List.of(), OURS),
                "deleting a hub CRD would delete every ManagedCluster");
    }

    @Test
    void skipsObjectsAlreadyBeingDeleted() {
        HasMetadata terminating = ours(serviceAccount("leaving", labels(HUB, "1.3.1")));
        terminating.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

        assertEquals(List.of(), Pruning.unwanted(HUB, List.of(terminating), List.of(), OURS));
    }

    @ParameterizedTest(name = "OCM {0}")
    @MethodSource("versions")
    void knowsEveryKindTheBundleRenders(String version) {
        VelaOcmHubSpec spec = spec(true, "credentials");
        spec.setVersion(version);
        for (HasMetadata object : render(spec, PULL_CONFIG).objects()) {
            assertTrue(Pruning.KINDS.stream().anyMatch(kind -> kind.isInstance(object)),
                    "expected Pruning.KINDS to list " + object.getKind() + ", or what it leaves behind is never removed");
        }
    }

    @Test
    void looksUpEverySecretTheBundleRendersByName() {
        List<HasMetadata> secrets = render(spec(true, "credentials"), PULL_CONFIG).objects().stream()
                .filter(o -> o.getKind().equals("Secret")).toList();
        for (HasMetadata secret : secrets) {
            assertTrue(Pruning.SECRET_NAMES.contains(Map.entry(secret.getMetadata().getNamespace(), secret.getMetadata().getName())),
                    "expected Pruning.SECRET_NAMES to name " + secret.getMetadata().getName() + " (Secrets are never listed)");
        }
    }

    static Stream<String> versions() {
        return ReleaseCatalog.versions().stream();
    }

    private static Bundle render(VelaOcmHubSpec spec, String pullConfig) {
        return HubBundle.render(HUB, spec, pullConfig);
    }

    private static VelaOcmHubSpec spec(boolean joinAccess, String pullSecret) {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        JoinAccess access = new JoinAccess();
        access.setEnabled(joinAccess);
        spec.setJoinAccess(access);
        spec.setImagePullSecret(pullSecret);
        return spec;
    }

    /** The bundle's objects as the API server returns them after the operator applied them. */
    private static List<HasMetadata> applied(Bundle bundle) {
        List<HasMetadata> live = new ArrayList<>();
        for (HasMetadata desired : bundle.objects()) {
            live.add(ours(Serialization.clone(desired)));
        }
        return live;
    }

    private static <T extends HasMetadata> T ours(T object) {
        object.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager(OURS)
                .withOperation("Apply").build()));
        return object;
    }

    private static HasMetadata serviceAccount(String name, Map<String, String> labels) {
        return new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(HubBundle.OCM_NAMESPACE)
                .withLabels(labels).endMetadata().build();
    }

    private static Map<String, String> labels(String hub, String version) {
        return Map.of(BundleLabels.MANAGED_BY, BundleLabels.MANAGED_BY_VALUE, BundleLabels.HUB, hub,
                BundleLabels.OCM_VERSION, version);
    }

    private static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(Pruning::identity).toList();
    }
}
