package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Where a Deployment's rollout stands, read one way for both questions the operator asks of the
 * registration-operator: has the new release rolled out (the upgrade rule: every replica, all available) and
 * is it available (readiness: at least one replica of the current spec serves, as one leader is enough).
 *
 * @param wanted    spec.replicas (1 when unset)
 * @param updated   replicas of the current pod template
 * @param total     replicas of any template, old ones included
 * @param available available replicas
 * @param observed  the Deployment controller has seen the current generation
 */
public record DeploymentRollout(int wanted, int updated, int total, int available, boolean observed) {

    public static DeploymentRollout of(Deployment d) {
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int wanted = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Long generation = d.getMetadata() == null ? null : d.getMetadata().getGeneration();
        boolean observed = generation == null || (s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
        return new DeploymentRollout(wanted, zeroIfNull(s.getUpdatedReplicas()), zeroIfNull(s.getReplicas()),
                zeroIfNull(s.getAvailableReplicas()), observed);
    }

    /**
     * kubectl rollout status' rule: the controller saw this generation, every replica is updated and no old
     * replica is left (old pods count as available while the new ones start).
     */
    public boolean finished() {
        return observed && updated >= wanted && total <= updated;
    }

    /** Finished, and every updated replica available: what the upgrade rule waits for before new hub images. */
    public boolean finishedAndAllAvailable() {
        return finished() && available >= updated;
    }

    private static int zeroIfNull(Integer n) {
        return n == null ? 0 : n;
    }
}
