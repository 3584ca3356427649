package dev.oam.ocm.hub.status;

import java.time.Duration;

/**
 * When to try again after a failure the operator retries (an apply the API server refused, an input it could not
 * read): exponentially later while nothing changes, from {@link #FIRST} up to {@link #CAP}, and at once from the
 * start when the spec or a watched object changed, since that may be the fix.
 */
public final class RetryBackoff {
    public static final Duration FIRST = Duration.ofSeconds(2);
    public static final Duration CAP = Duration.ofMinutes(5);
    /**
     * The cap while RBAC refuses the operator: no watch event tells it the grant is back (its informers are refused
     * too), so only its retries notice, and a person restoring a binding expects the hub back within seconds.
     */
    public static final Duration FORBIDDEN_CAP = Duration.ofSeconds(15);

    private RetryBackoff() {
    }

    /**
     * Consecutive failures seen with the same inputs.
     *
     * @param inputs what the failing pass read (spec generation, watched objects' versions), as one string
     */
    public record Failures(String inputs, int count) {
    }

    /** The failures after one more, given the ones before (null after a success or at start). */
    public static Failures after(Failures previous, String inputs) {
        if (previous == null || !previous.inputs().equals(inputs)) {
            return new Failures(inputs, 1);
        }
        return new Failures(inputs, previous.count() + 1);
    }

    /** The wait before the next try: FIRST after one failure, doubling with each further one, never above CAP. */
    public static Duration delay(Failures failures) {
        return delay(failures, CAP);
    }

    /** As {@link #delay(Failures)}, never above {@code cap}. */
    public static Duration delay(Failures failures, Duration cap) {
        int doublings = Math.min(failures.count() - 1, 30); // 2 s * 2^30 is far above the cap; no overflow
        Duration delay = FIRST.multipliedBy(1L << doublings);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
