package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorMetricsTest {
    @Test
    void reconcileErrorsAreCountedPerHubFromZero() {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.status("hub", new VelaOcmHubStatus());
        assertTrue(metrics.scrape().contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"} 0.0"),
                "a hub's error counter exists before its first error, so alerts see it rise: " + metrics.scrape());

        metrics.reconcileError("hub");
        metrics.reconcileError("hub");
        assertTrue(metrics.scrape().contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"} 2.0"), metrics.scrape());

        metrics.removed("hub");
        assertFalse(metrics.scrape().contains("vela_ocm_hub_reconcile_errors_total{hub=\"hub\"}"),
                "a deleted hub's series goes with it: " + metrics.scrape());
    }
}
