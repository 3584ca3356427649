package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.KubernetesJson;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per object, what was last applied and which live version that produced, so an unchanged
 * object is not applied again. Server-side apply of identical content writes nothing to etcd, but it is
 * still a request: an idle operator should send none. Any change by someone else (a new uid after a
 * delete, a new generation after a spec edit) makes the fingerprint differ and the object is applied again.
 */
final class AppliedObjects {
    private final Map<String, Entry> applied = new ConcurrentHashMap<>();
    /** The digest of the last desired object seen per key; bundles are reused, so usually the same instance. */
    private final Map<String, Digested> digests = new ConcurrentHashMap<>();

    private record Entry(String desiredDigest, String liveFingerprint) {
    }

    private record Digested(HasMetadata object, String digest) {
    }

    boolean upToDate(HasMetadata desired, HasMetadata live) {
        Entry entry = applied.get(key(desired));
        return entry != null && live != null
                && entry.desiredDigest.equals(digest(desired))
                && entry.liveFingerprint.equals(fingerprint(live));
    }

    /**
     * Someone else changed or deleted the object since we applied this same desired state. A new desired state
     * (a spec change, an upgrade) is not drift.
     */
    boolean drifted(HasMetadata desired, HasMetadata live) {
        Entry entry = applied.get(key(desired));
        return entry != null && entry.desiredDigest.equals(digest(desired))
                && (live == null || !entry.liveFingerprint.equals(fingerprint(live)));
    }

    void remember(HasMetadata desired, HasMetadata result) {
        applied.put(key(desired), new Entry(digest(desired), fingerprint(result)));
    }

    void forget(HasMetadata object) {
        applied.remove(key(object));
        digests.remove(key(object));
    }

    static String key(HasMetadata o) {
        return o.getApiVersion() + "/" + o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    /**
     * Generation when the object has one (spec edits bump it, status updates do not), else the resourceVersion;
     * the uid catches delete-and-recreate.
     */
    static String fingerprint(HasMetadata live) {
        Long generation = live.getMetadata().getGeneration();
        String version = generation != null && generation > 0 ? "g" + generation : "rv" + live.getMetadata().getResourceVersion();
        return live.getMetadata().getUid() + ":" + version + ":" + live.getMetadata().getLabels();
    }

    private String digest(HasMetadata desired) {
        Digested known = digests.get(key(desired));
        if (known != null && known.object() == desired) {
            return known.digest();
        }
        String digest = sha256(desired);
        digests.put(key(desired), new Digested(desired, digest));
        return digest;
    }

    private static String sha256(HasMetadata desired) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(KubernetesJson.asJson(desired).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
