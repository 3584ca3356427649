package dev.oam.ocm.hub.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets this replica write only while its hold on the Lease is certainly current.
 *
 * <p>Leader election alone does not stop a deposed leader: a replica frozen past its lease (SIGSTOP, a long GC, a
 * suspended VM) wakes up believing it still leads, and its reconcile threads write before its elector notices the
 * standby took over. The chaos campaign saw exactly that: a Deployment patch, an event and a status patch from the old
 * leader after the takeover. So every request of the operator's client passes here, and a write is sent only if the
 * last successful renewal of the Lease was sent less than the renew deadline ago, measured on the monotonic clock,
 * which keeps counting while the process is frozen. A standby takes over no sooner than the lease duration after
 * that renewal, later than the deadline, so no write of ours can land after a takeover. Reads and the Lease's own
 * writes always pass: the elector needs them to find out it lost, and it then exits.
 */
final class LeaseFence implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseFence.class);
    static final String NAME = "lease-fence";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Reviews are questions to the API server, not changes: the health of delegated authentication needs them. */
    private static final List<String> QUESTIONS = List.of("/apis/authentication.k8s.io/", "/apis/authorization.k8s.io/");

    private final String leasePath;
    private final String leaseName;
    private final long deadlineNanos;
    private final LongSupplier nanoClock;
    /** Send time of the Lease write in flight, and of the last one the API server accepted; 0 before any. */
    private final AtomicLong leaseWriteSent = new AtomicLong();
    private final AtomicLong lastRenewal = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean fenced = new AtomicBoolean();

    LeaseFence(String namespace, String leaseName, Duration renewDeadline, LongSupplier nanoClock) {
        this.leasePath = "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
        this.leaseName = leaseName;
        this.deadlineNanos = renewDeadline.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (!WRITES.contains(request.method())) {
            return;
        }
        String path = request.uri().getPath();
        if (isLease(path)) {
            leaseWriteSent.set(Math.max(1, nanoClock.getAsLong()));
            return;
        }
        if (QUESTIONS.stream().anyMatch(path::startsWith)) {
            return;
        }
        String refusal = refusal();
        if (refusal != null) {
            if (fenced.compareAndSet(false, true)) {
                LOG.warn("Not writing: {}; writing again once the elector renews the Lease, exiting if it lost it", refusal);
            }
            throw new KubernetesClientException(request.method() + " " + path + " refused by this replica: " + refusal);
        }
        if (fenced.compareAndSet(true, false)) {
            LOG.info("Writing again: the Lease {} was renewed", leaseName);
        }
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        if (WRITES.contains(request.method()) && isLease(request.uri().getPath())
                && HttpResponse.isSuccessful(response.code()) && !released.get()) {
            lastRenewal.accumulateAndGet(leaseWriteSent.get(), Math::max);
        }
    }

    /** After the Lease was handed back: from then on this replica writes nothing but the Lease. */
    void release() {
        released.set(true);
        lastRenewal.set(0);
    }

    /** Why a write must not go out now, or null when it may. */
    String refusal() {
        if (released.get()) {
            return "the Lease " + leaseName + " was released";
        }
        long renewed = lastRenewal.get();
        if (renewed == 0) {
            return "this replica has not acquired the Lease " + leaseName;
        }
        long age = nanoClock.getAsLong() - renewed;
        if (age >= deadlineNanos) {
            return "the Lease " + leaseName + " was last renewed " + age / 1_000_000 + " ms ago, past the renew deadline of "
                    + deadlineNanos / 1_000_000 + " ms, so a standby may lead";
        }
        return null;
    }

    /**
     * The Lease by name, or the collection: the elector creates the Lease with a POST there, whose name is in the body
     * only. In the operator's namespace nothing else of ours creates Leases.
     */
    private boolean isLease(String path) {
        return path.equals(leasePath) || path.equals(leasePath + "/" + leaseName);
    }
}
