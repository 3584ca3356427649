package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which live objects a hub no longer wants: those the operator wrote for it (its labels and its field manager)
 * that the desired bundle does not hold, e.g. the join identities after joinAccess is turned off, the copied
 * pull secret after imagePullSecret is removed, or an object an older release rendered. With an empty bundle
 * it is everything the operator ever created for the hub, which is what deletion removes.
 */
public final class Pruning {
    /**
     * Every kind a bundle of any release renders, in apply order; removal runs the other way (the operator
     * Deployment before its RBAC, the namespace and the CRD last). A kind added to the bundle belongs here.
     */
    public static final List<Class<? extends HasMetadata>> KINDS = List.of(CustomResourceDefinition.class,
            Namespace.class, Secret.class, ServiceAccount.class, ClusterRole.class, ClusterRoleBinding.class,
            Deployment.class, ClusterManager.class);

    /**
     * Secrets are never listed broadly (that would expose OCM's signing keys): the operator watches only the
     * names a bundle of any release renders, these namespace and name pairs.
     */
    public static final List<Map.Entry<String, String>> SECRET_NAMES =
            List.of(Map.entry(HubBundle.OCM_NAMESPACE, HubBundle.PULL_SECRET));

    private Pruning() {
    }

    /**
     * @param live         live objects of {@link #KINDS}, as listed by the operator's label (more is fine: they are filtered)
     * @param desired      the hub's bundle, or nothing when the hub is being removed
     * @param fieldManager the operator's field manager
     * @return what to delete, in removal order
     */
    public static List<HasMetadata> unwanted(String hubName, Collection<? extends HasMetadata> live,
                                             Collection<? extends HasMetadata> desired, String fieldManager) {
        Set<String> wanted = desired.stream().map(Pruning::identity).collect(Collectors.toSet());
        return live.stream()
                .filter(o -> ownedBy(o, hubName))
                .filter(o -> writtenBy(o, fieldManager))
                // Deleting the ClusterManager tears the hub down; only the ordered removal may do that.
                .filter(o -> !(o instanceof ClusterManager))
                // An addon's objects are removed in the addon's order (its ClusterManagementAddOn and agents first).
                .filter(o -> o.getMetadata().getLabels().get(AddonBundle.ADDON_LABEL) == null)
                .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
                .filter(o -> !wanted.contains(identity(o)))
                .sorted(Comparator.comparingInt((HasMetadata o) -> -rank(o)).thenComparing(Pruning::identity))
                .map(o -> (HasMetadata) o)
                .toList();
    }

    /** Labelled for this hub and applied by the operator: what it may delete. */
    public static boolean ours(HasMetadata o, String hubName, String fieldManager) {
        return ownedBy(o, hubName) && writtenBy(o, fieldManager);
    }

    /** Both of the operator's labels, naming this hub: objects of another hub or of another tool are not ours. */
    static boolean ownedBy(HasMetadata o, String hubName) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && BundleLabels.MANAGED_BY_VALUE.equals(labels.get(BundleLabels.MANAGED_BY))
                && hubName.equals(labels.get(BundleLabels.HUB));
    }

    /**
     * The registration-operator copies the ClusterManager's labels, ours included, onto the hub CRDs it creates
     * (managedclusters, manifestworks, ...). Deleting those would delete every ManagedCluster, so labels alone
     * do not make an object ours: the operator must also have applied it.
     */
    static boolean writtenBy(HasMetadata o, String fieldManager) {
        return o.getMetadata().getManagedFields() != null && o.getMetadata().getManagedFields().stream()
                .anyMatch(entry -> Objects.equals(fieldManager, entry.getManager()));
    }

    private static int rank(HasMetadata o) {
        for (int i = 0; i < KINDS.size(); i++) {
            if (KINDS.get(i).isInstance(o)) {
                return i;
            }
        }
        throw new IllegalArgumentException(o.getKind() + " is not a kind the bundle renders");
    }

    /** Kind, namespace and name: what makes two objects the same object. */
    static String identity(HasMetadata o) {
        String namespace = o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace();
        return o.getKind() + "/" + namespace + "/" + o.getMetadata().getName();
    }
}
