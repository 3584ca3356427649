package dev.oam.ocm.hub.e2e.harness;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides what backs a pod: the two OCM binaries the suite needs for real (the registration-operator,
 * and the registration webhook that ManagedCluster writes go through), nothing for every other pod.
 */
final class OcmPodRunners {
    static final String OPERATOR_NAMESPACE = "open-cluster-management";
    static final String HUB_NAMESPACE = "open-cluster-management-hub";
    static final String OPERATOR_APP = "cluster-manager";
    static final String REGISTRATION_WEBHOOK_APP = "cluster-manager-registration-webhook";

    private final KubeletServices services;
    private final ScheduledExecutorService supervisor;

    OcmPodRunners(KubeletServices services, ScheduledExecutorService supervisor) {
        this.services = services;
        this.supervisor = supervisor;
    }

    PodRunner create(Pod pod, Runnable onChange) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String app = labels.get("app");
        if (OPERATOR_NAMESPACE.equals(namespace) && OPERATOR_APP.equals(app)) {
            return real(pod, RegistrationOperatorWorkload.IMAGE, onChange,
                    release -> new RegistrationOperatorWorkload(pod, release, services));
        }
        if (HUB_NAMESPACE.equals(namespace) && REGISTRATION_WEBHOOK_APP.equals(app)) {
            return real(pod, RegistrationWebhookWorkload.IMAGE, onChange,
                    release -> new RegistrationWebhookWorkload(pod, release, services));
        }
        return PodRunner.readyWithoutProcess();
    }

    private PodRunner real(Pod pod, String binary, Runnable onChange,
            Function<String, PodWorkload> workload) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Container container = ContainerCommand.container(pod, binary);
        Optional<String> release = ContainerCommand.release(container.getImage());
        if (release.isEmpty() || !E2eBinaries.ocmAvailable(release.get(), binary)) {
            String why = "pod " + key + " runs image " + container.getImage() + ", but the e2e harness has no "
                    + binary + " binary for " + release.map(r -> "OCM " + r).orElse("an image without a release tag")
                    + " (it runs the releases under src/test/e2e/go/ocm-*, cached in " + E2eBinaries.cacheRoot()
                    + "); the pod stays not Ready";
            services.log().warn(why);
            return PodRunner.unrunnable("NoLocalBinary", why);
        }
        return new SupervisedPodProcess(key, workload.apply(release.get()), supervisor, onChange, services.log());
    }
}
