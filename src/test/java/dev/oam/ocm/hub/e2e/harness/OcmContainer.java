package dev.oam.ocm.hub.e2e.harness;

import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * An OCM container the harness runs: the pod, its OCM container, the command {@link OcmImages} chose for it and
 * the release of its image tag (whose binaries run it).
 */
record OcmContainer(Pod pod, Container container, OcmImages.Command command, String release) {

    /** The binary of the image's release, built by build-binaries.sh if missing. */
    Path binary() {
        return E2eBinaries.ocm(release, command.binary());
    }

    /** The container's arguments after the subcommand, as the pod spec has them. */
    List<String> args() {
        return ContainerCommand.argsAfter(container, command.subcommand());
    }

    /** The process (and log file) name: binary, subcommand and pod, e.g. {@code work-webhook-server-<pod>}. */
    String processName() {
        return command.binary() + "-" + command.subcommand() + "-" + pod.getMetadata().getName();
    }
}
