package dev.oam.ocm.hub.e2e.harness;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Container;

/**
 * The one place that says which binary runs an OCM addon container: the images the operator renders for the addon
 * managers, and those the managers put into their agents' ManifestWorks and cluster-proxy's proxy-server Deployment.
 * The image name picks the addon's wrapper module (go/&lt;addon&gt;-&lt;version&gt;), the container's entrypoint
 * ({@code command[0]}, the path in the upstream image) picks the binary; the tag must be the release built here.
 * Anything else is refused with the reason, and the pod stays not Ready (see {@link OcmPodRunners}).
 */
final class AddonImages {
    /** Image name (last path segment of the repository) to its addon, then entrypoint to binary. */
    private static final Map<String, Map<String, String>> BINARIES = Map.of(
            // One binary, two subcommands: "msa manager" on the hub, "msa agent" on managed clusters.
            "managed-serviceaccount", Map.of("/msa", "msa"),
            // The image's Dockerfile names the commands manager/agent and ships ANP's server and agent beside them.
            "cluster-proxy", Map.of(
                    "/manager", "addon-manager",
                    "/agent", "addon-agent",
                    "/cluster-proxy", "cluster-proxy",
                    "/proxy-server", "proxy-server",
                    "/proxy-agent", "proxy-agent"));

    /**
     * What runs one container.
     *
     * @param addon  the wrapper module's addon ({@code managed-serviceaccount}, {@code cluster-proxy})
     * @param binary the file name under {@code <addon>-<version>/} in the binary cache
     * @param args   the arguments after the entrypoint: the container's command[1..] then its args
     */
    record Launch(String addon, String binary, List<String> args) {
    }

    /** A launch, or why the container cannot run here ({@code reason} is kubelet-style, e.g. NoLocalBinary). */
    record Resolution(Launch launch, String reason, String why) {
        static Resolution refused(String reason, String why) {
            return new Resolution(null, reason, why);
        }
    }

    private AddonImages() {
    }

    /** Whether {@code image} is one of the addon images this table knows, whatever registry mirrors it. */
    static boolean isAddonImage(String image) {
        return addonOf(image).isPresent();
    }

    /**
     * @param builtVersion the release built for an addon (from its wrapper module's go.mod), e.g. "0.10.0"
     */
    static Resolution resolve(Container container, Function<String, String> builtVersion) {
        String image = container.getImage();
        Optional<String> addon = addonOf(image);
        if (addon.isEmpty()) {
            return Resolution.refused("NoLocalBinary", "container " + container.getName() + " runs " + image
                    + ", not an addon image the e2e harness knows (" + BINARIES.keySet() + ")");
        }
        String built = builtVersion.apply(addon.get());
        Optional<String> release = ContainerCommand.release(image);
        if (release.isEmpty() || !release.get().equals(built)) {
            return Resolution.refused("NoLocalBinary", "container " + container.getName() + " runs " + image + ", but"
                    + " the e2e harness builds only " + addon.get() + " " + built + " (src/test/e2e/go/" + addon.get()
                    + "-" + built + ")");
        }
        List<String> command = container.getCommand();
        String entrypoint = command.isEmpty() ? null : command.get(0);
        String binary = entrypoint == null ? null : BINARIES.get(addon.get()).get(entrypoint);
        if (binary == null) {
            return Resolution.refused("UnknownCommand", "container " + container.getName() + " runs " + image
                    + " with entrypoint " + entrypoint + "; the e2e harness knows " + BINARIES.get(addon.get()).keySet()
                    + " for that image (the upstream image declares no ENTRYPOINT)");
        }
        List<String> argv = ContainerCommand.argv(container);
        return new Resolution(new Launch(addon.get(), binary, List.copyOf(argv.subList(1, argv.size()))), null, null);
    }

    private static Optional<String> addonOf(String image) {
        if (image == null) {
            return Optional.empty();
        }
        return BINARIES.keySet().stream().filter(name -> PodInOwnNetns.imageNamed(image, name)).findFirst();
    }
}
