package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One test host (one or more local clusters) per machine at a time: they all need the test subnet
 * 10.213.0.0/24 and its bridge. A second JVM waits for the first to finish. The lock is a file lock, so a
 * killed JVM releases it; whoever holds it may treat any leftover bridge, netns or recorded process as stale.
 */
final class HostLock implements AutoCloseable {
    static final Path STATE_DIR = Path.of("/tmp/vela-ocm-hub-e2e");
    /** How long a run waits for another JVM's clusters to finish before it gives up. */
    private static final Duration WAIT_FOR_OTHER_JVM = Duration.ofMinutes(30);

    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HostLock acquire() {
        Path file = STATE_DIR.resolve("host.lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(STATE_DIR);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            long deadline = System.nanoTime() + WAIT_FOR_OTHER_JVM.toNanos();
            if (lock == null) {
                // Another test run (another worktree, another engineer) holds the host: queue behind it.
                System.out.println("e2e: another JVM holds " + file + " (a local cluster runs); waiting up to "
                        + WAIT_FOR_OTHER_JVM.toMinutes() + " min for it");
            }
            while (lock == null && System.nanoTime() < deadline) {
                Waits.sleep(Duration.ofSeconds(2));
                lock = channel.tryLock();
            }
            if (lock == null) {
                throw new IllegalStateException("another LocalCluster runs on this host (another JVM has held " + file
                        + " for " + WAIT_FOR_OTHER_JVM.toMinutes() + " min); they cannot share the test subnet"
                        + " 10.213.0.0/24. Close it first.");
            }
            return new HostLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException("a LocalCluster is already running in this JVM; close() it before "
                    + "starting another (they cannot share the test subnet 10.213.0.0/24)", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    ProcessLedger processLedger() {
        return new ProcessLedger(STATE_DIR.resolve("processes"));
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: the lock dies with the channel
            }
        }
    }
}
