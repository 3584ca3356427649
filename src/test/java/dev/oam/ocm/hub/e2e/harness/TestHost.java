package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the local clusters of one test share on this machine: the host lock, the ledger of started
 * processes, free ports and the test network (bridge {@code vela-e2e<n>}, subnet 10.213.0.0/24). Every
 * cluster's apiserver listens on the bridge address {@value TestNetwork#HOST_IP} on a port of its own, so the
 * processes of one cluster (a klusterlet agent) reach another's apiserver (the hub) as they would across a
 * network. Use it to compose clusters:
 *
 * <pre>{@code
 * try (TestHost host = TestHost.open(dir.resolve("host"))) {
 *     LocalCluster hub = LocalCluster.start(host, dir.resolve("hub"));
 *     LocalCluster cluster1 = LocalCluster.start(host, dir.resolve("cluster1"));
 *     ...
 * } // stops both clusters, then removes the network
 * }</pre>
 *
 * {@link LocalCluster#start(Path)} opens a host of its own for a single cluster.
 */
public final class TestHost implements AutoCloseable {
    private final HostLock lock;
    private final ProcessLedger ledger;
    private final FreePorts ports = new FreePorts();
    private final TestNetwork network;
    private final HarnessLog log;
    private final List<LocalCluster> clusters = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private TestHost(HostLock lock, TestNetwork network, HarnessLog log) {
        this.lock = lock;
        this.ledger = lock.processLedger();
        this.network = network;
        this.log = log;
        this.shutdownHook = new Thread(this::close, "e2e-test-host-shutdown");
    }

    /**
     * Takes the host lock (one test host per machine), stops what a killed run left behind and creates the
     * test network; {@code logDir} receives {@code network.log} and {@code host.log}.
     */
    public static TestHost open(Path logDir) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        HarnessLog log = new HarnessLog(logDir, "host");
        HostLock lock = HostLock.acquire();
        try {
            List<String> leftovers = lock.processLedger().killLeftovers();
            if (!leftovers.isEmpty()) {
                log.warn("stopped processes a killed earlier run left behind: " + leftovers);
            }
            TestHost host = new TestHost(lock, TestNetwork.create(logDir), log);
            Runtime.getRuntime().addShutdownHook(host.shutdownHook);
            return host;
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    ProcessLedger ledger() {
        return ledger;
    }

    FreePorts ports() {
        return ports;
    }

    TestNetwork network() {
        return network;
    }

    synchronized void register(LocalCluster cluster) {
        if (closed) {
            throw new IllegalStateException("this test host is closed");
        }
        clusters.add(cluster);
    }

    /**
     * Stops every cluster started on it (newest first), removes the network, releases the lock. Idempotent, and a
     * second caller (e.g. the sandbox's shutdown hook beside this host's own) returns only once everything is
     * stopped, so it may say so.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<LocalCluster> running = new ArrayList<>(clusters);
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        network.close();
        lock.close();
        log.info("test host closed");
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs close() again, which returns at once
            }
        }
    }
}
