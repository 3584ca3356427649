package dev.oam.ocm.hub.e2e.harness;

import java.time.Instant;

/** What the fake kubelet does for one pod: nothing (Ready without IP), or run a real binary. */
interface PodRunner {
    /** Starts work without blocking; state changes are announced through the callback given at creation. */
    void start();

    PodRunState state();

    /** Stops processes and releases what the pod held (netns, files). Blocks until done; idempotent. */
    void stop();

    /** Pods that no real process backs: Ready at once, no IP (so nothing ever dials them). */
    static PodRunner readyWithoutProcess() {
        PodRunState ready = PodRunState.readyWithoutProcess(Instant.now());
        return fixed(ready);
    }

    /** A pod the harness cannot run: it stays not Ready and says why. */
    static PodRunner unrunnable(String reason, String message) {
        return fixed(PodRunState.waiting(reason, message, 0, null));
    }

    private static PodRunner fixed(PodRunState state) {
        return new PodRunner() {
            @Override
            public void start() {
            }

            @Override
            public PodRunState state() {
                return state;
            }

            @Override
            public void stop() {
            }
        };
    }
}
