package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.reconciler.VelaOcmHubReconciler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/** Starts the operator: client, controller, probes, leader election and a clean shutdown on SIGTERM. */
final class OperatorMain {
    /**
     * The API server ends every watch after 5-10 minutes, and the client's informers start the next one only after
     * this interval, which is also the first step of their back-off on errors (doubling to 32 times it). At the
     * client's default of 1 s, a ClusterManager change made in that second reached the status 958 ms late (bench,
     * audit log: every informer's new watch came 1.0 s after the old one ended); 100 ms keeps the gap short, and an
     * API server that is away is still asked at most every 3.2 s per informer.
     */
    static final int WATCH_RECONNECT_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    /**
     * The operator as `run` starts it; `train` builds the same one, so the classes it records are the ones a
     * start loads.
     *
     * @param election null without leader election
     */
    static Operator operator(KubernetesClient client, OperatorMetrics metrics, LeaderElection election,
                             String namespace, String identity, Duration cacheSyncTimeout) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(metrics.reconciles())
                    // One hub per cluster: two threads are plenty, and every thread costs memory.
                    .withConcurrentReconciliationThreads(2)
                    .withConcurrentWorkflowExecutorThreads(1)
                    // Closed by the shutdown hook, after the Lease is handed back.
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(cacheSyncTimeout)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
            if (election != null) {
                o.withLeaderElectionConfiguration(election.configuration());
            }
        });
        operator.register(new VelaOcmHubReconciler(client, namespace, identity, Clock.systemUTC(),
                new HubListeners(metrics, new HeapTrimmer())));
        return operator;
    }

    /**
     * Names the replica in every request: replicas share a ServiceAccount, so only the user agent tells the API
     * server's audit log which of them wrote (a deposed leader must write nothing).
     */
    static String userAgent(String identity) {
        return "vela-ocm-hub-operator (" + identity + ")";
    }

    /** How long the informers wait for the first connection before they start anyway. */
    private static final long CONNECT_WAIT_MILLIS = 3_000;

    /**
     * Opens the client's first connection to the API server on another thread while this one builds the operator;
     * the informers start once it is open (or this wait is over). The first connection is the slow one (the JVM
     * loads and runs its TLS and HTTP code for the first time, and checks the server's certificate chain), and
     * made here it overlaps the operator's construction instead of following it: start to /readyz went from
     * 1.78 s to 1.42 s (src/test/bench/jvm-ab.sh, medians of three).
     */
    private static Thread firstConnection(KubernetesClient client) {
        Thread thread = new Thread(() -> {
            try {
                client.getKubernetesVersion();
            } catch (RuntimeException e) {
                // The informers report an unreachable API server themselves, with retries.
                LOG.debug("First request to the API server failed: {}", e.getMessage());
            }
        }, "first-connection");
        thread.setDaemon(true);
        thread.start();
        return thread;
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
        LeaderElection election = settings.leaderElection()
                ? new LeaderElection(OperatorSettings.LEASE_NAME, settings.namespace(), settings.identity()) : null;
        KubernetesClient client = new KubernetesClientBuilder()
                .withKubernetesSerialization(KubernetesJson.serialization())
                .withConfig(new ConfigBuilder(Config.autoConfigure(null))
                        .withUserAgent(userAgent(settings.identity()))
                        .withWatchReconnectInterval(WATCH_RECONNECT_MILLIS).build())
                .withHttpClientBuilderConsumer(http -> {
                    if (election != null) {
                        http.addOrReplaceInterceptor(LeaseFence.NAME, election.fence());
                    }
                })
                .build();
        Thread connecting = firstConnection(client);
        OperatorMetrics metrics = new OperatorMetrics();
        Operator operator = operator(client, metrics, election, settings.namespace(), settings.identity(),
                Duration.ofMinutes(2));
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
            if (election != null) {
                election.shuttingDown();
            }
            operator.stop();
            if (election != null) {
                election.release(client);
            }
            client.close();
            if (probes != null) {
                probes.close();
            }
            LOG.info("Stopped");
        }, "shutdown"));
        try {
            connecting.join(CONNECT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        operator.start();
        LOG.info("vela-ocm-hub-operator started in {} ms (namespace {}, leader election {}, probes on port {})",
                (System.nanoTime() - started) / 1_000_000, settings.namespace(), settings.leaderElection(),
                settings.healthPort());
        return 0;
    }
}
