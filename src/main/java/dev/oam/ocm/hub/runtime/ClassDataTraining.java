package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.HubBundle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code train}: walks the operator's code paths without a cluster, so that the image build can record the
 * classes they load in a class-data archive (run under {@code -XX:ArchiveClassesAtExit}). The container then
 * maps those classes from the archive instead of parsing and verifying them from the jar at every start,
 * which is most of the operator's start-up time. The paths: rendering a bundle and its JSON round trip, typed
 * and by kind (what a reconcile and the informers do), the client, controller and informers starting against an address where
 * nothing listens (they fail, as intended), metrics, probes and logging. Classes it misses still load from
 * the jar as usual; the archive only makes start-up faster.
 */
final class ClassDataTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataTraining.class);
    /** Nothing listens on port 1 of the loopback address: connections are refused at once. */
    private static final String NOWHERE = "https://127.0.0.1:1";

    private ClassDataTraining() {
    }

    static int run(PrintStream out) {
        long started = System.nanoTime();
        quiet("io.javaoperatorsdk", "io.fabric8");
        int objects = renderAndParse();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(NOWHERE).withNamespace("training")
                .withConnectionTimeout(500).withRequestTimeout(500).withRequestRetryBackoffLimit(0).build();
        KubernetesClient client = new KubernetesClientBuilder().withKubernetesSerialization(KubernetesJson.serialization())
                .withConfig(config).build();
        OperatorMetrics metrics = new OperatorMetrics();
        LeaderElection election = new LeaderElection(OperatorSettings.LEASE_NAME, "training", "training");
        Operator operator = OperatorMain.operator(client, metrics, election, "training", "training", Duration.ofSeconds(2));
        try {
            operator.start();
        } catch (RuntimeException expected) {
            LOG.debug("Training start failed as intended (no cluster): {}", expected.getMessage());
        } finally {
            election.shuttingDown();
            operator.stop();
            client.close();
        }
        probeHealthServer(metrics);
        out.printf("train: %d bundle objects rendered and parsed, controller and probes exercised in %d ms%n",
                objects, (System.nanoTime() - started) / 1_000_000);
        return 0;
    }

    /** The informers fail by design here; their stack traces would only alarm whoever reads the build log. */
    private static void quiet(String... loggers) {
        for (String name : loggers) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.OFF);
            }
        }
    }

    private static int renderAndParse() {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        Bundle bundle = HubBundle.render("training", spec, null);
        for (HasMetadata object : bundle.objects()) {
            String json = KubernetesJson.asJson(object);
            KubernetesJson.unmarshal(json, object.getClass());
            // By kind, as watch events arrive (KubernetesJson maps only the operator's kinds to their classes).
            KubernetesJson.unmarshal("{\"type\":\"ADDED\",\"object\":" + json + "}", WatchEvent.class);
        }
        ManifestYaml.documents(bundle.objects());
        VelaOcmHub hub = new VelaOcmHub();
        hub.setSpec(spec);
        KubernetesJson.unmarshal(KubernetesJson.asJson(hub), VelaOcmHub.class);
        return bundle.objects().size();
    }

    private static void probeHealthServer(OperatorMetrics metrics) {
        try (HealthServer server = new HealthServer("127.0.0.1", 0, () -> true, metrics::scrape)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/readyz", "/healthz", "/metrics"}) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            LOG.debug("Training probe request failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
