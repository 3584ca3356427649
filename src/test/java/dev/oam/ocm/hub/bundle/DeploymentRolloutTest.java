package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One reading of a rollout for both questions: finished (readiness) and finished with all available (upgrade). */
class DeploymentRolloutTest {

    @ParameterizedTest(name = "wanted {0}, updated {1}, total {2}, available {3}, observed gen {4} -> {5} / {6}")
    @CsvSource({
        "1, 1, 1, 1, 2, true, true",
        "3, 3, 3, 1, 2, true, false",   // finished, one of three available: Ready may hold, an upgrade waits
        "3, 2, 3, 3, 2, false, false",  // one replica still on the old template
        "3, 3, 4, 3, 2, false, false",  // an old pod not yet gone
        "1, 1, 1, 1, 1, false, false",  // the controller has not seen the new generation
        "1, 0, 0, 0, 2, false, false",
    })
    void readsTheRollout(int wanted, int updated, int total, int available, long observedGeneration,
                         boolean finished, boolean allAvailable) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(wanted).endSpec()
                .withNewStatus().withObservedGeneration(observedGeneration).withUpdatedReplicas(updated)
                .withReplicas(total).withAvailableReplicas(available).endStatus().build();
        DeploymentRollout rollout = DeploymentRollout.of(d);

        assertEquals(finished, rollout.finished(), "finished");
        assertEquals(allAvailable, rollout.finishedAndAllAvailable(), "finished and all available");
    }
}
