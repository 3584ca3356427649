package dev.oam.ocm.hub.reconciler;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.util.List;

/**
 * The CRD informer's cache, without the OpenAPI schemas. It holds the ClusterManager CRD and the thirteen or so
 * hub CRDs the registration-operator creates with the ClusterManager's labels, whose schemas (every field, with its
 * description) and managedFields (every field again) are most of their size (OCM 1.2.1's published hub CRD files
 * alone hold 0.69 MiB of heap as objects, 0.05 MiB without schemas), and none of that is read: drift is
 * told by uid, generation and labels, a CRD counts as installed by its Established condition, cleanup and pruning
 * go by name and labels. The managedFields of a CRD the operator applies stay, so a fight over it can still name
 * the other field manager.
 *
 * <p>Objects are trimmed in place: the informer hands each one over as it was just read from the API server.
 */
final class TrimmedCrds extends MapItemStore<CustomResourceDefinition> {
    @Override
    public CustomResourceDefinition put(String key, CustomResourceDefinition crd) {
        return byKey.put(key, trim(crd));
    }

    static CustomResourceDefinition trim(CustomResourceDefinition crd) {
        if (crd.getSpec() != null && crd.getSpec().getVersions() != null) {
            crd.getSpec().getVersions().forEach(version -> version.setSchema(null));
        }
        List<ManagedFieldsEntry> managed = crd.getMetadata().getManagedFields();
        if (managed != null && managed.stream().noneMatch(e -> BundleApplier.FIELD_MANAGER.equals(e.getManager()))) {
            crd.getMetadata().setManagedFields(null);
        }
        return crd;
    }
}
