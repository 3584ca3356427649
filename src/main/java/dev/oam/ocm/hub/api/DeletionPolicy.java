package dev.oam.ocm.hub.api;

/** What {@code kubectl delete velaocmhub} does to the installed hub. */
public enum DeletionPolicy {
    /** Remove the ClusterManager (and with it the hub CRDs and ManagedClusters), then the operator bundle. */
    Delete,
    /** Like Delete, but the registration-operator runs with --skip-remove-crds: hub CRDs and ManagedClusters stay. */
    KeepHubCRDs,
    /** Leave every installed object in place; only the VelaOcmHub goes away. */
    Orphan
}
