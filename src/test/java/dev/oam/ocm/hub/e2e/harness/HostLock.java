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
 * One local cluster per host at a time: they all need the test subnet 10.213.0.0/24 and its bridge. A second
 * JVM waits for the first. The lock is a file lock, so a killed JVM releases it; whoever holds it may treat any leftover bridge,
 * netns or recorded process as stale.
 */
final class HostLock implements AutoCloseable {
    static final Path STATE_DIR = Path.of("/tmp/vela-ocm-hub-e2e");
    /** How long a cluster waits for another JVM's to finish before it gives up. */
    private static final Duration WAIT = Duration.ofMinutes(30);

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
            // Another JVM (a second checkout's suite, the sandbox) holds the subnet: wait for it rather than fail,
            // up to a bound, and say so, since a silent wait looks like a hang.
            long deadline = System.nanoTime() + WAIT.toNanos();
            long nextNotice = 0;
            while (lock == null && System.nanoTime() < deadline) {
                if (System.nanoTime() >= nextNotice) {
                    System.out.println("e2e: another LocalCluster runs on this host (" + file + " is locked); waiting"
                            + " up to " + WAIT.toMinutes() + " minutes for it to finish");
                    nextNotice = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                }
                sleep();
                lock = channel.tryLock();
            }
            if (lock == null) {
                throw new IllegalStateException("another LocalCluster has run on this host for " + WAIT.toMinutes()
                        + " minutes (another JVM holds " + file + "); they cannot share the test subnet 10.213.0.0/24."
                        + " Close it first.");
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

    private static void sleep() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another LocalCluster to finish", e);
        }
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
