package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.util.List;
import java.util.Optional;

/**
 * What the API server's answer to a dry-run apply of one bundle object means. Pure: the reconciler sends the
 * requests, this class decides whether the spec is at fault and which of its fields.
 */
public final class DryRunAnswers {

    /** The meaning of one answer. */
    public enum Meaning {
        /** The server would accept the object. */
        ACCEPTED,
        /**
         * The object's namespace or its kind's CRD is itself part of the bundle and not created yet, so the server
         * cannot judge the object before the real apply. A dry-run writes nothing, so creating the namespace by
         * dry-run does not make the namespace's objects checkable; only the objects whose dependencies already
         * exist (every object of an installed hub, the cluster-scoped ones of a fresh install) are checked. The
         * CRD's schema checks at admission what a fresh install cannot check here.
         */
        CANNOT_CHECK_YET,
        /** The server refuses what the spec asks for (400 Bad Request, 422 Invalid): only a spec change can help. */
        INVALID_SPEC,
        /** Anything else (403, 409, 5xx, a timeout): the cluster, not the spec; retried with backoff. */
        RETRY
    }

    /** A rendered field and the spec field the user sets it with. */
    private record Origin(String kind, String rendered, String specField) {
    }

    /** Where each object's user-controlled fields come from; the first match wins, so longer paths come first. */
    private static final List<Origin> ORIGINS = List.of(
            new Origin("Deployment", "spec.template.spec.tolerations", "spec.operator.nodePlacement.tolerations"),
            new Origin("Deployment", "spec.template.spec.nodeSelector", "spec.operator.nodePlacement.nodeSelector"),
            new Origin("Deployment", ".resources", "spec.operator.resources"),
            new Origin("Deployment", ".image", "spec.images.registrationOperator or spec.imageRegistry"),
            new Origin("Deployment", ".args", "spec.clusterManager.hubReplicas"),
            new Origin("Deployment", "spec.replicas", "spec.operator.replicas"),
            new Origin("ClusterManager", "spec.nodePlacement", "spec.clusterManager.nodePlacement"),
            new Origin("ClusterManager", "spec.registrationConfiguration.autoApproveUsers",
                    "spec.clusterManager.registration.autoApproveUsers"),
            new Origin("ClusterManager", "spec.registrationConfiguration", "spec.clusterManager.registration"),
            new Origin("ClusterManager", "spec.workConfiguration", "spec.clusterManager.work"),
            new Origin("ClusterManager", "spec.placementConfiguration", "spec.clusterManager.placement"),
            new Origin("ClusterManager", "spec.addOnManagerConfiguration", "spec.clusterManager.addOnManager"),
            new Origin("ClusterManager", "spec.resourceRequirement", "spec.clusterManager.resourceRequirement"),
            new Origin("ClusterManager", "ImagePullSpec", "spec.images or spec.imageRegistry"),
            new Origin("Secret", "data", "spec.imagePullSecret"),
            // Every object carries the hub's name as a label value, which allows 63 characters, a name 253.
            new Origin(null, "metadata.labels", "metadata.name"));

    private DryRunAnswers() {
    }

    /**
     * @param code the HTTP status of the answer; 0 when there was none (a timeout, a refused connection)
     */
    public static Meaning of(Bundle bundle, HasMetadata object, int code) {
        if (code >= 200 && code < 300) {
            return Meaning.ACCEPTED;
        }
        if (code == 400 || code == 422) {
            return Meaning.INVALID_SPEC;
        }
        if (code == 404 && dependency(bundle, object).isPresent()) {
            return Meaning.CANNOT_CHECK_YET;
        }
        return Meaning.RETRY;
    }

    /**
     * The InvalidSpec message: the spec field behind the refused one when it can be told, and the API server's
     * words, which name the rendered field.
     */
    public static String invalidSpec(HasMetadata object, String apiMessage) {
        String message = apiMessage == null ? "" : apiMessage;
        String field = ORIGINS.stream()
                .filter(o -> (o.kind() == null || o.kind().equals(object.getKind())) && message.contains(o.rendered()))
                .map(Origin::specField).findFirst().orElse(null);
        return (field == null ? "" : field + ": ") + "the API server refuses " + Bundle.describe(object) + " rendered from this spec ("
                + message + "); nothing was applied";
    }

    /**
     * The object of the bundle that must exist before the server can judge {@code object}: its namespace or its
     * kind's CRD, when the bundle creates either. While that dependency is absent a dry-run can only answer
     * NotFound, and for a missing namespace the API server's admission waits about 50 ms before it does, so the
     * reconciler skips those dry-runs instead of paying for them.
     */
    public static Optional<HasMetadata> dependency(Bundle bundle, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        String group = object.getApiVersion() == null || !object.getApiVersion().contains("/") ? ""
                : object.getApiVersion().substring(0, object.getApiVersion().indexOf('/'));
        for (HasMetadata o : bundle.objects()) {
            if (o instanceof Namespace ns && ns.getMetadata().getName().equals(namespace)) {
                return Optional.of(o);
            }
            if (o instanceof CustomResourceDefinition crd && crd.getSpec().getGroup().equals(group)
                    && crd.getSpec().getNames().getKind().equals(object.getKind())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
