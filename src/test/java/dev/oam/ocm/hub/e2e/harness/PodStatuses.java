package dev.oam.ocm.hub.e2e.harness;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;

/**
 * Turns a {@link PodRunState} into the pod status a kubelet would write. It starts from the live status:
 * fields set by the apiserver (qosClass) may not change in a status update.
 */
final class PodStatuses {
    private PodStatuses() {
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static PodStatus desired(Pod pod, PodRunState state, Instant now) {
        PodStatus live = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String time = timestamp(now);
        PodStatusBuilder status = new PodStatusBuilder(live)
                .withPhase(phase(state))
                .withStartTime(live.getStartTime() != null ? live.getStartTime() : time);
        if (state.podIp() != null) {
            status.withPodIP(state.podIp()).withPodIPs(new PodIP(state.podIp()))
                    .withHostIP(TestNetwork.HOST_IP).withHostIPs(new HostIP(TestNetwork.HOST_IP));
        }
        String ready = state.ready() ? "True" : "False";
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(live, "PodReadyToStartContainers", "True", time));
        conditions.add(condition(live, "Initialized", "True", time));
        conditions.add(condition(live, "Ready", ready, time));
        conditions.add(condition(live, "ContainersReady", ready, time));
        conditions.add(condition(live, "PodScheduled", "True", time));
        status.withConditions(conditions);
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            containers.add(containerStatus(pod, container, state));
        }
        status.withContainerStatuses(containers);
        List<ContainerStatus> initContainers = new ArrayList<>();
        for (Container container : pod.getSpec().getInitContainers()) {
            // Init containers of pods without a process "completed" at once.
            initContainers.add(new ContainerStatusBuilder().withName(container.getName())
                    .withImage(container.getImage()).withImageID(container.getImage())
                    .withReady(true).withStarted(false).withRestartCount(0)
                    .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0)
                            .withReason("Completed").endTerminated().build())
                    .build());
        }
        status.withInitContainerStatuses(initContainers);
        return status.build();
    }

    private static String phase(PodRunState state) {
        if (state.exitCode() != null) {
            return state.exitCode() == 0 ? "Succeeded" : "Failed";
        }
        return state.running() || state.restartCount() > 0 ? "Running" : "Pending";
    }

    /** The parts of a status this harness decides; equal fingerprints mean no write is needed. */
    static String fingerprint(PodStatus status) {
        if (status == null) {
            return "";
        }
        String conditions = status.getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus())
                .sorted()
                .collect(Collectors.joining(","));
        String containers = status.getContainerStatuses().stream()
                .map(c -> c.getName() + ":" + c.getReady() + ":" + c.getRestartCount() + ":" + stateOf(c))
                .collect(Collectors.joining(","));
        return status.getPhase() + "|" + status.getPodIP() + "|" + conditions + "|" + containers;
    }

    private static String stateOf(ContainerStatus container) {
        if (container.getState() == null) {
            return "none";
        }
        if (container.getState().getRunning() != null) {
            return "running";
        }
        if (container.getState().getTerminated() != null) {
            return "terminated/" + container.getState().getTerminated().getExitCode();
        }
        if (container.getState().getWaiting() != null) {
            return "waiting/" + container.getState().getWaiting().getReason() + "/"
                    + container.getState().getWaiting().getMessage();
        }
        return "terminated";
    }

    private static ContainerStatus containerStatus(Pod pod, Container container, PodRunState state) {
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(container.getImage())
                .withReady(state.ready())
                .withStarted(state.running())
                .withRestartCount(state.restartCount());
        if (state.running()) {
            status.withContainerID("e2e://" + pod.getMetadata().getUid() + "/" + container.getName())
                    .withState(new ContainerStateBuilder().withNewRunning()
                            .withStartedAt(timestamp(Objects.requireNonNullElse(state.startedAt(), Instant.now())))
                            .endRunning().build());
        } else if (state.exitCode() != null) {
            status.withContainerID("e2e://" + pod.getMetadata().getUid() + "/" + container.getName())
                    .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(state.exitCode())
                            .withReason(state.exitCode() == 0 ? "Completed" : "Error").withMessage(state.message())
                            .endTerminated().build());
        } else {
            status.withState(new ContainerStateBuilder().withNewWaiting()
                    .withReason(state.waitingReason()).withMessage(state.message()).endWaiting().build());
        }
        return status.build();
    }

    private static PodCondition condition(PodStatus live, String type, String status, String time) {
        String since = live.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(time);
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
    }
}
