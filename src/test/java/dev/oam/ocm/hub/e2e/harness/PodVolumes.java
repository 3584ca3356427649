package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * A container's Secret, ConfigMap and emptyDir volumes as directories under the pod's directory, as the
 * kubelet mounts them, and the container's paths translated to those directories (a host process has no
 * mount namespace of its own). Secret and ConfigMap volumes are rewritten when their source changes, as the
 * kubelet does: OCM rotates webhook certs, and the klusterlet's agents hand the hub kubeconfig to each other
 * through a Secret.
 */
final class PodVolumes {
    private static final Duration REFRESH = Duration.ofSeconds(10);

    private final KubeletServices services;
    private final Pod pod;
    /** Container mount path to the host directory (or file, for a subPath mount), longest path first. */
    private final Map<String, Path> hostPaths = new LinkedHashMap<>();
    private final List<Mount> synced = new ArrayList<>();
    private Instant refreshedAt = Instant.EPOCH;
    /** The last refresh failure logged, so a source that stays gone is reported once. */
    private String refreshError;

    private record Mount(Volume volume, Path dir) {
    }

    PodVolumes(KubeletServices services, Pod pod, Container container) {
        this.services = services;
        this.pod = pod;
        List<VolumeMount> mounts = new ArrayList<>(container.getVolumeMounts());
        mounts.sort(Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed());
        for (VolumeMount mount : mounts) {
            Optional<Volume> volume = pod.getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst();
            if (volume.isEmpty() || !isSupported(volume.get())) {
                continue; // e.g. a projected token: the harness passes --kubeconfig instead
            }
            Path dir = services.podDir(pod, "volumes/" + mount.getName());
            String sub = mount.getSubPath();
            hostPaths.put(mount.getMountPath(), sub == null || sub.isEmpty() ? dir : dir.resolve(sub));
            if (volume.get().getEmptyDir() == null && synced.stream().noneMatch(m -> m.dir().equals(dir))) {
                synced.add(new Mount(volume.get(), dir));
            }
        }
    }

    /** Writes every Secret and ConfigMap volume; a missing source that is not optional makes the pod wait. */
    void refresh() throws PodWorkload.NotYetRunnableException {
        for (Mount mount : synced) {
            Map<String, byte[]> files = read(mount.volume());
            if (files != null && write(files, mount.dir()) && !refreshedAt.equals(Instant.EPOCH)) {
                services.log().info(pod.getMetadata().getName() + ": volume " + mount.volume().getName()
                        + " updated from its source");
            }
        }
        refreshedAt = Instant.now();
    }

    /**
     * Refreshes at most every 10 s, between probes. Like the kubelet, a source that went away (the hub being
     * removed deletes its Secrets before its pods) leaves the last files in place; the failure is logged once
     * per distinct error.
     */
    void maintain() {
        if (Duration.between(refreshedAt, Instant.now()).compareTo(REFRESH) < 0) {
            return;
        }
        try {
            refresh();
            refreshError = null;
        } catch (PodWorkload.NotYetRunnableException | RuntimeException e) {
            refreshedAt = Instant.now();
            if (!String.valueOf(e.getMessage()).equals(refreshError)) {
                refreshError = String.valueOf(e.getMessage());
                services.log().warn(pod.getMetadata().getName() + ": cannot refresh its volumes (keeps the last"
                        + " files; said once until the error changes): " + e.getMessage());
            }
        }
    }

    /** Each mount path of the container (Secret, ConfigMap, emptyDir) to the host directory or file holding it. */
    Map<String, Path> mounts() {
        return Map.copyOf(hostPaths);
    }

    /** Where a path of the container is on this host, if a volume holds it. */
    Optional<Path> hostPath(String containerPath) {
        for (Map.Entry<String, Path> mount : hostPaths.entrySet()) {
            String prefix = mount.getKey();
            if (containerPath.equals(prefix)) {
                return Optional.of(mount.getValue());
            }
            if (containerPath.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return Optional.of(mount.getValue().resolve(containerPath.substring(prefix.length()).replaceFirst("^/", "")));
            }
        }
        return Optional.empty();
    }

    /** The arguments with every container path under a volume ("--x=/spoke/a/f" or "/spoke/a/f") made a host path. */
    List<String> translate(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (String arg : args) {
            int eq = arg.startsWith("-") ? arg.indexOf('=') : -1;
            String value = eq < 0 ? arg : arg.substring(eq + 1);
            Optional<Path> host = value.startsWith("/") ? hostPath(value) : Optional.empty();
            out.add(host.map(p -> (eq < 0 ? "" : arg.substring(0, eq + 1)) + p).orElse(arg));
        }
        return out;
    }

    private static boolean isSupported(Volume volume) {
        return volume.getSecret() != null || volume.getConfigMap() != null || volume.getEmptyDir() != null;
    }

    /** The files a volume holds now, or null for an optional source that does not exist. */
    private Map<String, byte[]> read(Volume volume) throws PodWorkload.NotYetRunnableException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, byte[]> data = new LinkedHashMap<>();
        List<KeyToPath> items;
        String what;
        if (volume.getSecret() != null) {
            what = "secret " + namespace + "/" + volume.getSecret().getSecretName();
            Secret secret = services.client().secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
            if (secret == null) {
                return missing(what, Boolean.TRUE.equals(volume.getSecret().getOptional()));
            }
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            }
            items = volume.getSecret().getItems();
        } else {
            what = "configmap " + namespace + "/" + volume.getConfigMap().getName();
            ConfigMap map = services.client().configMaps().inNamespace(namespace).withName(volume.getConfigMap().getName()).get();
            if (map == null) {
                return missing(what, Boolean.TRUE.equals(volume.getConfigMap().getOptional()));
            }
            if (map.getData() != null) {
                map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
            if (map.getBinaryData() != null) {
                map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            }
            items = volume.getConfigMap().getItems();
        }
        if (items == null || items.isEmpty()) {
            return data;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new PodWorkload.NotYetRunnableException(what + " has no key " + item.getKey());
            }
            files.put(item.getPath(), value);
        }
        return files;
    }

    private static Map<String, byte[]> missing(String what, boolean optional) throws PodWorkload.NotYetRunnableException {
        if (optional) {
            return null;
        }
        throw new PodWorkload.NotYetRunnableException(what + " not found");
    }

    /**
     * Makes {@code dir} hold exactly {@code files}; returns whether anything changed. Files change by atomic
     * rename, so a watcher (controller-runtime's certwatcher, library-go's --terminate-on-files) never sees
     * half a file.
     */
    private static boolean write(Map<String, byte[]> files, Path dir) {
        boolean changed = false;
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.write(tmp, file.getValue());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                changed = true;
            }
            try (Stream<Path> present = Files.list(dir)) {
                for (Path stale : present.filter(p -> Files.isRegularFile(p)
                        && !files.containsKey(p.getFileName().toString())).toList()) {
                    Files.delete(stale);
                    changed = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the volume into " + dir, e);
        }
        return changed;
    }
}
