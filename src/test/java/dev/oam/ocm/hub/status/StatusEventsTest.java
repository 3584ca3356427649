package dev.oam.ocm.hub.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.status.StatusEvents.Event;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusEventsTest {
    private static Condition condition(String type, String status, String reason) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage("because " + reason).withLastTransitionTime("2026-01-01T00:00:00Z").build();
    }

    private static VelaOcmHubStatus status(Condition... conditions) {
        VelaOcmHubStatus status = new VelaOcmHubStatus();
        status.setConditions(List.of(conditions));
        return status;
    }

    private static VelaOcmHubStatus generation(VelaOcmHubStatus status, Long observed, Long lastReady) {
        status.setObservedGeneration(observed);
        status.setLastReadyGeneration(lastReady);
        return status;
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    private static Condition ready(boolean ok, String reason) {
        return condition(HubConditions.READY, ok ? "True" : "False", reason);
    }

    private static VelaOcmHubStatus healthy() {
        return status(ready(true, HubConditions.HUB_READY),
                condition(HubConditions.BUNDLE_APPLIED, "True", HubConditions.APPLIED),
                condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE),
                condition("Applied", "True", "ClusterManagerApplied"));
    }

    @Test
    void recordsNothingWhenNothingChanged() {
        assertEquals(List.of(), StatusEvents.between(healthy(), healthy()), "expected no events for an unchanged status");
    }

    @Test
    void recordsNothingWhenOnlyMessagesOrTimesChanged() {
        VelaOcmHubStatus before = status(ready(false, HubConditions.ROLLING_OUT));
        Condition sameButNewer = new ConditionBuilder(ready(false, HubConditions.ROLLING_OUT))
                .withMessage("2/3 replicas").withLastTransitionTime("2026-01-01T00:05:00Z").build();

        assertEquals(List.of(), StatusEvents.between(before, status(sameButNewer)),
                "expected no event when status and reason are unchanged");
    }

    @Test
    void recordsANormalEventWhenReadyBecomesTrue() {
        VelaOcmHubStatus before = status(ready(false, HubConditions.ROLLING_OUT));
        VelaOcmHubStatus after = status(ready(true, HubConditions.HUB_READY));

        assertEquals(List.of(new Event("Normal", HubConditions.HUB_READY, "Ready: because HubReady")),
                StatusEvents.between(before, after), "expected one Normal HubReady event");
    }

    @Test
    void recordsANormalEventWhenTheFirstStatusIsReady() {
        List<Event> events = StatusEvents.between(null, status(ready(true, HubConditions.HUB_READY)));

        assertEquals(List.of(new Event("Normal", HubConditions.HUB_READY, "Ready: because HubReady")), events,
                "expected a Normal event for a hub that is ready at first sight");
    }

    @Test
    void recordsAWarningWhenReadyGoesFalse() {
        List<Event> events = StatusEvents.between(status(ready(true, HubConditions.HUB_READY)),
                status(ready(false, HubConditions.DEGRADED)));

        assertEquals(List.of(new Event("Warning", HubConditions.DEGRADED, "Ready: because HubDegraded")), events,
                "expected one Warning HubDegraded event");
    }

    @Test
    void aHealthyInstallRecordsNoWarning() {
        // The transitions of a real install, as the e2e suite saw them: none of them needs a person.
        VelaOcmHubStatus[] install = {
            null,
            status(ready(false, HubConditions.CLUSTER_MANAGER_MISSING),
                    condition(HubConditions.OPERATOR_AVAILABLE, "False", HubConditions.DEPLOYMENT_UNAVAILABLE)),
            status(ready(false, HubConditions.STALE_STATUS),
                    condition(HubConditions.OPERATOR_AVAILABLE, "False", HubConditions.DEPLOYMENT_UNAVAILABLE)),
            status(ready(false, HubConditions.WAITING_FOR_CONDITIONS),
                    condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE)),
            status(ready(false, HubConditions.DEGRADED),
                    condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE)),
            status(ready(false, HubConditions.ROLLING_OUT),
                    condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE)),
            status(ready(true, HubConditions.HUB_READY),
                    condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE)),
        };
        for (int i = 1; i < install.length; i++) {
            List<Event> events = StatusEvents.between(install[i - 1], install[i]);
            assertTrue(events.stream().allMatch(e -> e.type().equals("Normal")),
                    "step " + i + " of an install: expected only Normal events, got " + events);
        }
    }

    @Test
    void anUpgradeOfAReadyHubRecordsNoWarning() {
        VelaOcmHubStatus ready = generation(status(ready(true, HubConditions.HUB_READY)), 3L, 3L);
        VelaOcmHubStatus waiting = generation(status(ready(false, HubConditions.UPGRADING)), 4L, 3L);
        VelaOcmHubStatus degraded = generation(status(ready(false, HubConditions.DEGRADED),
                condition(HubConditions.OPERATOR_AVAILABLE, "False", HubConditions.DEPLOYMENT_UNAVAILABLE)), 4L, 3L);

        assertEquals(List.of("Normal"), types(StatusEvents.between(ready, waiting)), "Ready -> upgrading");
        assertTrue(types(StatusEvents.between(waiting, degraded)).stream().allMatch("Normal"::equals),
                "a component unavailable while the new spec rolls out is progress");
    }

    @Test
    void aHubThatWasReadyAndDegradesAgainRecordsWarnings() {
        VelaOcmHubStatus degraded = generation(status(ready(false, HubConditions.DEGRADED)), 3L, 3L);
        VelaOcmHubStatus worse = generation(status(ready(false, HubConditions.OPERATOR_UNAVAILABLE),
                condition(HubConditions.OPERATOR_AVAILABLE, "False", HubConditions.DEPLOYMENT_UNAVAILABLE)), 3L, 3L);

        assertEquals(List.of("Warning", "Warning"), types(StatusEvents.between(degraded, worse)),
                "Ready for generation 3 earlier, so a new failure on generation 3 is a degradation");
    }

    @Test
    void aDegradedHubThatRollsOutOnItsWayBackRecordsNoSecondWarning() {
        VelaOcmHubStatus ready = generation(status(ready(true, HubConditions.HUB_READY)), 3L, 3L);
        VelaOcmHubStatus degraded = generation(status(ready(false, HubConditions.DEGRADED)), 3L, 3L);
        VelaOcmHubStatus rolling = generation(status(ready(false, HubConditions.ROLLING_OUT)), 3L, 3L);

        assertEquals(List.of("Warning"), types(StatusEvents.between(ready, degraded)), "the drop from Ready");
        List<Event> back = StatusEvents.between(degraded, rolling);
        assertEquals(List.of("Normal"), types(back), "the replaced pod rolls out: recovery, not a second failure");
        assertEquals(HubConditions.ROLLING_OUT, back.get(0).reason());
        assertEquals(List.of("Warning"), types(StatusEvents.between(ready, rolling)),
                "a Ready hub that starts rolling out on the same spec has dropped: that is a Warning");
        assertEquals(List.of("Warning"), types(StatusEvents.between(rolling, degraded)),
                "degraded again while rolling out is a new failure");
    }

    /** The whole mapping: reason x (was Ready for this spec) x (deleting) -> severity of a bad transition. */
    @ParameterizedTest(name = "{0}, wasReady={1}, deleting={2} -> {3}")
    @CsvSource({
        "InvalidSpec, false, false, Warning",
        "ApplyFailed, false, false, Warning",
        "Conflict, false, false, Warning",
        "ClusterManagerNotApplied, false, false, Warning",
        "ManagedClustersJoined, false, true, Warning",
        "ApplyFailed, true, true, Warning",
        "ClusterManagerMissing, false, false, Normal",
        "ClusterManagerStatusStale, false, false, Normal",
        "WaitingForClusterManagerConditions, false, false, Normal",
        "HubRollingOut, false, false, Normal",
        "HubDegraded, false, false, Normal",
        "OperatorUnavailable, false, false, Normal",
        "WaitingForOperatorRollout, false, false, Normal",
        "DeploymentMissing, false, false, Normal",
        "DeploymentRollingOut, false, false, Normal",
        "DeploymentUnavailable, false, false, Normal",
        "HubDegraded, true, false, Warning",
        "OperatorUnavailable, true, false, Warning",
        "DeploymentUnavailable, true, false, Warning",
        "ClusterManagerMissing, true, false, Warning",
        "ClusterManagerStatusStale, true, false, Warning",
        "Deleting, true, true, Normal",
        "DeploymentUnavailable, true, true, Normal",
    })
    void severityOfABadTransition(String reason, boolean wasReady, boolean deleting, String expected) {
        assertEquals(expected, StatusEvents.severity(false, reason, wasReady, deleting));
    }

    @ParameterizedTest
    @ValueSource(strings = {HubConditions.HUB_READY, HubConditions.DEPLOYMENT_AVAILABLE, HubConditions.APPLIED})
    void aGoodTransitionIsAlwaysNormal(String reason) {
        assertEquals("Normal", StatusEvents.severity(true, reason, true, false));
        assertEquals("Normal", StatusEvents.severity(true, reason, false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {HubConditions.BUNDLE_APPLIED, HubConditions.OPERATOR_AVAILABLE})
    void recordsAWarningWhenASecondaryConditionGoesBadOnAReadyHub(String type) {
        List<Event> events = StatusEvents.between(status(ready(true, HubConditions.HUB_READY),
                        condition(type, "True", "Fine")),
                status(ready(true, HubConditions.HUB_READY), condition(type, "False", "Broken")));

        assertEquals(List.of(new Event("Warning", "Broken", type + ": because Broken")), events,
                "expected one Warning when " + type + " goes False on a Ready hub");
    }

    @ParameterizedTest
    @ValueSource(strings = {HubConditions.BUNDLE_APPLIED, HubConditions.OPERATOR_AVAILABLE})
    void recordsANormalEventWhenASecondaryConditionRecovers(String type) {
        List<Event> events = StatusEvents.between(status(condition(type, "False", "Broken")),
                status(condition(type, "True", "Fine")));

        assertEquals(List.of(new Event("Normal", "Fine", type + ": because Fine")), events,
                "expected one Normal event when " + type + " recovers");
    }

    @Test
    void anAddonInstallingOnAReadyHubRecordsNoWarningButADropFromAvailableDoes() {
        String type = "AddonClusterProxyAvailable";
        VelaOcmHubStatus waiting = status(ready(true, HubConditions.HUB_READY),
                condition(type, "False", HubConditions.ADDON_WAITING));
        VelaOcmHubStatus starting = status(ready(true, HubConditions.HUB_READY),
                condition(type, "False", HubConditions.ADDON_MANAGER_UNAVAILABLE));
        VelaOcmHubStatus available = status(ready(true, HubConditions.HUB_READY),
                condition(type, "True", HubConditions.ADDON_AVAILABLE));

        assertEquals(List.of("Normal"), types(StatusEvents.between(healthy(), waiting)), "enabled on a Ready hub");
        assertEquals(List.of("Normal"), types(StatusEvents.between(waiting, starting)), "its manager starting");
        assertEquals(List.of("Normal"), types(StatusEvents.between(starting, available)), "available");
        assertEquals(List.of("Warning"), types(StatusEvents.between(available, starting)), "its manager lost");
        assertEquals(List.of("Warning"), types(StatusEvents.between(waiting,
                status(ready(true, HubConditions.HUB_READY), condition(type, "False", HubConditions.ADDON_APPLY_FAILED)))),
                "an apply failure needs a person");
    }

    @Test
    void recordsNothingForASecondaryConditionThatStartsFine() {
        VelaOcmHubStatus first = status(condition(HubConditions.BUNDLE_APPLIED, "True", HubConditions.APPLIED),
                condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE));

        assertEquals(List.of(), StatusEvents.between(new VelaOcmHubStatus(), first),
                "expected no events for secondary conditions that appear True");
    }

    @Test
    void recordsAWarningWhenDeletionBecomesBlocked() {
        VelaOcmHubStatus before = status(ready(false, HubConditions.DELETING));
        VelaOcmHubStatus after = status(ready(false, HubConditions.DELETING),
                condition(HubConditions.DELETION_BLOCKED, "True", HubConditions.MANAGED_CLUSTERS_JOINED));

        assertEquals(List.of(new Event("Warning", HubConditions.MANAGED_CLUSTERS_JOINED,
                        "DeletionBlocked: because ManagedClustersJoined")), StatusEvents.between(before, after),
                "expected a Warning when deletion is blocked by joined ManagedClusters");
    }

    @Test
    void recordsOneEventPerTransition() {
        VelaOcmHubStatus after = status(ready(false, HubConditions.APPLY_FAILED),
                condition(HubConditions.BUNDLE_APPLIED, "False", HubConditions.APPLY_FAILED),
                condition(HubConditions.OPERATOR_AVAILABLE, "True", HubConditions.DEPLOYMENT_AVAILABLE),
                condition("Applied", "True", "ClusterManagerApplied"));
        List<Event> events = StatusEvents.between(healthy(), after);

        assertEquals(List.of("Ready", "BundleApplied"),
                events.stream().map(e -> e.message().substring(0, e.message().indexOf(':'))).toList(),
                "expected one event for Ready and one for BundleApplied, none for the unchanged ones");
        assertTrue(events.stream().allMatch(e -> e.type().equals("Warning")), "expected both to be Warnings");
    }

    @Test
    void ignoresMirroredClusterManagerConditions() {
        VelaOcmHubStatus before = status(ready(true, HubConditions.HUB_READY), condition("SomethingNew", "False", "A"));
        VelaOcmHubStatus after = status(ready(true, HubConditions.HUB_READY), condition("SomethingNew", "True", "B"));

        assertEquals(List.of(), StatusEvents.between(before, after),
                "expected no events for a mirrored ClusterManager condition");
    }
}
