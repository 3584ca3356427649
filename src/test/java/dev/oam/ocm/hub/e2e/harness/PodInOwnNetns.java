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
    private final Netns netns;
    /** Whether this container's workload made the namespace (and so removes it), or shares its pod's. */
    private final boolean ownsNetns;

    PodInOwnNetns(Pod pod, Container container, KubeletServices services) {
        this(pod, container, services, new Netns(services, pod), true);
    }

    /** A container of a pod with several: they share the pod's namespace, which the pod removes after the last. */
    PodInOwnNetns(Pod pod, Container container, KubeletServices services, Netns shared) {
        this(pod, container, services, shared, false);
    }

    private PodInOwnNetns(Pod pod, Container container, KubeletServices services, Netns netns, boolean ownsNetns) {
        this.pod = pod;
        this.container = container;
        this.services = services;
        this.netns = netns;
        this.ownsNetns = ownsNetns;
    }

    /** Whether {@code image} is {@code <any registry/path>/<name>[:tag|@digest]}: a mirror keeps the name. */
    static boolean imageNamed(String image, String name) {
        String repository = ContainerCommand.repository(image);
        return repository.substring(repository.lastIndexOf('/') + 1).equals(name);
    }

    /** The pod's namespace, made on first use. */
    protected TestNetwork.PodNetns netns() {
        return netns.get();
    }

    @Override
    public String podIp() {
        return netns.ip();
    }

    @Override
    public void cleanUp() {
        if (ownsNetns) {
            netns.release();
        }
    }

    /** One pod's network namespace, made on first use and removed once. */
    static final class Netns {
        private final KubeletServices services;
        private final Pod pod;
        private TestNetwork.PodNetns netns;

        Netns(KubeletServices services, Pod pod) {
            this.services = services;
            this.pod = pod;
        }

        synchronized TestNetwork.PodNetns get() {
            if (netns == null) {
                netns = services.network().addPodNetns(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            }
            return netns;
        }

        synchronized String ip() {
            return netns == null ? null : netns.ip();
        }

        /** Stop the processes inside first. Idempotent. */
        synchronized void release() {
            if (netns != null) {
                services.network().removePodNetns(netns);
                netns = null;
            }
        }
    }
}
