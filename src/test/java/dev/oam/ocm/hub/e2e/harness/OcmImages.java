package dev.oam.ocm.hub.e2e.harness;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The one place that says which binary runs an OCM container: the image name picks the binary (OCM's
 * images each hold one, named like its {@code cmd/} directory), the container's subcommand picks how the
 * harness runs it. Every OCM pod the hub or klusterlet operators create, in every release built here,
 * is covered; a container this table does not know stays not Ready (see {@link OcmPodRunners}).
 */
final class OcmImages {
    /** How a binary runs on this machine: which {@link PodWorkload} class launches it. */
    enum Family {
        /** A library-go controller ({@code --kubeconfig}, {@code --namespace}, {@code --listen}): a host process. */
        CONTROLLER,
        /** A controller-runtime webhook server on fixed ports: its own network namespace. */
        WEBHOOK_SERVER
    }

    /**
     * What runs one container.
     *
     * @param binary        the file name under {@code ocm-<release>/} in the binary cache
     * @param subcommand    its first argument ("hub", "controller", "webhook-server", ...)
     * @param family        how the harness runs it
     * @param implicitPaths paths the binary reads by default, without a flag in the pod spec, mapped to the
     *                      flag that moves them; the harness sets that flag when the container mounts the path
     */
    record Command(String binary, String subcommand, Family family, Map<String, String> implicitPaths) {
    }

    /** Image name (the last path segment of the repository) to its binary. */
    private static final Map<String, String> BINARY_OF_IMAGE = Map.of(
            "registration-operator", "registration-operator",
            "registration", "registration",
            "work", "work",
            "placement", "placement",
            "addon-manager", "addon");

    /** The agents' hub kubeconfig directory defaults to this mount (ocm pkg/common/options/agent.go). */
    private static final Map<String, String> AGENT_PATHS = Map.of("/spoke/hub-kubeconfig", "hub-kubeconfig-dir");

    /** Binary to its subcommands as ocm v1.2.x {@code cmd/} defines them. */
    private static final Map<String, Map<String, Command>> COMMANDS = Map.of(
            "registration-operator", Map.of(
                    "hub", controller("registration-operator", "hub"),
                    "klusterlet", controller("registration-operator", "klusterlet"),
                    "agent", agent("registration-operator", "agent")),
            "registration", Map.of(
                    "controller", controller("registration", "controller"),
                    "agent", agent("registration", "agent"),
                    "webhook-server", webhook("registration")),
            "work", Map.of(
                    "manager", controller("work", "manager"),
                    "agent", agent("work", "agent"),
                    "webhook-server", webhook("work")),
            "placement", Map.of("controller", controller("placement", "controller")),
            "addon", Map.of(
                    "manager", controller("addon", "manager"),
                    "webhook-server", webhook("addon")));

    private OcmImages() {
    }

    /** The OCM container of a pod (the first whose image is an OCM image), if any. */
    static Optional<Container> ocmContainer(Pod pod) {
        return pod.getSpec().getContainers().stream().filter(c -> binaryOf(c.getImage()).isPresent()).findFirst();
    }

    /**
     * The command of an OCM container: its binary from the image, its subcommand from the first argument
     * (after the binary's path, as OCM's Deployments write {@code ["/registration", "controller", ...]}) that
     * names one. Empty for an image that is not OCM's, or a subcommand the harness cannot run.
     */
    static Optional<Command> command(Container container) {
        Optional<String> binary = binaryOf(container.getImage());
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Command> subcommands = COMMANDS.get(binary.get());
        return ContainerCommand.argv(container).stream().filter(subcommands::containsKey).findFirst().map(subcommands::get);
    }

    private static Optional<String> binaryOf(String image) {
        if (image == null) {
            return Optional.empty();
        }
        String repository = ContainerCommand.repository(image);
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        return Optional.ofNullable(BINARY_OF_IMAGE.get(name));
    }

    private static Command controller(String binary, String subcommand) {
        return new Command(binary, subcommand, Family.CONTROLLER, Map.of());
    }

    private static Command agent(String binary, String subcommand) {
        return new Command(binary, subcommand, Family.CONTROLLER, AGENT_PATHS);
    }

    private static Command webhook(String binary) {
        return new Command(binary, "webhook-server", Family.WEBHOOK_SERVER, Map.of());
    }
}
