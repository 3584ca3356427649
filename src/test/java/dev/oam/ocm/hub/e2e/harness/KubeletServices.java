package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the fake kubelet's pod workloads share: the API, process launcher, ports, network and tokens, and the address
 * where the cluster's {@code kubernetes} Service answers on port 443 ({@link KubeletApi}).
 */
record KubeletServices(KubernetesClient client, Processes processes, FreePorts ports, TestNetwork network,
        ServiceAccountKubeconfigs tokens, Path podsDir, String kubernetesServiceIp, HarnessLog log) {

    /** A directory of one pod's own files (tmp, volumes), like /var/lib/kubelet/pods/<uid>. */
    Path podDir(Pod pod, String sub) {
        Path dir = podsDir.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName()).resolve(sub);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }
}
