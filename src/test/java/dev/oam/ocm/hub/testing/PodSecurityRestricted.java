package dev.oam.ocm.hub.testing;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The checks of the Pod Security Standard {@code restricted} (which includes {@code baseline}), as the
 * PodSecurity admission plugin applies them to a pod spec, written out so a test can say which rule a pod
 * template breaks. The source is the published standard (kubernetes.io, "Pod Security Standards").
 */
public final class PodSecurityRestricted {
    /** Volume types restricted allows; hostPath and every in-tree network volume are out. */
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SECURE_SECCOMP = Set.of("RuntimeDefault", "Localhost");
    /** Sysctls baseline lets a pod set: namespaced and safe. */
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private PodSecurityRestricted() {
    }

    /** The pod specs of every workload among the objects, named "Kind namespace/name". */
    public static Map<String, PodSpec> podSpecs(List<? extends HasMetadata> objects) {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            podSpecOf(o).ifPresent(spec -> specs.put(o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                    + o.getMetadata().getName(), spec));
        }
        return specs;
    }

    private static Optional<PodSpec> podSpecOf(HasMetadata o) {
        if (o instanceof Pod p) {
            return Optional.ofNullable(p.getSpec());
        }
        if (o instanceof Deployment d) {
            return Optional.of(d.getSpec().getTemplate().getSpec());
        }
        if (o instanceof StatefulSet s) {
            return Optional.of(s.getSpec().getTemplate().getSpec());
        }
        if (o instanceof DaemonSet s) {
            return Optional.of(s.getSpec().getTemplate().getSpec());
        }
        if (o instanceof ReplicaSet s) {
            return Optional.of(s.getSpec().getTemplate().getSpec());
        }
        if (o instanceof Job j) {
            return Optional.of(j.getSpec().getTemplate().getSpec());
        }
        if (o instanceof CronJob c) {
            return Optional.of(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
        }
        return Optional.empty();
    }

    /** Every rule of restricted the pod spec breaks; empty when a namespace enforcing restricted admits it. */
    public static List<String> violations(PodSpec pod) {
        List<String> found = new ArrayList<>();
        PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("host namespaces (hostNetwork, hostPID, hostIPC) must not be shared");
        }
        for (Volume v : nullToEmpty(pod.getVolumes())) {
            String type = volumeType(v);
            if (!ALLOWED_VOLUMES.contains(type)) {
                found.add("volume " + v.getName() + " is of type " + type + ", not one restricted allows");
            }
        }
        if (podContext.getSysctls() != null) {
            podContext.getSysctls().stream().filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
                    .forEach(s -> found.add("sysctl " + s.getName() + " is not a safe sysctl"));
        }
        checkSeLinuxAndUser("pod", podContext.getSeLinuxOptions() == null ? null : podContext.getSeLinuxOptions().getType(),
                podContext.getRunAsUser(), found);
        if (podContext.getSeccompProfile() != null && !SECURE_SECCOMP.contains(podContext.getSeccompProfile().getType())) {
            found.add("pod seccompProfile " + podContext.getSeccompProfile().getType() + " must be RuntimeDefault or Localhost");
        }
        List<Container> containers = Stream.of(pod.getInitContainers(), pod.getContainers())
                .flatMap(l -> nullToEmpty(l).stream()).toList();
        for (Container c : containers) {
            checkContainer(c, podContext, found);
        }
        return found;
    }

    private static void checkContainer(Container c, PodSecurityContext pod, List<String> found) {
        String name = "container " + c.getName();
        SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            found.add(name + " is privileged");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            found.add(name + " must set allowPrivilegeEscalation: false");
        }
        Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            found.add(name + " must run with runAsNonRoot: true (on the container or the pod)");
        }
        checkSeLinuxAndUser(name, sc.getSeLinuxOptions() == null ? null : sc.getSeLinuxOptions().getType(),
                sc.getRunAsUser(), found);
        SeccompProfile seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !SECURE_SECCOMP.contains(seccomp.getType())) {
            found.add(name + " must have seccompProfile RuntimeDefault or Localhost (on the container or the pod)");
        }
        Capabilities caps = sc.getCapabilities();
        if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
            found.add(name + " must drop ALL capabilities");
        }
        if (caps != null && caps.getAdd() != null) {
            caps.getAdd().stream().filter(cap -> !cap.equals("NET_BIND_SERVICE"))
                    .forEach(cap -> found.add(name + " adds capability " + cap + "; only NET_BIND_SERVICE is allowed"));
        }
        for (ContainerPort port : nullToEmpty(c.getPorts())) {
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                found.add(name + " uses hostPort " + port.getHostPort());
            }
        }
        if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
            found.add(name + " sets procMount " + sc.getProcMount());
        }
        if (sc.getAppArmorProfile() != null && !Set.of("RuntimeDefault", "Localhost").contains(sc.getAppArmorProfile().getType())) {
            found.add(name + " sets AppArmor profile " + sc.getAppArmorProfile().getType());
        }
        if (sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
            found.add(name + " is a Windows host process");
        }
    }

    private static void checkSeLinuxAndUser(String who, String seLinuxType, Long runAsUser, List<String> found) {
        if (seLinuxType != null && !seLinuxType.isEmpty()
                && !Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t").contains(seLinuxType)) {
            found.add(who + " sets SELinux type " + seLinuxType);
        }
        if (runAsUser != null && runAsUser == 0) {
            found.add(who + " runs as user 0");
        }
    }

    /** The name of the one volume source a volume sets, as it appears in YAML. */
    private static String volumeType(Volume v) {
        Map<String, Function<Volume, Object>> sources = new LinkedHashMap<>();
        sources.put("configMap", Volume::getConfigMap);
        sources.put("csi", Volume::getCsi);
        sources.put("downwardAPI", Volume::getDownwardAPI);
        sources.put("emptyDir", Volume::getEmptyDir);
        sources.put("ephemeral", Volume::getEphemeral);
        sources.put("persistentVolumeClaim", Volume::getPersistentVolumeClaim);
        sources.put("projected", Volume::getProjected);
        sources.put("secret", Volume::getSecret);
        sources.put("hostPath", Volume::getHostPath);
        return sources.entrySet().stream().filter(e -> e.getValue().apply(v) != null).map(Map.Entry::getKey)
                .findFirst().orElse("another source");
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
