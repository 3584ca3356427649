package dev.oam.ocm.hub.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a replica takes part in leader election on the Lease, and how it leaves it.
 *
 * <p>Two things differ from JOSDK's defaults, both found by stopping a leader with SIGTERM. JOSDK exits
 * the JVM from its stop-leading callback; during a shutdown that callback runs inside our shutdown hook,
 * and {@code System.exit} there blocks forever, so the pod hung until the kubelet killed it. And JOSDK
 * does not release the Lease on stop, so the standby waited out the whole lease duration (40 s) before
 * taking over. Here a replica that loses the Lease while running still exits (its caches may be stale and
 * a restart rejoins as a standby), a replica that is shutting down does not, and it hands the Lease back.
 */
final class LeaderElection {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    /** Renewing every 10 s instead of JOSDK's 2 s: a renewal is a write, and an idle operator should write little. */
    static final Duration RETRY_PERIOD = Duration.ofSeconds(10);
    /** fabric8 requires renew deadline > 2.2 x retry period. */
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(30);
    /** A standby takes over a crashed leader within about this plus one retry period. */
    static final Duration LEASE_DURATION = Duration.ofSeconds(40);

    private final String leaseName;
    private final String namespace;
    private final String identity;
    private final LeaseFence fence;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    LeaderElection(String leaseName, String namespace, String identity) {
        this.leaseName = leaseName;
        this.namespace = namespace;
        this.identity = identity;
        this.fence = new LeaseFence(namespace, leaseName, RENEW_DEADLINE, System::nanoTime);
    }

    /** The interceptor the operator's client needs so that this replica writes only while it surely leads. */
    LeaseFence fence() {
        return fence;
    }

    LeaderElectionConfiguration configuration() {
        LeaderCallbacks callbacks = new LeaderCallbacks(
                () -> LOG.info("{} leads: reconciling", identity),
                this::stoppedLeading,
                leader -> LOG.debug("Lease {} held by {}", leaseName, leader));
        return new LeaderElectionConfiguration(leaseName, namespace, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD,
                identity, callbacks, false);
    }

    private void stoppedLeading() {
        if (shuttingDown.get()) {
            return;
        }
        LOG.error("{} lost the Lease {}/{} while running; exiting so it restarts as a standby", identity, namespace, leaseName);
        // Not on this thread: it holds the elector's lock, which the shutdown hook needs while stopping.
        Thread exit = new Thread(() -> System.exit(1), "lost-lease-exit");
        exit.start();
    }

    /** Called first thing in the shutdown hook, before the operator stops (which ends leading). */
    void shuttingDown() {
        shuttingDown.set(true);
    }

    /**
     * Hands the Lease back if this replica still holds it, the way client-go does on a clean stop: an empty
     * holder and a one-second duration. Called after the operator stopped, so no reconcile of ours runs any more.
     *
     * @return true when the Lease was released
     */
    boolean release(KubernetesClient client) {
        fence.release(); // from here on the Lease is the only thing this replica writes
        LeaseLock lock = new LeaseLock(namespace, leaseName, identity);
        try {
            LeaderElectionRecord current = lock.get(client);
            if (current == null || !identity.equals(current.getHolderIdentity())) {
                return false;
            }
            ZonedDateTime now = ZonedDateTime.now();
            // An empty holder, not null: the update is a JSON merge patch, where a null field is left as it was.
            lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now, current.getLeaderTransitions()));
            LOG.info("Released the Lease {}/{}; a standby takes over within {} s", namespace, leaseName,
                    RETRY_PERIOD.toSeconds());
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("Could not release the Lease {}/{} ({}); a standby takes over when it expires", namespace, leaseName,
                    e.getMessage());
            return false;
        }
    }
}
