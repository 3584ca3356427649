package dev.oam.ocm.hub.reconciler;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a stalled removal earns a nudge of the registration-operator: after NUDGE_AFTER without progress, once. */
class HubCleanupStallTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void progressRestartsTheClock() {
        HubCleanup.Stall first = HubCleanup.Stall.next(null, List.of("a", "b"), T0, false);
        HubCleanup.Stall progressed = HubCleanup.Stall.next(first, List.of("b"), T0.plusSeconds(8), false);

        assertEquals(T0.plusSeconds(8), progressed.since(), "a CRD went away: the wait starts again");
        assertFalse(progressed.nudgeDue(T0.plusSeconds(12)), "only 4 s without progress");
    }

    @Test
    void noProgressForTheWholeIntervalEarnsOneNudge() {
        HubCleanup.Stall first = HubCleanup.Stall.next(null, List.of("a"), T0, false);
        HubCleanup.Stall same = HubCleanup.Stall.next(first, List.of("a"), T0.plusSeconds(5), false);
        assertSame(first, same, "nothing changed");
        assertFalse(same.nudgeDue(T0.plusSeconds(9)));
        Instant due = T0.plus(HubCleanup.NUDGE_AFTER);
        assertTrue(same.nudgeDue(due));

        HubCleanup.Stall afterNudge = same.nudged(due);
        assertFalse(afterNudge.nudgeDue(due.plusSeconds(2)), "the next nudge waits a whole interval again");
        assertTrue(afterNudge.nudgeDue(due.plus(HubCleanup.NUDGE_AFTER)));
    }

    @Test
    void theLastHubCrdGoneEarnsANudgeAtOnce() {
        // Regression (fault campaign, kill-during-delete-Delete): the registration-operator drops its finalizer on
        // a pass that no event starts, and every Delete uninstall waited the whole interval for the nudge.
        HubCleanup.Stall crdsLeft = HubCleanup.Stall.next(null, List.of("a"), T0, false);
        Instant gone = T0.plusSeconds(3);
        HubCleanup.Stall lastStep = HubCleanup.Stall.next(crdsLeft, List.of(), gone, true);
        assertTrue(lastStep.nudgeDue(gone), "nothing left but the finalizer: nudge now");

        HubCleanup.Stall afterNudge = lastStep.nudged(gone);
        assertSame(afterNudge, HubCleanup.Stall.next(afterNudge, List.of(), gone.plusSeconds(2), true),
                "the same state seen again is not a new stall");
        assertFalse(afterNudge.nudgeDue(gone.plusSeconds(2)), "one nudge, then a whole interval before the next");
        assertTrue(afterNudge.nudgeDue(gone.plus(HubCleanup.NUDGE_AFTER)));
    }

    @Test
    void anOperatorRestartedAtTheLastStepNudgesAtOnce() {
        assertTrue(HubCleanup.Stall.next(null, List.of(), T0, true).nudgeDue(T0),
                "a restarted operator that finds no hub CRD left knows only the finalizer remains");
        assertFalse(HubCleanup.Stall.next(null, List.of(), T0, false).nudgeDue(T0),
                "KeepHubCRDs (no CRD to count): the registration-operator is given the whole interval");
    }
}
