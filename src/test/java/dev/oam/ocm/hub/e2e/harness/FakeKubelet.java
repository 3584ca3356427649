package dev.oam.ocm.hub.e2e.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Scheduler and kubelet in one, for every pod: binds unscheduled pods to {@link FakeNode#NAME}, asks
 * {@link OcmPodRunners} what runs the pod, and writes the pod status from that. Level-triggered: each
 * sync compares the live status with the wanted one. All syncs run on one thread, so the per-pod state
 * needs no locks; runners report changes back through {@link #enqueue(String)}.
 *
 * <p>Deleting a pod that is bound to a node only marks it: the apiserver waits for the kubelet to confirm
 * the containers are gone. So after stopping the runner, this deletes the pod with grace period 0, as a
 * kubelet does. Without that, namespaces and Deployments would never finish deleting.
 */
final class FakeKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private final OcmPodRunners runners;
    private final HarnessLog log;
    private final ScheduledExecutorService loop;
    /** Stopping a process may take its grace period; never on the sync thread. */
    private final ExecutorService stopper;
    private final Map<String, PodRunner> runnersByUid = new HashMap<>();
    private final Set<String> terminatingUids = new HashSet<>();
    private final Set<String> queued = new HashSet<>();
    private final PodFailures failures = new PodFailures();
    private SharedIndexInformer<Pod> informer;
    private volatile boolean closed;

    FakeKubelet(KubernetesClient client, OcmPodRunners runners, HarnessLog log) {
        this.client = client;
        this.runners = runners;
        this.log = log;
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("e2e-fake-kubelet"));
        this.stopper = Executors.newCachedThreadPool(daemon("e2e-fake-kubelet-stop"));
    }

    void start() {
        informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueue(key(pod));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                enqueue(key(newPod));
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                submit(() -> forget(pod));
            }
        }, 0);
    }

    /** Schedules a sync of pod {@code namespace/name}; repeated requests before it runs collapse into one. */
    void enqueue(String key) {
        synchronized (queued) {
            if (closed || !queued.add(key)) {
                return;
            }
        }
        submit(() -> {
            synchronized (queued) {
                queued.remove(key);
            }
            try {
                sync(key);
            } catch (RuntimeException e) {
                log.warn("sync of pod " + key + " failed, retrying in 1 s: " + e);
                if (!closed) {
                    loop.schedule(() -> enqueue(key), 1, TimeUnit.SECONDS);
                }
            }
        });
    }

    private void submit(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing to do any more
        }
    }

    private void sync(String key) {
        if (closed) {
            return;
        }
        Pod pod = informer.getStore().getByKey(key);
        if (pod == null) {
            return; // deleted; onDelete stops its runner
        }
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            terminate(pod);
            return;
        }
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            bind(pod);
            return; // the binding's update event syncs it again
        }
        if (!FakeNode.NAME.equals(nodeName) || isFinished(pod)) {
            return;
        }
        PodRunner runner = runnersByUid.get(uid);
        if (runner == null) {
            runner = runners.create(pod, () -> enqueue(key));
            runnersByUid.put(uid, runner);
            runner.start();
        }
        PodRunState state = runner.state();
        writeStatus(pod, failures.failing(pod) ? PodFailures.failed(state) : state);
    }

    /** Reports the matching pods (now and later ones) not Ready, or Ready again, whatever backs them. */
    void failPods(String namespace, String labelSelector, boolean failing) {
        failures.set(namespace, labelSelector, failing);
        informer.getStore().list().stream()
                .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
                .forEach(p -> enqueue(key(p)));
    }

    private void bind(Pod pod) {
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(FakeNode.NAME).endTarget()
                .build();
        try {
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
            // 409: bound meanwhile; 404: deleted meanwhile. Either way an informer event follows.
        }
    }

    private void writeStatus(Pod pod, PodRunState state) {
        PodStatus wanted = PodStatuses.desired(pod, state, Instant.now());
        if (PodStatuses.fingerprint(wanted).equals(PodStatuses.fingerprint(pod.getStatus()))) {
            return;
        }
        Pod updated = new PodBuilder(pod).withStatus(wanted).build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
            // 409: the pod changed since the informer saw it; that change brings another sync.
        }
    }

    private void terminate(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (!terminatingUids.add(uid)) {
            return;
        }
        PodRunner runner = runnersByUid.remove(uid);
        CompletableFuture.runAsync(() -> {
            if (runner != null) {
                runner.stop();
            }
        }, stopper).whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("stopping pod " + key(pod) + " failed: " + error);
            }
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withGracePeriod(0).delete();
            } catch (KubernetesClientException e) {
                log.warn("final delete of pod " + key(pod) + " failed: " + e.getMessage());
            }
        });
    }

    private void forget(Pod pod) {
        String uid = pod.getMetadata().getUid();
        terminatingUids.remove(uid);
        PodRunner runner = runnersByUid.remove(uid);
        if (runner != null) {
            stopper.execute(runner::stop);
        }
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** Stops the informer and every pod process; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (informer != null) {
            informer.close();
        }
        List<PodRunner> running;
        try {
            running = loop.submit(() -> {
                List<PodRunner> all = new ArrayList<>(runnersByUid.values());
                runnersByUid.clear();
                return all;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            running = List.of();
            log.warn("cannot collect the pod runners to stop: " + e);
        }
        loop.shutdownNow();
        List<CompletableFuture<Void>> stops = running.stream()
                .map(r -> CompletableFuture.runAsync(r::stop, stopper))
                .toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> {
                    log.warn("stopping pod processes: " + e);
                    return null;
                }).join();
        stopper.shutdown();
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
