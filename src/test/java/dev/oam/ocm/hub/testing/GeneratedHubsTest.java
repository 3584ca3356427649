package dev.oam.ocm.hub.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample the API server scenario draws outside any property: replayable from its seed, and mixed. */
class GeneratedHubsTest {
    @Test
    void aSeedGivesTheSameCasesAgain() {
        List<String> first = GeneratedHubs.releases(2, "1.2.1").sample(35, 42L, 30).stream().map(GeneratedHubs.Case::document).toList();
        List<String> again = GeneratedHubs.releases(2, "1.2.1").sample(35, 42L, 30).stream().map(GeneratedHubs.Case::document).toList();
        assertEquals(first, again);
    }

    @Test
    void aSampleHoldsValidAndBrokenHubsOfTheAskedRelease() {
        List<GeneratedHubs.Case> cases = GeneratedHubs.releases(2, "1.2.1").sample(35, 7L, 60);
        assertTrue(cases.stream().anyMatch(c -> c.field() == null), "some valid hubs");
        assertTrue(cases.stream().filter(c -> c.field() != null).map(GeneratedHubs.Case::description).distinct().count() > 5,
                "several kinds of breakage");
        assertTrue(cases.stream().filter(c -> c.field() == null).allMatch(c -> String.valueOf(c.spec().get("version")).matches("v?1\\.2\\.1")),
                "valid hubs name the release asked for");
    }
}
