package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file listing every process the harness started and has not stopped yet (pid and start time). A JVM
 * killed mid-test leaves etcd, the apiserver and OCM running; the next run stops exactly those, by pid,
 * and only when the start time still matches (so a recycled pid is never touched).
 */
final class ProcessLedger {
    private final Path file;
    private final Map<Long, Long> startMillisByPid = new LinkedHashMap<>();

    ProcessLedger(Path file) {
        this.file = file;
    }

    synchronized void record(ProcessHandle process) {
        startMillisByPid.put(process.pid(), startMillis(process).orElse(0L));
        save();
    }

    synchronized void forget(long pid) {
        if (startMillisByPid.remove(pid) != null) {
            save();
        }
    }

    /** Kills what a previous run left behind; returns what it killed, for the log. */
    synchronized List<String> killLeftovers() {
        List<String> killed = new ArrayList<>();
        if (!Files.exists(file)) {
            return killed;
        }
        List<ProcessHandle> dying = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length != 2) {
                    continue;
                }
                Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(fields[0]));
                if (handle.isPresent() && startMillis(handle.get()).orElse(-1L) == Long.parseLong(fields[1])) {
                    killed.add(fields[0] + " " + handle.get().info().commandLine().orElse("?"));
                    handle.get().destroyForcibly();
                    dying.add(handle.get());
                }
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the process ledger " + file, e);
        }
        // Not onExit(): for processes that are not our children the JDK polls with a growing back-off (seconds).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dying.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Waits.sleep(Duration.ofMillis(50));
        }
        return killed;
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    private void save() {
        StringBuilder text = new StringBuilder();
        startMillisByPid.forEach((pid, start) -> text.append(pid).append(' ').append(start).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the process ledger " + file, e);
        }
    }
}
