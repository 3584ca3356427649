package dev.oam.ocm.hub.e2e.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline; a time-out says what was expected, what was seen and where to look. */
public final class Waits {
    private Waits() {
    }

    /**
     * Polls {@code condition} every 200 ms until it holds. On time-out fails with {@code expectation}, the
     * last {@code observed} description (or the last exception) and {@code whereToLook}.
     */
    public static void until(String expectation, Duration timeout, BooleanSupplier condition,
            Supplier<String> observed, String whereToLook) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                lastError = null;
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                String seen;
                try {
                    seen = lastError != null ? "last error: " + lastError : "observed: " + observed.get();
                } catch (RuntimeException e) {
                    seen = "observed: <" + e + ">";
                }
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
                        + expectation + "; " + seen + (whereToLook == null ? "" : " (see " + whereToLook + ")"));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
