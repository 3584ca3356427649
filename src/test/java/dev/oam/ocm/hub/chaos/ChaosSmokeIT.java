package dev.oam.ocm.hub.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code mvn -B verify -Pchaos-smoke}: one trial of the faults that fit CI's budget of about four minutes, so a
 * change that breaks recovery fails CI; the full campaign ({@link ChaosCampaignIT}) does not run there.
 */
class ChaosSmokeIT {
    static final List<String> SMOKE_FAULTS = List.of("kill-during-install", "apiserver-restart", "competing-writer",
            "rbac-revoked");

    @Test
    void oneTrialOfEachSmokeFaultConverges() {
        CampaignResults results = ChaosCampaignIT.campaign(Path.of("target/chaos-smoke"), SMOKE_FAULTS, 1, 10).run();
        assertEquals(List.of(), results.missedGoals(false), "goals missed; see target/chaos-smoke/results.json");
    }
}
