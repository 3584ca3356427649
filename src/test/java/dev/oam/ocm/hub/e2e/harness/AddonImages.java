package dev.oam.ocm.hub.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Container;

/**
 * The one place that says which binary runs an OCM addon container: the images the operator renders for the addon
 * managers, and those the managers put into their agents' ManifestWorks and cluster-proxy's proxy-server Deployment.
 * The image name picks the addon's wrapper module (go/&lt;addon&gt;-&lt;version&gt;), the container's entrypoint
 * ({@code command[0]}, the path in the upstream image, or the image's own ENTRYPOINT when the container sets only
 * args) picks the binary; the tag must be the release built here.
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
                    "/proxy-agent", "proxy-agent"),
            // KubeVela's cluster-gateway: the manager the operator renders, and the aggregated apiserver it deploys.
            "cluster-gateway-addon-manager", Map.of("/addon-manager", "addon-manager"),
            "cluster-gateway", Map.of("/apiserver", "apiserver"));
    /**
     * The images whose Dockerfile declares an ENTRYPOINT: their Deployments give only args (cluster-gateway's
     * installer, and the operator after its chart). The apiserver's /readyz never passes on Kubernetes 1.34 (its
     * informer-sync check waits for informers of the flowcontrol v1beta3 API, which 1.32 removed) but it serves,
     * and its pods declare no readiness probe: like a kubelet without one, {@link AddonPod} counts it Ready once its
     * process runs.
     */
    private static final Map<String, String> ENTRYPOINTS = Map.of(
            "cluster-gateway-addon-manager", "/addon-manager",
            "cluster-gateway", "/apiserver");
    /** An image not named after its addon's wrapper module. */
    private static final Map<String, String> ADDON_OF_IMAGE = Map.of("cluster-gateway-addon-manager", "cluster-gateway");

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
        return imageNameOf(image).isPresent();
    }

    /**
     * @param builtVersion the release built for an addon (from its wrapper module's go.mod), e.g. "0.10.0"
     */
    static Resolution resolve(Container container, Function<String, String> builtVersion) {
        String image = container.getImage();
        Optional<String> imageName = imageNameOf(image);
        Optional<String> addon = imageName.map(n -> ADDON_OF_IMAGE.getOrDefault(n, n));
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
        List<String> argv = new ArrayList<>();
        String declared = ENTRYPOINTS.get(imageName.get());
        if (container.getCommand().isEmpty() && declared != null) {
            argv.add(declared);
        }
        argv.addAll(ContainerCommand.argv(container));
        String entrypoint = argv.isEmpty() ? null : argv.get(0);
        Map<String, String> binaries = BINARIES.get(imageName.get());
        String binary = entrypoint == null ? null : binaries.get(entrypoint);
        if (binary == null) {
            return Resolution.refused("UnknownCommand", "container " + container.getName() + " runs " + image
                    + " with entrypoint " + entrypoint + "; the e2e harness knows " + binaries.keySet()
                    + " for that image" + (declared == null ? " (the upstream image declares no ENTRYPOINT)" : ""));
        }
        return new Resolution(new Launch(addon.get(), binary, List.copyOf(argv.subList(1, argv.size()))), null, null);
    }

    private static Optional<String> imageNameOf(String image) {
        if (image == null) {
            return Optional.empty();
        }
        return BINARIES.keySet().stream().filter(name -> PodInOwnNetns.imageNamed(image, name)).findFirst();
    }
}
