package dev.oam.ocm.hub.chaos;

import dev.oam.ocm.hub.e2e.harness.Clusteradm;
import dev.oam.ocm.hub.e2e.harness.OcmManifests;
import dev.oam.ocm.hub.e2e.harness.Kubectl;
import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.testing.Await;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * cluster1, a real managed cluster (its own control plane, the klusterlet's agents as real binaries) joined to the
 * campaign's hub with the join command of the hub's status. A hub that "works" for the campaign's joined faults
 * is one where cluster1 is AVAILABLE and a ManifestWork sent after the fault reaches it; a {@link Sampler} watches
 * that cluster1 stays AVAILABLE while a fault lasts.
 */
final class JoinedCluster {
    static final String NAME = "cluster1";
    private static final String RELEASE = "1.2.1";

    private final LocalCluster hub;
    private final LocalCluster managed;
    private final KubernetesClient hubAdmin;
    private final KubernetesClient managedAdmin;
    private final Kubectl hubKubectl;

    JoinedCluster(LocalCluster hub, LocalCluster managed) {
        this.hub = hub;
        this.managed = managed;
        this.hubAdmin = hub.adminClient();
        this.managedAdmin = managed.adminClient();
        this.hubKubectl = hub.kubectl();
    }

    /** The hub's spec for these trials: join access to this hub, cluster1's bootstrap identity approved by the hub. */
    static String hubYaml(String name, String version, String apiServerUrl) {
        return """
                apiVersion: ocm.oam.dev/v1alpha1
                kind: VelaOcmHub
                metadata:
                  name: %s
                spec:
                  version: "%s"
                  deletionPolicy: Delete
                  deleteWithJoinedClusters: true
                  joinAccess:
                    hubApiServer: %s
                """.formatted(name, version, apiServerUrl) + OcmManifests.autoApprovingClusterManager().indent(2);
    }

    /** Runs {@code joinCommand} (from the hub's status) against cluster1, as a user pastes it, and waits for AVAILABLE. */
    void join(String joinCommand, Duration timeout) {
        String line = joinCommand.replace("<cluster-name>", NAME) + " --bundle-version=" + RELEASE;
        new Clusteradm(managed.adminKubeconfig(), managed.logDir())
                .runCommandLine(timeout, line, hub.adminKubeconfig()).orThrow();
        Await.until("cluster1 accepted, joined and AVAILABLE", timeout, () -> notAvailable().isEmpty());
    }

    /** Empty when the hub shows cluster1 accepted, joined and AVAILABLE; otherwise what it lacks. */
    Optional<String> notAvailable() {
        GenericKubernetesResource mc = hubAdmin.genericKubernetesResources(HubState.MANAGED_CLUSTERS).withName(NAME).get();
        if (mc == null) {
            return Optional.of("ManagedCluster cluster1 does not exist");
        }
        for (String type : List.of("HubAcceptedManagedCluster", "ManagedClusterJoined", "ManagedClusterConditionAvailable")) {
            if (!"True".equals(conditionStatus(mc, type))) {
                return Optional.of("ManagedCluster cluster1 " + type + " is " + conditionStatus(mc, type));
            }
        }
        return Optional.empty();
    }

    /** Asks the hub, through a ManifestWork, for ConfigMap default/{@code name} with {@code value} on cluster1. */
    void sendWork(String name, String value) {
        hubKubectl.runWithStdin(OcmManifests.configMapWork(name, NAME, name, "value", value), "apply", "-f", "-").orThrow();
    }

    /** Empty once cluster1 holds what {@link #sendWork} asked for. */
    Optional<String> workMissing(String name, String value) {
        ConfigMap delivered = managedAdmin.configMaps().inNamespace("default").withName(name).get();
        if (delivered == null || !Objects.equals(value, delivered.getData().get("value"))) {
            return Optional.of("ManifestWork " + name + " not delivered to cluster1 yet");
        }
        return Optional.empty();
    }

    void deleteWork(String name) {
        hubKubectl.run("-n", NAME, "delete", "manifestwork", name, "--ignore-not-found", "--wait=false");
    }

    /** Starts watching cluster1's availability on the hub every 250 ms. */
    Sampler sample() {
        Sampler sampler = new Sampler();
        Thread thread = new Thread(sampler, "chaos-cluster1-sampler");
        thread.setDaemon(true);
        thread.start();
        return sampler;
    }

    /**
     * Availability of cluster1 while a fault lasts. A read that fails (the hub's apiserver restarting, etcd frozen)
     * says nothing either way and is skipped; a ManagedCluster that is gone counts as lost.
     */
    final class Sampler implements Runnable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile long unavailableSince = -1;
        private volatile long longestUnavailableNanos;
        private volatile int unavailableSamples;
        private volatile boolean vanished;

        @Override
        public void run() {
            while (running.get()) {
                try {
                    GenericKubernetesResource mc = hubAdmin.genericKubernetesResources(HubState.MANAGED_CLUSTERS)
                            .withName(NAME).get();
                    long now = System.nanoTime();
                    vanished |= mc == null;
                    if (mc != null && "True".equals(conditionStatus(mc, "ManagedClusterConditionAvailable"))) {
                        unavailableSince = -1;
                    } else {
                        unavailableSamples++;
                        if (unavailableSince < 0) {
                            unavailableSince = now;
                        }
                        longestUnavailableNanos = Math.max(longestUnavailableNanos, now - unavailableSince);
                    }
                } catch (RuntimeException e) {
                    // no answer: neither available nor not
                }
                Await.sleep(250);
            }
        }

        /** Stops sampling; the longest stretch in which the hub showed cluster1 not AVAILABLE, in seconds. */
        double stop() {
            running.set(false);
            return longestUnavailableNanos / 1e9;
        }

        boolean vanished() {
            return vanished;
        }

        /** Samples in which the hub answered and did not show cluster1 AVAILABLE. */
        int unavailableSamples() {
            return unavailableSamples;
        }
    }

    @SuppressWarnings("unchecked")
    private static String conditionStatus(GenericKubernetesResource mc, String type) {
        Object status = mc.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
            return "missing";
        }
        return conditions.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type")))
                .map(c -> String.valueOf(c.get("status"))).findFirst().orElse("missing");
    }
}
