package dev.oam.ocm.hub.e2e.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;

/** Reads what a container would run from a pod spec: its argv, its env, the release in its image tag. */
final class ContainerCommand {
    private static final Pattern RELEASE_TAG = Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)");

    private ContainerCommand() {
    }

    /** The container whose image is {@code <registry>/<imageName>:<tag>}, else the first one. */
    static Container container(Pod pod, String imageName) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.stream()
                .filter(c -> c.getImage() != null && repository(c.getImage()).endsWith("/" + imageName))
                .findFirst()
                .orElse(containers.get(0));
    }

    /**
     * The OCM release of an image reference ("quay.io/x/registration:v1.2.1" gives "1.2.1"); empty for a
     * digest, {@code :latest} or anything else that names no release.
     */
    static Optional<String> release(String image) {
        if (image == null || image.contains("@")) {
            return Optional.empty();
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash || colon < 0) {
            return Optional.empty();
        }
        Matcher tag = RELEASE_TAG.matcher(image.substring(colon + 1));
        return tag.matches() ? Optional.of(tag.group(1)) : Optional.empty();
    }

    /** The arguments after {@code subcommand} in command + args ("/registration-operator hub --x" gives "--x"). */
    static List<String> argsAfter(Container container, String subcommand) {
        List<String> argv = argv(container);
        int at = argv.indexOf(subcommand);
        return at < 0 ? List.of() : List.copyOf(argv.subList(at + 1, argv.size()));
    }

    /** The container's command followed by its args: what the runtime would execute. */
    static List<String> argv(Container container) {
        List<String> argv = new ArrayList<>(container.getCommand());
        argv.addAll(container.getArgs());
        return argv;
    }

    /** {@code args} without the flags in {@code names}, in their "--f=v" and "--f v" forms. */
    static List<String> withoutFlags(List<String> args, Set<String> names) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = flagName(arg);
            if (name != null && names.contains(name)) {
                if (!arg.contains("=") && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                    i++; // its value
                }
                continue;
            }
            kept.add(arg);
        }
        return kept;
    }

    /** The value of flag {@code name} in "--f=v" or "--f v" form. */
    static Optional<String> flagValue(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (name.equals(flagName(arg))) {
                int eq = arg.indexOf('=');
                if (eq >= 0) {
                    return Optional.of(arg.substring(eq + 1));
                }
                if (i + 1 < args.size()) {
                    return Optional.of(args.get(i + 1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The container's environment as a kubelet would set it, for plain values and the downward API fields
     * that need no running pod; other sources are skipped.
     */
    static Map<String, String> environment(Pod pod, Container container, String podIp) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                String value = switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> pod.getMetadata().getName();
                    case "metadata.namespace" -> pod.getMetadata().getNamespace();
                    case "metadata.uid" -> pod.getMetadata().getUid();
                    case "spec.nodeName" -> pod.getSpec().getNodeName();
                    case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
                    case "status.podIP" -> podIp;
                    case "status.hostIP" -> TestNetwork.HOST_IP;
                    default -> null;
                };
                if (value != null) {
                    env.put(var.getName(), value);
                }
            }
        }
        return env;
    }

    private static String flagName(String arg) {
        if (!arg.startsWith("-")) {
            return null;
        }
        String name = arg.replaceFirst("^--?", "");
        int eq = name.indexOf('=');
        return eq < 0 ? name : name.substring(0, eq);
    }

    /** The image reference without tag or digest. */
    static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }
}
