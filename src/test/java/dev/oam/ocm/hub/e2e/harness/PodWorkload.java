package dev.oam.ocm.hub.e2e.harness;

/** The real process behind a pod, as {@link SupervisedPodProcess} runs and restarts it. */
interface PodWorkload {
    /** Prepares what the container would see (token, secret volumes, netns) and starts the binary. */
    ManagedProcess launch() throws NotYetRunnableException;

    /** The readiness probe. */
    boolean isReady(ManagedProcess process);

    /** The pod's IP on the test subnet, or null for a host process. */
    String podIp();

    /** Called between probes while the pod lives, e.g. to refresh secret volumes like a kubelet does. */
    default void maintain() {
    }

    /** Releases what {@link #launch()} set up, after the last process stopped. */
    default void cleanUp() {
    }

    /** Something the container needs is missing yet (a Secret, a ServiceAccount): a kubelet waits too. */
    final class NotYetRunnableException extends Exception {
        NotYetRunnableException(String message) {
            super(message);
        }
    }
}
