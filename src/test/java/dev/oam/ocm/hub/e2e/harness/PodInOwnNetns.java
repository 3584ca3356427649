package dev.oam.ocm.hub.e2e.harness;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod whose one container runs as a host process inside a network namespace of its own: the pod IP is real and
 * the container's fixed ports do not collide with another pod's. The namespace lives from the first launch until
 * the pod is gone.
 */
abstract class PodInOwnNetns implements PodWorkload {
    protected final Pod pod;
    protected final Container container;
    protected final KubeletServices services;
    protected final HttpProbe probe = HttpProbe.trustingAnything();
    private TestNetwork.PodNetns netns;

    PodInOwnNetns(Pod pod, Container container, KubeletServices services) {
        this.pod = pod;
        this.container = container;
        this.services = services;
    }

    /** Whether {@code image} is {@code <any registry/path>/<name>[:tag|@digest]}: a mirror keeps the name. */
    static boolean imageNamed(String image, String name) {
        String repository = ContainerCommand.repository(image);
        return repository.substring(repository.lastIndexOf('/') + 1).equals(name);
    }

    /** The pod's namespace, made on first use. */
    protected synchronized TestNetwork.PodNetns netns() {
        if (netns == null) {
            netns = services.network().addPodNetns(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        }
        return netns;
    }

    @Override
    public synchronized String podIp() {
        return netns == null ? null : netns.ip();
    }

    @Override
    public synchronized void cleanUp() {
        if (netns != null) {
            services.network().removePodNetns(netns);
            netns = null;
        }
    }
}
