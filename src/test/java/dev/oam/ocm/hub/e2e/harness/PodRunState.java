package dev.oam.ocm.hub.e2e.harness;

import java.time.Instant;

/**
 * What the fake kubelet reports for a pod's containers.
 *
 * @param running      a container runs (phase Running); false while it is created or crash-looping
 * @param ready        readiness passed (Ready and ContainersReady)
 * @param podIp        the pod's address, only when a real process listens on it; null otherwise
 * @param restartCount container restarts so far
 * @param waitingReason why it is not running (kubelet-style reason), null when running
 * @param message      details for {@code kubectl describe}, e.g. the log file of a crashed process
 * @param startedAt    when the current container started, null when not running
 * @param exitCode     the exit code of a container that ran to completion and is not restarted (a Job's pod
 *                     with restartPolicy Never or OnFailure): the pod's phase is Succeeded (0) or Failed; null
 *                     for every other state
 */
record PodRunState(boolean running, boolean ready, String podIp, int restartCount, String waitingReason,
        String message, Instant startedAt, Integer exitCode) {

    static PodRunState running(boolean ready, String podIp, int restartCount, Instant startedAt) {
        return new PodRunState(true, ready, podIp, restartCount, null, null, startedAt, null);
    }

    static PodRunState terminated(int exitCode, String message, int restartCount, String podIp) {
        return new PodRunState(false, false, podIp, restartCount, null, message, null, exitCode);
    }

    static PodRunState readyWithoutProcess(Instant since) {
        return running(true, null, 0, since);
    }

    static PodRunState waiting(String reason, String message, int restartCount, String podIp) {
        return new PodRunState(false, false, podIp, restartCount, reason, message, null, null);
    }
}
