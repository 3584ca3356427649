package dev.oam.ocm.hub.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides what backs a pod. A pod of this project's operator image runs the jar under test
 * ({@link OperatorPodWorkload}), a pod of KubeVela's controller image the vela-core binary built here
 * ({@link VelaCorePodWorkload}). Every OCM container runs as the real binary of its image's release
 * ({@link OcmImages} says which, the workload family says how), every container of an OCM addon's pod as the real
 * binary of its addon release ({@link AddonImages}, run by {@link AddonPod}). A pod in an OCM namespace is never Ready
 * without a process: if the harness cannot run it (no binary for its release, a command it does not know), it
 * stays not Ready and says why, so a hub that seems to work always really does. Pods of other images (test
 * Deployments) are Ready without a process and without an IP.
 */
final class OcmPodRunners {
    /** open-cluster-management, -hub, -agent, -agent-addon: where OCM's operators put their pods. */
    private static final String OCM_NAMESPACE_PREFIX = "open-cluster-management";

    private final KubeletServices services;
    private final ScheduledExecutorService supervisor;

    OcmPodRunners(KubeletServices services, ScheduledExecutorService supervisor) {
        this.services = services;
        this.supervisor = supervisor;
    }

    PodRunner create(Pod pod, Runnable onChange) {
        String key = FakeKubelet.key(pod);
        Optional<Container> operator = pod.getSpec().getContainers().stream()
                .filter(c -> c.getImage() != null && OperatorPodWorkload.runs(c.getImage())).findFirst();
        if (operator.isPresent()) {
            return new SupervisedPodProcess(key, pod.getSpec().getRestartPolicy(),
                    new OperatorPodWorkload(pod, operator.get(), services), supervisor, onChange, services.log());
        }
        Optional<Container> velaCore = pod.getSpec().getContainers().stream()
                .filter(c -> c.getImage() != null && VelaCorePodWorkload.runs(c.getImage())).findFirst();
        if (velaCore.isPresent()) {
            Optional<String> why = VelaCorePodWorkload.unrunnableBecause(velaCore.get().getImage());
            if (why.isPresent()) {
                return unrunnable("NoLocalBinary", "pod " + key + ": " + why.get() + "; the pod stays not Ready");
            }
            return new SupervisedPodProcess(key, pod.getSpec().getRestartPolicy(), new VelaCorePodWorkload(pod, velaCore.get(), services), supervisor,
                    onChange, services.log());
        }
        if (pod.getSpec().getContainers().stream().anyMatch(c -> AddonImages.isAddonImage(c.getImage()))) {
            return addonPod(pod, key, onChange);
        }
        Optional<Container> container = OcmImages.ocmContainer(pod);
        if (container.isEmpty()) {
            if (pod.getMetadata().getNamespace().startsWith(OCM_NAMESPACE_PREFIX)) {
                return unrunnable("NoLocalBinary", "pod " + key + " runs no OCM image the e2e harness knows ("
                        + pod.getSpec().getContainers().get(0).getImage() + "); a pod in an OCM namespace is never"
                        + " Ready without a process, so it stays not Ready");
            }
            return PodRunner.readyWithoutProcess();
        }
        String image = container.get().getImage();
        Optional<OcmImages.Command> command = OcmImages.command(container.get());
        if (command.isEmpty()) {
            return unrunnable("UnknownCommand", "pod " + key + " runs " + image + " with "
                    + ContainerCommand.argv(container.get()) + ", a command the e2e harness cannot run (see "
                    + "OcmImages); the pod stays not Ready");
        }
        Optional<String> release = ContainerCommand.release(image);
        if (release.isEmpty() || !E2eBinaries.ocmAvailable(release.get(), command.get().binary())) {
            return unrunnable("NoLocalBinary", "pod " + key + " runs image " + image + ", but the e2e harness has"
                    + " no " + command.get().binary() + " binary for "
                    + release.map(r -> "OCM " + r).orElse("an image without a release tag")
                    + " (it runs the releases under src/test/e2e/go/ocm-*, cached in " + E2eBinaries.cacheRoot()
                    + "); the pod stays not Ready");
        }
        OcmContainer ocm = new OcmContainer(pod, container.get(), command.get(), release.get());
        PodWorkload workload = switch (command.get().family()) {
            case CONTROLLER -> new ControllerWorkload(ocm, services);
            case WEBHOOK_SERVER -> new WebhookServerWorkload(ocm, services);
        };
        return new SupervisedPodProcess(key, pod.getSpec().getRestartPolicy(), workload, supervisor, onChange,
                services.log());
    }

    /** Every container must be one {@link AddonImages} knows: a pod runs whole or not at all. */
    private PodRunner addonPod(Pod pod, String key, Runnable onChange) {
        List<AddonImages.Launch> launches = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            AddonImages.Resolution resolution = AddonImages.resolve(container, E2eBinaries::addonVersion);
            if (resolution.launch() == null) {
                return unrunnable(resolution.reason(), "pod " + key + ": " + resolution.why() + "; the pod stays not Ready");
            }
            launches.add(resolution.launch());
        }
        return new AddonPod(pod, launches, services, supervisor, onChange);
    }

    private PodRunner unrunnable(String reason, String why) {
        services.log().warn(why);
        return PodRunner.unrunnable(reason, why);
    }
}
