package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.VelaOcmHub;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes core/v1 Events about a VelaOcmHub. The hub is cluster-scoped, so its events live in "default",
 * where kubectl describe looks for them. An event that cannot be written is logged, never fatal.
 */
final class EventRecorder {
    static final String COMPONENT = "vela-ocm-hub-operator";
    private static final String NAMESPACE = "default";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final String instance;

    EventRecorder(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
    }

    void normal(VelaOcmHub hub, String reason, String message) {
        record(hub, "Normal", reason, message);
    }

    void warning(VelaOcmHub hub, String reason, String message) {
        record(hub, "Warning", reason, message);
    }

    void record(VelaOcmHub hub, String type, String reason, String message) {
        Instant now = Instant.now();
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        String text = message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
        try {
            client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(hub.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(hub.getApiVersion())
                    .withKind(hub.getKind())
                    .withName(hub.getMetadata().getName())
                    .withUid(hub.getMetadata().getUid())
                    .withResourceVersion(hub.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type)
                    .withReason(reason)
                    .withMessage(text)
                    .withCount(1)
                    .withFirstTimestamp(timestamp)
                    .withLastTimestamp(timestamp)
                    .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MICROS))))
                    .withAction(reason)
                    .withReportingComponent(COMPONENT)
                    .withReportingInstance(instance)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} ({}): {}", reason, message, e.getMessage());
        }
    }
}
