package dev.oam.ocm.hub.e2e.harness;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The one Node, {@value #NAME}: Ready, with room for every pod. It must exist because the EndpointSlice
 * controller skips pods whose spec.nodeName names no Node. A heartbeat keeps it Ready and recreates it
 * should a test delete it. Its InternalIP and kubelet port are those of the cluster's {@link KubeletApi}, where the
 * apiserver sends pods/portforward.
 */
final class FakeNode implements AutoCloseable {
    static final String NAME = "e2e-node";
    private static final long HEARTBEAT_SECONDS = 20;
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;
    private final String internalIp;
    private final int kubeletPort;
    private final HarnessLog log;
    private ScheduledFuture<?> heartbeat;

    FakeNode(KubernetesClient client, String internalIp, int kubeletPort, HarnessLog log) {
        this.client = client;
        this.internalIp = internalIp;
        this.kubeletPort = kubeletPort;
        this.log = log;
    }

    void register(ScheduledExecutorService scheduler) {
        ensureReady();
        heartbeat = scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    private void heartbeat() {
        try {
            ensureReady();
        } catch (RuntimeException e) {
            log.warn("node heartbeat failed: " + e);
        }
    }

    private void ensureReady() {
        Node node = client.nodes().withName(NAME).get();
        if (node == null) {
            node = client.nodes().resource(new NodeBuilder()
                    .withNewMetadata().withName(NAME).withLabels(Map.of(
                            "kubernetes.io/hostname", NAME,
                            "kubernetes.io/os", "linux",
                            "kubernetes.io/arch", "amd64"))
                    .endMetadata()
                    .build()).create();
            log.info("created node " + NAME);
        }
        // Merge patches without a resourceVersion: KCM's controllers annotate the node concurrently, and a
        // conflict at registration would leave it not Ready until the next heartbeat.
        if (node.getSpec() != null && node.getSpec().getTaints() != null && !node.getSpec().getTaints().isEmpty()) {
            // The TaintNodesByCondition admission plugin adds node.kubernetes.io/not-ready on create; the
            // node lifecycle controller that would lift it is off.
            client.nodes().withName(NAME).patch(MERGE, "{\"spec\":{\"taints\":null}}");
        }
        String status = Serialization.asJson(Map.of("status", readyStatus(Instant.now(), internalIp, kubeletPort)));
        client.nodes().withName(NAME).subresource("status").patch(MERGE, status);
    }

    static NodeStatus readyStatus(Instant now, String internalIp, int kubeletPort) {
        String time = PodStatuses.timestamp(now);
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity("16"),
                "memory", new Quantity("64Gi"),
                "pods", new Quantity("250"),
                "ephemeral-storage", new Quantity("200Gi"));
        return new NodeStatusBuilder()
                .withCapacity(resources)
                .withAllocatable(resources)
                .withConditions(
                        condition("Ready", "True", "KubeletReady", "fake kubelet of the e2e harness", time),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", time),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", time),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "", time))
                .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(NAME).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withKubeletVersion("v" + E2eBinaries.kubeVersion())
                .withContainerRuntimeVersion("e2e://fake")
                .withOsImage("vela-ocm-hub e2e")
                .withKernelVersion("")
                .withMachineID("")
                .withSystemUUID("")
                .withBootID("")
                .withKubeProxyVersion("")
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String time) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(time).withLastTransitionTime(time).build();
    }

    @Override
    public void close() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }
}
