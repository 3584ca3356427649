package dev.oam.ocm.hub.e2e.harness;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class PodStatusesTest {
    private static final Pod JOB_POD = new PodBuilder()
            .withNewMetadata().withName("hook-abc").withNamespace("ns").withUid("u1").endMetadata()
            .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("img:v1")
            .endContainer().endSpec()
            .build();

    @Test
    void aContainerThatExitedZeroMakesThePodSucceeded() {
        PodStatus status = PodStatuses.desired(JOB_POD, PodRunState.terminated(0, "done", 0, "10.213.0.9"),
                Instant.now());
        assertEquals("Succeeded", status.getPhase());
        ContainerStateTerminated terminated = status.getContainerStatuses().get(0).getState().getTerminated();
        assertNotNull(terminated, "the container is terminated: " + status.getContainerStatuses());
        assertEquals(0, terminated.getExitCode());
        assertEquals("Completed", terminated.getReason());
    }

    @Test
    void aContainerThatExitedNonZeroMakesThePodFailed() {
        PodStatus status = PodStatuses.desired(JOB_POD, PodRunState.terminated(3, "boom", 0, null), Instant.now());
        assertEquals("Failed", status.getPhase());
        assertEquals(3, status.getContainerStatuses().get(0).getState().getTerminated().getExitCode());
        assertEquals("Error", status.getContainerStatuses().get(0).getState().getTerminated().getReason());
    }

    @Test
    void aRunningPodIsRunningAndItsEndChangesTheFingerprint() {
        PodStatus running = PodStatuses.desired(JOB_POD, PodRunState.running(false, null, 0, Instant.now()),
                Instant.now());
        PodStatus done = PodStatuses.desired(JOB_POD, PodRunState.terminated(0, "done", 0, null), Instant.now());
        assertEquals("Running", running.getPhase());
        assertNotEquals(PodStatuses.fingerprint(running), PodStatuses.fingerprint(done),
                "the kubelet must write the end of a Job's pod");
    }
}
