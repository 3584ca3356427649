package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.reconciler.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives back the memory of an install once the hub is Ready. Installing parses the bundle and the API
 * server's answers and grows the old generation; the serial collector only shrinks it at a full
 * collection, which an idle operator never triggers on its own. One full collection (tens of
 * milliseconds for this heap) a few seconds after a hub turns Ready lets the heap shrink to what the
 * operator keeps (with -XX:MaxHeapFreeRatio in the image), and that is what it then holds for days.
 */
final class HeapTrimmer implements HubMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(HeapTrimmer.class);
    private static final long DELAY_SECONDS = 5;

    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-trimmer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void status(String hub, VelaOcmHubStatus status) {
        boolean isReady = status.getConditions().stream()
                .anyMatch(c -> HubConditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
        Boolean before = ready.put(hub, isReady);
        if (isReady && !Boolean.TRUE.equals(before)) {
            scheduler.schedule(HeapTrimmer::trim, DELAY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void removed(String hub) {
        ready.remove(hub);
    }

    private static void trim() {
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory();
        System.gc();
        LOG.debug("Heap trimmed after install: {} KiB -> {} KiB committed", before / 1024, rt.totalMemory() / 1024);
    }
}
