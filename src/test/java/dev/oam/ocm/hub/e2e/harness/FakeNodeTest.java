package dev.oam.ocm.hub.e2e.harness;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Node's status tells kube-apiserver where its kubelet API (pods/portforward) is. */
class FakeNodeTest {

    @Test
    void theNodeAdvertisesTheKubeletApisAddressAsInternalIpAndItsPortAsTheKubeletEndpoint() {
        NodeStatus status = FakeNode.readyStatus(Instant.parse("2026-12-07T05:00:00Z"), "10.213.0.1", 41234);
        assertEquals(List.of("InternalIP=10.213.0.1", "Hostname=" + FakeNode.NAME),
                status.getAddresses().stream().map(FakeNodeTest::typed).toList());
        assertEquals(41234, status.getDaemonEndpoints().getKubeletEndpoint().getPort());
    }

    private static String typed(NodeAddress address) {
        return address.getType() + "=" + address.getAddress();
    }
}
