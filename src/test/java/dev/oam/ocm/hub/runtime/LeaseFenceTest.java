package dev.oam.ocm.hub.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fence on a real HTTP client against the mock API server, with a clock the test moves. */
@EnableKubernetesMockClient(crud = true)
class LeaseFenceTest {
    private static final String NS = "vela-ocm-hub-system";
    private static final String LEASE = OperatorSettings.LEASE_NAME;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    KubernetesMockServer server;
    KubernetesClient admin;
    private final AtomicLong now = new AtomicLong(Duration.ofHours(5).toNanos());
    private LeaseFence fence;
    private KubernetesClient fenced;

    @BeforeEach
    void fencedClient() {
        fence = new LeaseFence(NS, LEASE, DEADLINE, now::get);
        fenced = new KubernetesClientBuilder().withConfig(admin.getConfiguration())
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(LeaseFence.NAME, fence)).build();
    }

    @AfterEach
    void close() {
        fenced.close();
    }

    @Test
    void aReplicaThatNeverHeldTheLeaseReadsButDoesNotWrite() {
        admin.resource(configMap("seen")).create();
        assertNotNull(fenced.configMaps().inNamespace(NS).withName("seen").get(), "reads always pass");

        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> fenced.resource(configMap("written")).create());
        assertTrue(refused.getMessage().contains("has not acquired the Lease " + LEASE), refused.getMessage());
        assertNull(admin.configMaps().inNamespace(NS).withName("written").get(), "nothing reached the API server");
    }

    @Test
    void writesPassWithinTheRenewDeadlineOfTheLastRenewalAndStopAfterIt() {
        fenced.resource(lease(LEASE)).create(); // taking the Lease is itself a write, and always passes
        fenced.resource(configMap("first")).create();

        now.addAndGet(DEADLINE.minusMillis(1).toNanos());
        fenced.resource(configMap("second")).create();

        // Frozen past the deadline (SIGSTOP, a long pause): the monotonic clock moved on, the renewal did not.
        now.addAndGet(Duration.ofSeconds(25).toNanos());
        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> fenced.configMaps().inNamespace(NS).withName("first").delete());
        assertTrue(refused.getMessage().contains("past the renew deadline of 30000 ms"), refused.getMessage());
        assertNotNull(admin.configMaps().inNamespace(NS).withName("first").get());

        // The elector renews: writes go out again.
        fenced.leases().inNamespace(NS).withName(LEASE).edit(l -> {
            l.getSpec().setLeaseTransitions(1);
            return l;
        });
        assertDoesNotThrow(() -> fenced.configMaps().inNamespace(NS).withName("first").delete());
        assertNull(admin.configMaps().inNamespace(NS).withName("first").get());
    }

    @Test
    void theDeadlineCountsFromWhenTheRenewalWasSentNotAnswered() {
        admin.resource(lease(LEASE)).create();
        server.expect().put().withPath("/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases/" + LEASE)
                .andReply(200, request -> {
                    now.addAndGet(Duration.ofSeconds(20).toNanos()); // a slow API server answers 20 s later
                    return lease(LEASE);
                }).once();
        fenced.leases().inNamespace(NS).resource(lease(LEASE)).update();
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThrows(KubernetesClientException.class, () -> fenced.resource(configMap("late")).create(),
                "31 s after the renewal was sent a standby may be 9 s from taking over: too close");
    }

    @Test
    void aRefusedRenewalRenewsNothing() {
        admin.resource(lease(LEASE)).create();
        assertThrows(KubernetesClientException.class, () -> fenced.resource(lease(LEASE)).create(), "409: it exists");
        assertThrows(KubernetesClientException.class, () -> fenced.resource(configMap("no")).create());
    }

    @Test
    void anotherLeaseInTheNamespaceIsNotOurs() {
        admin.resource(lease("someone-elses")).create();
        assertThrows(KubernetesClientException.class, () -> fenced.leases().inNamespace(NS).withName("someone-elses")
                .edit(l -> {
                    l.getSpec().setLeaseTransitions(2);
                    return l;
                }), "another Lease is an ordinary object: fenced like any write");
        assertThrows(KubernetesClientException.class, () -> fenced.resource(configMap("no")).create());
    }

    @Test
    void afterReleasingTheLeaseOnlyTheLeaseIsWritten() {
        fenced.resource(lease(LEASE)).create();
        fence.release();
        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> fenced.resource(configMap("after")).create());
        assertTrue(refused.getMessage().contains("was released"), refused.getMessage());
        assertDoesNotThrow(() -> fenced.leases().inNamespace(NS).withName(LEASE).edit(l -> {
            l.getSpec().setHolderIdentity("");
            return l;
        }), "handing the Lease back is a Lease write");
        assertThrows(KubernetesClientException.class, () -> fenced.resource(configMap("after")).create(),
                "a Lease write after the release renews nothing");
    }

    @Test
    void accessReviewsAreQuestionsNotWrites() {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withVerb("patch").withResource("deployments").endResourceAttributes().endSpec().build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").andReturn(201, review)
                .once();
        assertDoesNotThrow(() -> fenced.resource(review).create());
    }

    @Test
    void theRefusalSaysWhyUntilTheLeaseIsTaken() {
        assertEquals("this replica has not acquired the Lease " + LEASE, fence.refusal());
        fenced.resource(lease(LEASE)).create();
        assertNull(fence.refusal());
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().build();
    }

    private static Lease lease(String name) {
        return new LeaseBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withHolderIdentity("replica-a").withLeaseDurationSeconds(40).endSpec().build();
    }
}
