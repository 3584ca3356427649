package dev.oam.ocm.hub.api;

/** How the registration-operator sizes hub component pods (ClusterManager spec.resourceRequirement.type). */
public enum ResourceRequirementType {
    /** Small requests, no limits. */
    Default,
    /** No requests and no limits. */
    BestEffort
}
