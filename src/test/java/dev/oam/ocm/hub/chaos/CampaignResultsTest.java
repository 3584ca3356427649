package dev.oam.ocm.hub.chaos;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CampaignResultsTest {
    @Test
    void writesTheIssuesKeysPerFault() {
        CampaignResults results = new CampaignResults(42, "2 cores, test CPU");
        CampaignResults.Tally kill = results.fault("kill-during-install");
        kill.trials = 3;
        kill.converged = 3;
        kill.convergeSeconds.addAll(List.of(4.0, 2.0, 9.5));
        kill.operatorWrites = 120;

        Map<String, Object> json = results.asJson();
        assertEquals(42L, json.get("seed"));
        assertEquals("2 cores, test CPU", json.get("machine"));
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) json.get("faults")).get(0);
        assertEquals(List.of("name", "trials", "converged", "p50ConvergeSeconds", "p99ConvergeSeconds", "leakedObjects",
                "managedClustersLost", "operatorWrites", "deposedLeaderWrites", "operatorExits", "failures", "notes"),
                List.copyOf(row.keySet()));
        assertEquals(4.0, row.get("p50ConvergeSeconds"));
        assertEquals(9.5, row.get("p99ConvergeSeconds"));
        assertTrue(results.table().contains("| kill-during-install | 3 | 3 | 4.0 | 9.5 | 0 | 0 | 120 | 0 | 0 |"),
                results.table());
        assertEquals(List.of(), results.missedGoals());
    }

    @Test
    void namesEveryMissedGoal() {
        CampaignResults results = new CampaignResults(1, "m");
        CampaignResults.Tally split = results.fault("split-brain");
        split.trials = 2;
        split.converged = 1;
        split.convergeSeconds.add(31.0);
        split.leakedObjects = 1;
        split.managedClustersLost = 1;
        split.deposedLeaderWrites = 2;
        assertEquals(5, results.missedGoals().size(), String.join("\n", results.missedGoals()));
        assertEquals(4, results.missedGoals(false).size(), "without the timing goal");
    }

    @Test
    void aJoinedClusterThatWasNotAvailableMissesTheGoalAndIsReported() {
        CampaignResults results = new CampaignResults(1, "m");
        CampaignResults.Tally etcd = results.fault("joined-etcd-pause");
        etcd.trials = 2;
        etcd.converged = 2;
        etcd.convergeSeconds.addAll(List.of(3.0, 4.0));
        etcd.recordClusterSamples(0.0, 0);
        assertEquals(List.of(), results.missedGoals(), "AVAILABLE in every sample");

        etcd.recordClusterSamples(1.25, 6);
        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) results.asJson().get("faults")).get(0);
        assertEquals(6, row.get("joinedClusterUnavailableSamples"));
        assertEquals(1.25, row.get("joinedClusterLongestUnavailableSeconds"));
        assertEquals(List.of("joined-etcd-pause: the joined cluster was not AVAILABLE in 6 samples (longest 1.25 s)"),
                results.missedGoals());
    }
}
