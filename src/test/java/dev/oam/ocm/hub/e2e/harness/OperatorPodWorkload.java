package dev.oam.ocm.hub.e2e.harness;

import dev.oam.ocm.hub.packaging.ImageJvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * A pod of this project's own image, however it got to the cluster (deploy/base, the KubeVela addon, a chart):
 * the jar under test run as the image runs it ({@code java} with the Dockerfile's JVM settings and class-data
 * archive, then the container's arguments), with the container's environment and a token of the pod's
 * ServiceAccount. It gets a network namespace of its own, so its pod IP and ports are the pod's and two replicas
 * do not collide on the probe port; readiness is the container's own HTTP readiness probe on that IP.
 *
 * <p>The image tag is not checked: the jar built by this checkout is the only build of the operator here, and
 * the tests that install it exist to run that code.
 */
final class OperatorPodWorkload extends PodInOwnNetns {
    /** What the image's entrypoint runs; in a pod the jar is /app/vela-ocm-hub-operator.jar. */
    static final Path JAR = Path.of("target/vela-ocm-hub-operator.jar");

    OperatorPodWorkload(Pod pod, Container container, KubeletServices services) {
        super(pod, container, services);
    }

    /** Whether {@code image} is this project's operator image, from any registry (a mirror keeps the name). */
    static boolean runs(String image) {
        return imageNamed(image, "vela-ocm-hub-operator");
    }

    @Override
    public synchronized ManagedProcess launch() throws NotYetRunnableException {
        Path jar = JAR.toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new NotYetRunnableException(jar + " is missing: the operator's pods run the packaged jar (mvn package)");
        }
        String namespace = pod.getMetadata().getNamespace();
        // In a pod the client reads the ServiceAccount mount; here the same identity comes in its environment.
        Map<String, String> client = services.tokens().clientEnvironmentFor(namespace,
                ControllerWorkload.serviceAccount(pod));
        TestNetwork.PodNetns netns = netns();
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(ImageJvm.optionsWithArchive(jar));
        argv.add("-Djava.io.tmpdir=" + services.podDir(pod, "tmp"));
        argv.addAll(List.of("-jar", jar.toString()));
        argv.addAll(ContainerCommand.argv(container));
        Map<String, String> env = ContainerCommand.environment(pod, container, netns.ip());
        env.putAll(client);
        env.put("HOME", services.podDir(pod, "home").toString());
        return services.processes().start("operator-" + pod.getMetadata().getName(), argv, env);
    }

    @Override
    public boolean isReady(ManagedProcess process) {
        String ip = podIp();
        Probe readiness = container.getReadinessProbe();
        if (ip == null || readiness == null || readiness.getHttpGet() == null) {
            // deploy/base always has one; a pod without it is Ready once its process runs, as with a kubelet.
            return ip != null;
        }
        HTTPGetAction get = readiness.getHttpGet();
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
        return probe.ok(scheme + "://" + ip + ":" + port(get.getPort()) + get.getPath());
    }

    /** A probe port by number or by the name of one of the container's ports. */
    private int port(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalStateException("readiness probe of pod " + pod.getMetadata().getName()
                        + " names port " + port.getStrVal() + ", which its container does not declare"));
    }
}
