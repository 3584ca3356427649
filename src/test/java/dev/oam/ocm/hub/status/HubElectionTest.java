package dev.oam.ocm.hub.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.BundleLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubElectionTest {
    private static final String OLDEST = "2025-01-01T00:00:00Z";
    private static final String NEWER = "2025-06-01T00:00:00Z";

    private static VelaOcmHub hub(String name, String creationTimestamp) {
        VelaOcmHub hub = new VelaOcmHub();
        hub.getMetadata().setName(name);
        hub.getMetadata().setCreationTimestamp(creationTimestamp);
        return hub;
    }

    private static VelaOcmHub deleting(String name, String creationTimestamp) {
        VelaOcmHub hub = hub(name, creationTimestamp);
        hub.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        return hub;
    }

    /** A ClusterManager recording its hub in the ocm.oam.dev/hub label; null records none. */
    private static ClusterManager cm(String recordedHub) {
        ClusterManager cm = new ClusterManager();
        cm.getMetadata().setName(ClusterManager.NAME);
        if (recordedHub != null) {
            cm.getMetadata().setLabels(recordedBy(recordedHub));
        }
        return cm;
    }

    private static Map<String, String> recordedBy(String hub) {
        return Map.of(BundleLabels.MANAGED_BY, BundleLabels.MANAGED_BY_VALUE, BundleLabels.HUB, hub);
    }

    /** An object of the bundle, as the operator labels it for the given hub; null labels none. */
    private static HasMetadata bundleObject(String recordedHub) {
        return new NamespaceBuilder().withNewMetadata().withName("open-cluster-management")
                .withLabels(recordedHub == null ? null : recordedBy(recordedHub)).endMetadata().build();
    }

    private static Optional<String> owner(ClusterManager cm, VelaOcmHub... hubs) {
        return HubElection.owner(List.of(hubs), cm);
    }

    @Test
    void keepsTheHubRecordedOnTheClusterManagerEvenIfNewer() {
        assertEquals(Optional.of("newer"), owner(cm("newer"), hub("older", OLDEST), hub("newer", NEWER)),
                "expected the recorded hub to win over an older one");
    }

    @Test
    void keepsTheRecordedHubWhileItIsBeingDeleted() {
        assertEquals(Optional.of("newer"), owner(cm("newer"), hub("older", OLDEST), deleting("newer", NEWER)),
                "expected the recorded hub to keep ownership until it is gone, so it can clean up");
    }

    @Test
    void fallsBackToTheOldestHubWhenTheRecordedOneIsGone() {
        assertEquals(Optional.of("older"), owner(cm("gone"), hub("newer", NEWER), hub("older", OLDEST)),
                "expected the oldest hub when the recorded hub no longer exists");
    }

    @Test
    void picksTheOldestHubWithoutAClusterManager() {
        assertEquals(Optional.of("older"), owner(null, hub("newer", NEWER), hub("older", OLDEST)),
                "expected the oldest hub when there is no ClusterManager");
    }

    @Test
    void picksTheOldestHubWhenTheClusterManagerRecordsNone() {
        assertEquals(Optional.of("older"), owner(cm(null), hub("newer", NEWER), hub("older", OLDEST)),
                "expected the oldest hub when the ClusterManager has no hub label");
    }

    @Test
    void breaksACreationTimeTieByName() {
        assertEquals(Optional.of("alpha"), owner(null, hub("beta", OLDEST), hub("alpha", OLDEST)),
                "expected the first name to win between hubs created at the same second");
    }

    @Test
    void neverElectsADeletingHubInTheFallback() {
        assertEquals(Optional.of("newer"), owner(null, deleting("older", OLDEST), hub("newer", NEWER)),
                "expected a deleting hub not to win the fallback even when oldest");
    }

    @Test
    void electsNobodyWhenEveryUnrecordedHubIsDeleting() {
        assertEquals(Optional.empty(), owner(cm("gone"), deleting("older", OLDEST)),
                "expected no owner when only deleting, unrecorded hubs exist");
    }

    @Test
    void electsNobodyWithoutHubs() {
        assertEquals(Optional.empty(), owner(cm("gone")), "expected no owner without any VelaOcmHub");
    }

    @Test
    void givesTheSameAnswerWhateverTheOrderOfHubs() {
        VelaOcmHub a = hub("a", NEWER);
        VelaOcmHub b = hub("b", OLDEST);
        VelaOcmHub c = hub("c", OLDEST);

        assertEquals(owner(null, a, b, c), owner(null, c, b, a), "expected the election not to depend on list order");
        assertEquals(Optional.of("b"), owner(null, c, a, b), "expected b, oldest then first by name");
    }

    @Test
    void aHubRecordedOnTheClusterManagerMayTearItDown() {
        assertEquals(Optional.empty(), HubElection.whyNotOwner("hub", cm("hub"), List.of()),
                "expected the hub named by the ClusterManager to own it");
    }

    @Test
    void aClusterManagerInstalledByAnotherToolIsNeverTornDown() {
        Optional<String> why = HubElection.whyNotOwner("hub", cm(null), List.of(bundleObject("hub")));
        assertTrue(why.orElse("").contains("another tool"),
                "expected an unlabelled ClusterManager to stay even when this hub labelled other objects, got " + why);
    }

    @Test
    void aClusterManagerOfAnotherHubIsNeverTornDown() {
        Optional<String> why = HubElection.whyNotOwner("hub", cm("other"), List.of(bundleObject("hub")));
        assertTrue(why.orElse("").contains("VelaOcmHub other"), "expected the other owner to be named, got " + why);
    }

    @Test
    void anOwnerWhoseClusterManagerIsAlreadyGoneFinishesItsRemoval() {
        assertEquals(Optional.empty(), HubElection.whyNotOwner("hub", null, List.of(bundleObject(null), bundleObject("hub"))),
                "expected objects labelled with this hub to keep an interrupted removal going");
    }

    @Test
    void aHubThatNeverInstalledAnythingRemovesNothing() {
        Optional<String> why = HubElection.whyNotOwner("hub", null, List.of(bundleObject(null), bundleObject("other")));
        assertTrue(why.orElse("").contains("never installed"), "expected no ownership without our labels, got " + why);
    }

    @Test
    void aLabelWithoutTheOperatorsManagedByIsNoRecord() {
        ClusterManager cm = cm(null);
        cm.getMetadata().setLabels(Map.of(BundleLabels.HUB, "hub"));
        assertTrue(HubElection.whyNotOwner("hub", cm, List.of()).isPresent(),
                "expected a hub label someone else set not to count as the operator's record");
    }
}
