package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HostAliasBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of an addon pod: its state from its containers', its /etc/hosts, its mount script. */
class AddonPodTest {
    private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

    @Test
    void aPodIsReadyOnlyWhenEveryContainerIsAndCountsAllRestarts() {
        PodRunState ready = PodRunState.running(true, null, 1, T0);
        PodRunState starting = PodRunState.running(false, null, 2, T0.plusSeconds(5));
        PodRunState both = AddonPod.combined(List.of(ready, starting), "10.213.0.9");
        assertTrue(both.running());
        assertFalse(both.ready());
        assertEquals(3, both.restartCount());
        assertEquals("10.213.0.9", both.podIp());
        assertEquals(T0.plusSeconds(5), both.startedAt());
        assertTrue(AddonPod.combined(List.of(ready, ready), "10.213.0.9").ready());
    }

    @Test
    void aCrashLoopingContainerMakesThePodNotRunningAndSaysWhy() {
        PodRunState ready = PodRunState.running(true, null, 0, T0);
        PodRunState crashing = PodRunState.waiting("CrashLoopBackOff", "proxy-agent exited with code 1", 4, null);
        PodRunState pod = AddonPod.combined(List.of(ready, crashing), "10.213.0.9");
        assertFalse(pod.running());
        assertFalse(pod.ready());
        assertEquals("CrashLoopBackOff", pod.waitingReason());
        assertEquals("proxy-agent exited with code 1", pod.message());
        assertEquals(4, pod.restartCount());
    }

    @Test
    void hostsResolveTheApiServerTheAliasesAndEveryServiceButTheApiServersOwnEndpoint() {
        String hosts = AddonPod.hostsFile("10.213.0.7", "agent-0", "open-cluster-management-agent-addon", "10.213.0.1",
                List.of(new HostAliasBuilder().withIp("127.0.0.1").withHostnames("cluster-proxy-addon-agent").build()),
                Map.of("open-cluster-management-addon/proxy-entrypoint", "10.213.0.5", "default/kubernetes", "10.213.0.1"));
        assertEquals("""
                127.0.0.1\tlocalhost
                10.213.0.7\tagent-0
                10.213.0.1\tkubernetes kubernetes.default.svc kubernetes.default.svc.cluster.local kubernetes.default
                127.0.0.1\tcluster-proxy-addon-agent
                10.213.0.5\tproxy-entrypoint.open-cluster-management-addon.svc \
                proxy-entrypoint.open-cluster-management-addon.svc.cluster.local proxy-entrypoint.open-cluster-management-addon
                """, hosts);
    }

    @Test
    void aServiceOfThePodsOwnNamespaceAlsoResolvesByItsBareNameAsTheSearchDomainsWould() {
        String hosts = AddonPod.hostsFile("10.213.0.7", "agent-0", "open-cluster-management-agent-addon", "10.213.0.1",
                List.of(), Map.of("open-cluster-management-agent-addon/cluster1", "10.213.0.4"));
        assertTrue(hosts.contains("10.213.0.4\tcluster1 cluster1.open-cluster-management-agent-addon.svc "),
                "expected cluster1 by its bare name in its own namespace, got:\n" + hosts);
    }

    @Test
    void anExternalNameServiceOfTheKubernetesServiceGoesToItsRelayedAddressAndNoOtherDoes() {
        List<Service> services = List.of(
                externalName("open-cluster-management-agent-addon", "cluster1", "kubernetes.default.svc.cluster.local"),
                externalName("apps", "api", "kubernetes.default.svc."),
                externalName("apps", "elsewhere", "example.com"),
                new ServiceBuilder().withNewMetadata().withNamespace("apps").withName("web").endMetadata()
                        .withNewSpec().withType("ClusterIP").endSpec().build());
        assertEquals(Map.of("open-cluster-management-agent-addon/cluster1", "10.213.0.3", "apps/api", "10.213.0.3"),
                AddonPod.externalNamesOfKubernetes(services, "10.213.0.3"));
    }

    private static Service externalName(String namespace, String name, String externalName) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(externalName).endSpec().build();
    }

    @Test
    void theMountScriptFillsTheServiceAccountTmpfsBindsVolumesOuterFirstAndExecsTheBinary() {
        String script = AddonPod.mountScript(Path.of("/pods/p/serviceaccount/c"), Map.of(
                "/etc/hub/", Path.of("/pods/p/volumes/hub-kubeconfig"),
                "/etc/hub/extra", Path.of("/pods/p/volumes/it's")));
        List<String> lines = script.lines().toList();
        assertEquals("set -e", lines.get(0));
        assertEquals("mount -t tmpfs -o size=1m,mode=0755 tmpfs '/var/run/secrets/kubernetes.io/serviceaccount'", lines.get(1));
        assertEquals("cp '/pods/p/serviceaccount/c/token' '/var/run/secrets/kubernetes.io/serviceaccount/token'", lines.get(2));
        assertEquals("mount --bind '/pods/p/volumes/hub-kubeconfig' '/etc/hub/'", lines.get(5));
        assertEquals("mount --bind '/pods/p/volumes/it'\\''s' '/etc/hub/extra'", lines.get(6));
        assertEquals("exec \"$@\"", lines.get(7));
    }
}
