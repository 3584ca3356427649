package dev.oam.ocm.hub.bench;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The operator's own overhead, seen from outside: a separate watcher of the ClusterManager, the hub's Deployments and
 * the VelaOcmHub notes when the hub became really healthy (the ClusterManager's conditions for its current
 * generation, every hub Deployment available) and when the VelaOcmHub first said Ready=True for its generation. The
 * difference is what the operator adds on top of OCM: its watches, its reconcile and its status write.
 */
final class HealthWatch implements AutoCloseable {
    static final String HUB_NAMESPACE = "open-cluster-management-hub";
    private static final Map<String, String> HEALTHY = Map.of("Applied", "True", "Progressing", "False",
            "HubRegistrationDegraded", "False", "HubPlacementDegraded", "False");

    private final Moments moments = new Moments();
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HealthWatch() {
    }

    static HealthWatch start(KubernetesClient admin, String hubName) {
        HealthWatch watch = new HealthWatch();
        // The ClusterManager's kind exists only once the operator applied its CRD: watched from then on, long before
        // the hub can be healthy.
        Thread clusterManagers = new Thread(() -> {
            while (!watch.closed) {
                try {
                    if (admin.apiextensions().v1().customResourceDefinitions().withName(ClusterManager.CRD_NAME).get() == null) {
                        sleepQuietly(50);
                        continue;
                    }
                    watch.informers.add(admin.resources(ClusterManager.class).withName(ClusterManager.NAME)
                            .inform(onAddOrUpdate(cm -> watch.moments.clusterManager(cm, System.nanoTime()))));
                    return;
                } catch (KubernetesClientException e) {
                    sleepQuietly(50);
                }
            }
        }, "health-watch-clustermanager");
        clusterManagers.setDaemon(true);
        clusterManagers.start();
        watch.informers.add(admin.apps().deployments().inNamespace(HUB_NAMESPACE)
                .inform(onAddOrUpdate(d -> watch.moments.deployment(d, System.nanoTime()))));
        watch.informers.add(admin.resources(VelaOcmHub.class).withName(hubName)
                .inform(onAddOrUpdate(hub -> watch.moments.hub(hub, System.nanoTime()))));
        return watch;
    }

    /** Ready=True minus really healthy, in ms; null until both were seen. */
    Double overheadMs() {
        return moments.overheadMs();
    }

    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::close);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pure part: the moments of health and readiness from a sequence of observed objects with their times. */
    static final class Moments {
        private volatile ClusterManager clusterManager;
        private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
        private volatile long healthyAt;
        private volatile long readyAt;

        synchronized void clusterManager(ClusterManager cm, long nanos) {
            clusterManager = cm;
            check(nanos);
        }

        synchronized void deployment(Deployment deployment, long nanos) {
            deployments.put(deployment.getMetadata().getName(), deployment);
            check(nanos);
        }

        synchronized void hub(VelaOcmHub hub, long nanos) {
            if (readyAt == 0 && ready(hub)) {
                readyAt = nanos;
            }
        }

        Double overheadMs() {
            return healthyAt == 0 || readyAt == 0 ? null : (readyAt - healthyAt) / 1e6;
        }

        private void check(long nanos) {
            if (healthyAt == 0 && healthy(clusterManager) && !deployments.isEmpty()
                    && deployments.values().stream().allMatch(Moments::available)) {
                healthyAt = nanos;
            }
        }

        private static boolean healthy(ClusterManager cm) {
            if (cm == null || cm.getStatus() == null
                    || !Objects.equals(cm.getMetadata().getGeneration(), cm.getStatus().getObservedGeneration())) {
                return false;
            }
            return HEALTHY.entrySet().stream().allMatch(w -> has(cm.getStatus().getConditions(), w.getKey(), w.getValue()));
        }

        private static boolean available(Deployment d) {
            return d.getStatus() != null && d.getStatus().getConditions() != null
                    && d.getStatus().getConditions().stream()
                    .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
        }

        private static boolean ready(VelaOcmHub hub) {
            return hub.getStatus() != null && hub.getStatus().getConditions() != null
                    && hub.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                    && "True".equals(c.getStatus())
                    && Objects.equals(c.getObservedGeneration(), hub.getMetadata().getGeneration()));
        }

        private static boolean has(List<Condition> conditions, String type, String status) {
            return conditions != null && conditions.stream()
                    .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
        }
    }

    /** A handler that passes every added or updated object to {@code seen}, the latest state being all a watcher needs. */
    static <T extends HasMetadata> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                seen.accept(object);
            }

            @Override
            public void onUpdate(T old, T object) {
                seen.accept(object);
            }

            @Override
            public void onDelete(T object, boolean unknown) {
            }
        };
    }
}
