package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Writes a pod's secret volume into a directory, as the kubelet mounts it (keys, or the items mapping). */
final class SecretVolumes {
    private SecretVolumes() {
    }

    /** The secret volume the container mounts at {@code mountPath}, if any. */
    static Optional<SecretVolumeSource> mountedAt(Pod pod, Container container, String mountPath) {
        return container.getVolumeMounts().stream()
                .filter(m -> mountPath.equals(m.getMountPath()))
                .map(VolumeMount::getName)
                .flatMap(name -> pod.getSpec().getVolumes().stream().filter(v -> name.equals(v.getName())))
                .map(Volume::getSecret)
                .filter(s -> s != null)
                .findFirst();
    }

    /**
     * Writes the secret's files into {@code dir}; returns false when nothing changed since the last call.
     * Files change by atomic rename, so a watcher (controller-runtime's certwatcher) never sees half a cert.
     */
    static boolean materialise(KubernetesClient client, String namespace, SecretVolumeSource volume, Path dir)
            throws PodWorkload.NotYetRunnableException {
        Secret secret = client.secrets().inNamespace(namespace).withName(volume.getSecretName()).get();
        if (secret == null || secret.getData() == null || secret.getData().isEmpty()) {
            throw new PodWorkload.NotYetRunnableException("secret " + namespace + "/" + volume.getSecretName()
                    + (secret == null ? " not found" : " has no data yet"));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (volume.getItems() == null || volume.getItems().isEmpty()) {
            secret.getData().forEach((key, value) -> files.put(key, Base64.getDecoder().decode(value)));
        } else {
            for (KeyToPath item : volume.getItems()) {
                String value = secret.getData().get(item.getKey());
                if (value == null) {
                    throw new PodWorkload.NotYetRunnableException("secret " + namespace + "/"
                            + volume.getSecretName() + " has no key " + item.getKey());
                }
                files.put(item.getPath(), Base64.getDecoder().decode(value));
            }
        }
        boolean changed = false;
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                    continue;
                }
                Path tmp = dir.resolve("." + file.getKey() + ".tmp");
                Files.write(tmp, file.getValue());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                changed = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret volume into " + dir, e);
        }
        return changed;
    }
}
