package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** etcd 3.6 on loopback, one member, no fsync (a test cluster needs no durability). */
final class Etcd {
    private Etcd() {
    }

    /** Starts it and waits until /health answers; returns the process. {@code clientUrl()} is for the apiserver. */
    static ManagedProcess start(Processes processes, Path dataDir, int clientPort, int peerPort) {
        String client = clientUrl(clientPort);
        String peer = "http://127.0.0.1:" + peerPort;
        ManagedProcess etcd = processes.start("etcd", List.of(
                E2eBinaries.kube("etcd").toString(),
                "--name=e2e",
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=e2e=" + peer,
                "--initial-cluster-state=new",
                "--unsafe-no-fsync=true",
                "--log-level=warn"), Map.of());
        HttpProbe probe = HttpProbe.trustingAnything();
        etcd.awaitReady("answer " + client + "/health", Duration.ofSeconds(60), () -> probe.ok(client + "/health"));
        return etcd;
    }

    static String clientUrl(int clientPort) {
        return "http://127.0.0.1:" + clientPort;
    }
}
