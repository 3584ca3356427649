package dev.oam.ocm.hub.testing;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls until a condition holds; on time-out, fails with what was expected and what was last seen. */
public final class Await {
    private Await() {
    }

    public static <T> T until(String expectation, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException error = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                error = null;
                if (last != null && !Boolean.FALSE.equals(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                error = e;
            }
            sleep(50);
        }
        return fail("timed out after " + timeout.toSeconds() + "s waiting for " + expectation
                + (error != null ? "; last error: " + error : ""));
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
