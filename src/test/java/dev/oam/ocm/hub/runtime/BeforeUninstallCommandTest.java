package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.testing.Await;
import dev.oam.ocm.hub.testing.SimulatedHub;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeforeUninstallCommandTest {
    private SimulatedHub sim;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        sim = new SimulatedHub();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void withoutHubsThereIsNothingToDo() {
        assertEquals(0, run(Duration.ofSeconds(5)), text(err));
        assertTrue(text(out).contains("nothing to remove"), text(out));
    }

    @Test
    void deletesTheHubAndReturnsOnceTheOperatorRemovedIt() {
        readyHub();
        assertEquals(0, run(SimulatedHub.TIMEOUT), text(err));
        assertNull(sim.hub("hub"), "the hub is gone when the hook ends");
        assertNull(sim.client().resources(ClusterManager.class).withName(ClusterManager.NAME).get(),
                "the operator removed the ClusterManager before the VelaOcmHub");
    }

    @Test
    void aHubThatRefusesDeletionFailsTheHookWithTheOperatorsReason() {
        readyHub();
        sim.joinCluster("cluster1");
        assertEquals(1, run(SimulatedHub.TIMEOUT));
        assertTrue(text(err).contains("VelaOcmHub hub refuses deletion") && text(err).contains("cluster1"), text(err));
        assertNotNull(sim.client().resources(ClusterManager.class).withName(ClusterManager.NAME).get(),
                "the hub keeps running while clusters are joined");
    }

    @Test
    void aHubNotGoneInTimeFailsTheHookNamingIt() {
        readyHub("example.com/hold"); // someone else's finalizer keeps the VelaOcmHub
        assertEquals(1, run(Duration.ofSeconds(1)));
        assertTrue(text(err).contains("not gone after 1 s: hub ("), text(err));
    }

    @Test
    void aBadTimeoutIsRefused() {
        assertEquals(2, BeforeUninstallCommand.run(new String[] {"--timeout", "soon"}, new PrintStream(out),
                new PrintStream(err)));
        assertTrue(text(err).contains("--timeout soon is not a duration"), text(err));
    }

    private int run(Duration timeout) {
        return BeforeUninstallCommand.run(sim.client(), timeout, Duration.ofMillis(200), new PrintStream(out),
                new PrintStream(err));
    }

    private void readyHub(String... finalizers) {
        VelaOcmHub hub = new VelaOcmHub();
        hub.setMetadata(new ObjectMetaBuilder().withName("hub").withFinalizers(finalizers).build());
        hub.setSpec(new VelaOcmHubSpec());
        sim.client().resource(hub).create();
        sim.makeReady();
        Await.until("the hub to be Ready", SimulatedHub.TIMEOUT, () -> {
            VelaOcmHub h = sim.hub("hub");
            return h.getStatus() != null && "Ready".equals(h.getStatus().getPhase()) ? h : null;
        });
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
