package dev.oam.ocm.hub.api;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class KubernetesJsonTest {
    @Test
    void watchEventsOfTheOperatorsKindsReadAsTheirClasses() {
        for (Class<? extends KubernetesResource> kind : KubernetesJson.KINDS) {
            if (!HasMetadata.class.isAssignableFrom(kind)) {
                continue;
            }
            String apiVersion = HasMetadata.getApiVersion(kind.asSubclass(HasMetadata.class));
            String name = HasMetadata.getKind(kind.asSubclass(HasMetadata.class));
            WatchEvent event = KubernetesJson.unmarshal("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\""
                    + apiVersion + "\",\"kind\":\"" + name + "\",\"metadata\":{\"name\":\"x\"}}}", WatchEvent.class);
            assertInstanceOf(kind, event.getObject(), apiVersion + " " + name + " read by kind");
        }
    }

    @Test
    void anExpiredWatchReadsAsAStatusSoTheClientListsAgain() {
        WatchEvent event = KubernetesJson.unmarshal("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                + "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource "
                + "version: 591 (675)\",\"reason\":\"Expired\",\"code\":410}}", WatchEvent.class);
        Status status = assertInstanceOf(Status.class, event.getObject(),
                "the client handles a 410 only when the ERROR event's object is a Status");
        assertEquals(410, status.getCode());
    }

    @Test
    void otherKindsAreNotMappedAndReadAsGenericObjects() {
        assertNull(KubernetesJson.serialization().getRegisteredKubernetesResource("v1", "Pod"),
                "only the operator's kinds are mapped: mapping every kind loads hundreds of classes");
        WatchEvent event = KubernetesJson.unmarshal("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\","
                + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}}", WatchEvent.class);
        GenericKubernetesResource pod = assertInstanceOf(GenericKubernetesResource.class, event.getObject());
        assertEquals("p", pod.getMetadata().getName());
    }

    @Test
    void typedRoundTripKeepsEveryField() {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("cluster-manager")
                .withNamespace("open-cluster-management").endMetadata().withNewSpec().withReplicas(2).endSpec().build();
        assertEquals(deployment, KubernetesJson.unmarshal(KubernetesJson.asJson(deployment), Deployment.class));
        ClusterManager read = KubernetesJson.unmarshal("apiVersion: operator.open-cluster-management.io/v1\n"
                + "kind: ClusterManager\nmetadata:\n  name: cluster-manager\n", ClusterManager.class);
        assertEquals("cluster-manager", read.getMetadata().getName(), "YAML reads too");
    }
}
