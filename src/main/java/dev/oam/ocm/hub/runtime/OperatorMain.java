package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.reconciler.VelaOcmHubReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/** Starts the operator: client, controller, probes, leader election and a clean shutdown on SIGTERM. */
final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    static int run(String[] args) {
        OperatorSettings settings;
        try {
            settings = OperatorSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("run: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        KubernetesClient client = new KubernetesClientBuilder().build();
        OperatorMetrics metrics = new OperatorMetrics();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(metrics.registry()).build())
                    // One hub per cluster: two threads are plenty, and every thread costs memory.
                    .withConcurrentReconciliationThreads(2)
                    .withConcurrentWorkflowExecutorThreads(1)
                    .withCloseClientOnStop(true)
                    .withCacheSyncTimeout(Duration.ofMinutes(2))
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
            if (settings.leaderElection()) {
                // Renewing every 10 s instead of the default 2 s: a renewal is a write, and an idle operator
                // should write as little as possible. A standby takes over within about 50 s of a crash (renew deadline > 2.2 x retry period).
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
                        OperatorSettings.LEASE_NAME, settings.namespace(), Duration.ofSeconds(40),
                        Duration.ofSeconds(30), Duration.ofSeconds(10), settings.identity(), null, true));
            }
        });
        operator.register(new VelaOcmHubReconciler(client, settings.namespace(), settings.identity(), Clock.systemUTC(),
                new HubListeners(metrics, new HeapTrimmer())));
        HealthServer health = null;
        try {
            if (settings.healthPort() > 0) {
                health = new HealthServer(settings.healthAddress(), settings.healthPort(),
                        () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                        metrics::scrape);
            }
        } catch (IOException e) {
            LOG.error("Cannot serve probes on port {}: {}", settings.healthPort(), e.getMessage());
            return 1;
        }
        HealthServer probes = health;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down: finishing running reconciles, releasing the lease");
            operator.stop();
            if (probes != null) {
                probes.close();
            }
        }, "shutdown"));
        operator.start();
        LOG.info("vela-ocm-hub-operator started in {} ms (namespace {}, leader election {}, probes on port {})",
                (System.nanoTime() - started) / 1_000_000, settings.namespace(), settings.leaderElection(),
                settings.healthPort());
        return 0;
    }
}
