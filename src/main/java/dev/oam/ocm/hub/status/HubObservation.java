package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Instant;
import java.util.List;

/**
 * Everything the status function needs, gathered by the reconciler. Nullable fields mean "not seen" or
 * "does not apply".
 *
 * @param generation        metadata.generation of the VelaOcmHub
 * @param previous          the status as it is now, to keep lastTransitionTime of unchanged conditions
 * @param conflictWith      name of the VelaOcmHub that owns the hub when this one is not it
 * @param invalidSpec       why the spec cannot be installed
 * @param applyError        why applying the bundle failed (the API server's message)
 * @param pullSecretUnreadable why spec.imagePullSecret could not be read, when the API server failed (not the user)
 * @param desiredVersion    OCM release the spec asks for
 * @param appliedVersion    release whose whole bundle was applied in this pass, null if it was not
 * @param objectsApplied    number of bundle objects in place
 * @param waitingForOperator the ClusterManager update is held back until the new operator has rolled out
 * @param clusterManager    the ClusterManager as observed
 * @param operator          the registration-operator Deployment as observed
 * @param deleting          the VelaOcmHub is being deleted
 * @param deletionBlocked   why deletion is refused (joined ManagedClusters)
 * @param deletionWaitingFor what an ordered deletion waits for
 * @param joinCommand       how to join a cluster, or null when join access is off
 * @param clusters          joined and available ManagedClusters, or null before the hub serves them
 * @param addons            each enabled addon and each being removed, in dependency order; null when this pass did
 *                          not look at them (the spec was refused, the hub is in conflict), so their status stands
 * @param driftContested    objects another field manager keeps changing (empty when none)
 * @param now               the time written into changed conditions
 */
public record HubObservation(
        long generation,
        VelaOcmHubStatus previous,
        String conflictWith,
        String invalidSpec,
        String applyError,
        String pullSecretUnreadable,
        String desiredVersion,
        String appliedVersion,
        int objectsApplied,
        boolean waitingForOperator,
        ClusterManager clusterManager,
        Deployment operator,
        boolean deleting,
        String deletionBlocked,
        String deletionWaitingFor,
        String joinCommand,
        ClusterCounts clusters,
        List<AddonObservation> addons,
        List<DriftBudget.Contest> driftContested,
        Instant now) {
}
