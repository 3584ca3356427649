package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The test subnet 10.213.0.0/24 on a bridge this harness creates: the host (apiserver) is 10.213.0.1, and
 * each pod backed by a real webhook process gets its own network namespace with a veth on the bridge and
 * one address from the subnet. Pods need their own namespace because OCM's webhook servers all listen on
 * fixed ports (9443, health 8000, metrics 8080) on every interface. No default route exists inside: a dial
 * outside the subnet fails with "network is unreachable" instead of leaving the machine.
 */
final class TestNetwork implements AutoCloseable {
    static final String SUBNET_PREFIX = "10.213.0.";
    static final String HOST_IP = SUBNET_PREFIX + "1";
    private static final String NAME_PREFIX = "vela-e2e";
    private static final String VETH_PREFIX = "ve2e";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final int instance;
    private final String bridge;
    private final Path log;
    private final BitSet usedHosts = new BitSet(256);
    private final List<PodNetns> live = new ArrayList<>();
    private int nextNetns;
    private boolean closed;

    private TestNetwork(int instance, Path log) {
        this.instance = instance;
        this.bridge = NAME_PREFIX + instance;
        this.log = log;
        usedHosts.set(0, 2); // network address and the host
        usedHosts.set(255);
    }

    /** Removes what a killed run left (needs the {@link HostLock}), then creates the bridge. */
    static TestNetwork create(Path logDir) {
        TestNetwork network = new TestNetwork(INSTANCES.incrementAndGet(), logDir.resolve("network.log"));
        network.removeLeftovers();
        network.ip("link", "add", network.bridge, "type", "bridge");
        network.ip("addr", "add", HOST_IP + "/24", "dev", network.bridge);
        network.ip("link", "set", network.bridge, "up");
        return network;
    }

    String bridge() {
        return bridge;
    }

    /** A fresh network namespace with one address of the subnet; {@code podName} only names it in logs. */
    synchronized PodNetns addPodNetns(String podName) {
        int host = usedHosts.nextClearBit(2);
        if (host >= 255) {
            throw new IllegalStateException("the test subnet is full: " + live.size() + " pod netns exist");
        }
        usedHosts.set(host);
        int n = ++nextNetns;
        String netns = NAME_PREFIX + "-" + instance + "-" + n;
        String hostVeth = VETH_PREFIX + instance + "x" + n; // interface names have at most 15 characters
        String podVeth = hostVeth + "p";
        PodNetns pod = new PodNetns(netns, SUBNET_PREFIX + host, hostVeth, podName);
        try {
            ip("netns", "add", netns);
            ip("link", "add", hostVeth, "type", "veth", "peer", "name", podVeth);
            ip("link", "set", hostVeth, "master", bridge, "up");
            ip("link", "set", podVeth, "netns", netns);
            ip("-n", netns, "link", "set", podVeth, "name", "eth0");
            ip("-n", netns, "addr", "add", pod.ip() + "/24", "dev", "eth0");
            ip("-n", netns, "link", "set", "eth0", "up");
            ip("-n", netns, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            quietly("netns", "delete", netns);
            quietly("link", "delete", hostVeth);
            usedHosts.clear(host);
            throw e;
        }
        live.add(pod);
        return pod;
    }

    /**
     * One more address of the subnet on the host's end of the bridge, for a listener that stands in for a Service's
     * virtual IP (a cluster's {@code kubernetes} Service on port 443). It goes with the bridge.
     */
    synchronized String addHostAddress() {
        int host = usedHosts.nextClearBit(2);
        if (host >= 255) {
            throw new IllegalStateException("the test subnet is full: " + live.size() + " pod netns exist");
        }
        usedHosts.set(host);
        String address = SUBNET_PREFIX + host;
        ip("addr", "add", address + "/32", "dev", bridge);
        return address;
    }

    /** Deletes the namespace (and with it the veth pair). Stop its processes first. */
    synchronized void removePodNetns(PodNetns pod) {
        if (live.remove(pod)) {
            quietly("netns", "delete", pod.name());
            quietly("link", "delete", pod.hostVeth());
            usedHosts.clear(Integer.parseInt(pod.ip().substring(SUBNET_PREFIX.length())));
        }
    }

    /** Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PodNetns pod : List.copyOf(live)) {
            removePodNetns(pod);
        }
        quietly("link", "delete", bridge);
    }

    private void removeLeftovers() {
        for (String netns : names(Path.of("/run/netns"))) {
            if (netns.startsWith(NAME_PREFIX + "-")) {
                // Processes still inside were started by a killed run (ProcessLedger stops those first).
                quietly("netns", "delete", netns);
            }
        }
        for (String netns : names(Path.of("/etc/netns"))) {
            if (netns.startsWith(NAME_PREFIX + "-")) {
                // A pod's /etc/hosts (AddonPod): a namespace made later under the same name must not inherit it.
                deleteRecursively(Path.of("/etc/netns", netns));
            }
        }
        for (String link : names(Path.of("/sys/class/net"))) {
            if (link.startsWith(NAME_PREFIX) || link.startsWith(VETH_PREFIX)) {
                quietly("link", "delete", link);
            }
        }
        CommandResult addresses = ip("-o", "-4", "addr", "show");
        if (addresses.stdout().contains(" " + HOST_IP + "/")) {
            throw new IllegalStateException("expected the test subnet to be free, but " + HOST_IP
                    + " is assigned to an interface this harness did not create:\n" + addresses.stdout());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + " that a killed run left", e);
        }
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandResult ip(String... args) {
        return quietly(args).orThrow();
    }

    private CommandResult quietly(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return Commands.run(log, command, Map.of(), null, Duration.ofSeconds(30));
    }

    /** A pod's network namespace: its name for {@code ip netns exec}, and its address on the subnet. */
    record PodNetns(String name, String ip, String hostVeth, String podName) {
    }
}
