package dev.oam.ocm.hub.runtime;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.util.function.ToLongFunction;

import static dev.oam.ocm.hub.runtime.PrometheusText.Type.counter;
import static dev.oam.ocm.hub.runtime.PrometheusText.Type.gauge;

/**
 * The JVM's own series, read from its management beans at each scrape. Names and labels follow the usual JVM
 * exporters' (area and id per memory pool), so the dashboard's {@code jvm_memory_used_bytes{area="heap"}} and
 * {@code process_cpu_usage} work as with any Java service.
 */
final class JvmSeries {
    private JvmSeries() {
    }

    static void register(PrometheusText text) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String area = pool.getType() == MemoryType.HEAP ? "heap" : "nonheap";
            memory(text, "jvm_memory_used_bytes", "memory in use, per pool", pool, area, MemoryUsage::getUsed);
            memory(text, "jvm_memory_committed_bytes", "memory the JVM has from the system, per pool", pool, area,
                    MemoryUsage::getCommitted);
            memory(text, "jvm_memory_max_bytes", "the most a pool may grow to (-1: no limit)", pool, area,
                    MemoryUsage::getMax);
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            text.sampled("jvm_gc_collections_total", counter, "collections since the JVM started",
                    gc::getCollectionCount, "gc", gc.getName());
            text.sampled("jvm_gc_collection_seconds_total", counter, "time spent collecting since the JVM started",
                    () -> gc.getCollectionTime() / 1000.0, "gc", gc.getName());
        }
        text.sampled("jvm_threads_live_threads", gauge, "live threads",
                () -> ManagementFactory.getThreadMXBean().getThreadCount());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        text.sampled("system_cpu_count", gauge, "processors the JVM may use", os::getAvailableProcessors);
        if (os instanceof com.sun.management.OperatingSystemMXBean process) {
            text.sampled("process_cpu_usage", gauge, "recent CPU use of this process, 0 to 1 of all processors",
                    process::getProcessCpuLoad);
            text.sampled("process_cpu_seconds_total", counter, "CPU time of this process",
                    () -> process.getProcessCpuTime() / 1e9);
        }
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        text.sampled("process_start_time_seconds", gauge, "when the process started, in seconds since the epoch",
                () -> runtime.getStartTime() / 1000.0);
        text.sampled("process_uptime_seconds", gauge, "how long the process has run", () -> runtime.getUptime() / 1000.0);
    }

    private static void memory(PrometheusText text, String name, String help, MemoryPoolMXBean pool, String area,
                               ToLongFunction<MemoryUsage> figure) {
        text.sampled(name, gauge, help, () -> figure.applyAsLong(pool.getUsage()), "area", area, "id", pool.getName());
    }
}
