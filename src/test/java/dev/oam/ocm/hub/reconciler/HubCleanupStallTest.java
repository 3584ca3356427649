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
        HubCleanup.Stall first = HubCleanup.Stall.next(null, List.of("a", "b"), T0);
        HubCleanup.Stall progressed = HubCleanup.Stall.next(first, List.of("b"), T0.plusSeconds(8));

        assertEquals(T0.plusSeconds(8), progressed.since(), "a CRD went away: the wait starts again");
        assertFalse(progressed.nudgeDue(T0.plusSeconds(12)), "only 4 s without progress");
    }

    @Test
    void noProgressForTheWholeIntervalEarnsOneNudge() {
        HubCleanup.Stall first = HubCleanup.Stall.next(null, List.of("a"), T0);
        HubCleanup.Stall same = HubCleanup.Stall.next(first, List.of("a"), T0.plusSeconds(5));
        assertSame(first, same, "nothing changed");
        assertFalse(same.nudgeDue(T0.plusSeconds(9)));
        Instant due = T0.plus(HubCleanup.NUDGE_AFTER);
        assertTrue(same.nudgeDue(due));

        HubCleanup.Stall afterNudge = same.nudged(due);
        assertFalse(afterNudge.nudgeDue(due.plusSeconds(2)), "the next nudge waits a whole interval again");
        assertTrue(afterNudge.nudgeDue(due.plus(HubCleanup.NUDGE_AFTER)));
    }
}
