package dev.oam.ocm.hub.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftBudgetTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEPLOYMENT = "apps/v1/Deployment/open-cluster-management/cluster-manager";
    private static final DriftBudget.Contest CONTEST = new DriftBudget.Contest("Deployment cluster-manager",
            "spec.template.spec.containers[name=registration-operator].image", "image-pinner");

    /** A writer that changes the object every second for {@code seconds}: the seconds at which we repair. */
    private static List<Integer> repairsAgainstAWriterEverySecond(DriftBudget budget, int seconds) {
        List<Integer> repaired = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            Instant now = T0.plusSeconds(s);
            if (budget.allows(DEPLOYMENT, now)) {
                budget.repaired(DEPLOYMENT, now);
                repaired.add(s);
            } else {
                budget.heldBack(DEPLOYMENT, now, CONTEST);
            }
        }
        return repaired;
    }

    @Test
    void repairsThreeTimesAtOnceThenOncePerTwentySeconds() {
        List<Integer> repaired = repairsAgainstAWriterEverySecond(new DriftBudget(), 180);
        assertEquals(List.of(0, 1, 2, 22, 42, 62, 82, 102, 122, 142, 162), repaired);
    }

    @Test
    void atMostFiveRepairsInAnyMinuteAndThreeOnceTheBurstIsOver() {
        List<Integer> repaired = repairsAgainstAWriterEverySecond(new DriftBudget(), 600);
        for (int start = 0; start < 540; start++) {
            int from = start;
            long inWindow = repaired.stream().filter(s -> s >= from && s < from + 60).count();
            int limit = from < DriftBudget.BURST ? 5 : 3;
            assertTrue(inWindow <= limit, "expected at most " + limit + " repairs in [" + from + ", " + (from + 60)
                    + "), saw " + inWindow);
        }
    }

    @Test
    void occasionalDriftIsRepairedAtOnceAndContestsNothing() {
        DriftBudget budget = new DriftBudget();
        for (int minute = 0; minute < 10; minute++) {
            Instant now = T0.plus(Duration.ofMinutes(minute));
            assertTrue(budget.allows(DEPLOYMENT, now), "minute " + minute);
            budget.repaired(DEPLOYMENT, now);
            assertEquals(List.of(), budget.contests(now));
            assertEquals(Optional.empty(), budget.nextChange(now));
        }
    }

    @Test
    void aHeldBackRepairContestsTheObjectUntilTheWriterHasBeenQuietForThirtySeconds() {
        DriftBudget budget = new DriftBudget();
        repairsAgainstAWriterEverySecond(budget, 10); // held back at seconds 3..9
        assertEquals(List.of(CONTEST), budget.contests(T0.plusSeconds(10)));
        assertEquals(List.of(CONTEST), budget.contests(T0.plusSeconds(38)));
        assertEquals(List.of(), budget.contests(T0.plusSeconds(39)), "30 s after the last held-back repair");
    }

    @Test
    void nextChangeIsTheDueRepairThenTheEndOfTheContest() {
        DriftBudget budget = new DriftBudget();
        repairsAgainstAWriterEverySecond(budget, 10);
        Instant now = T0.plusSeconds(10);
        assertEquals(Optional.of(T0.plusSeconds(22)), budget.nextChange(now), "the repair held back since second 3");
        budget.repaired(DEPLOYMENT, T0.plusSeconds(22));
        assertEquals(Optional.of(T0.plusSeconds(39)), budget.nextChange(T0.plusSeconds(22)), "the contest's end");
    }

    @Test
    void objectsHaveBudgetsOfTheirOwnAndForgetResetsOne() {
        DriftBudget budget = new DriftBudget();
        repairsAgainstAWriterEverySecond(budget, 5);
        String clusterManager = "operator.open-cluster-management.io/v1/ClusterManager/null/cluster-manager";
        assertTrue(budget.allows(clusterManager, T0.plusSeconds(5)));
        assertFalse(budget.allows(DEPLOYMENT, T0.plusSeconds(5)));
        budget.forget(DEPLOYMENT);
        assertTrue(budget.allows(DEPLOYMENT, T0.plusSeconds(5)));
        assertEquals(List.of(), budget.contests(T0.plusSeconds(5)));
    }
}
