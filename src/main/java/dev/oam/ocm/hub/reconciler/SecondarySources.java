package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.VelaOcmHub;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import dev.oam.ocm.hub.bundle.BundleLabels;
import dev.oam.ocm.hub.bundle.GatewayAddOnConfiguration;
import dev.oam.ocm.hub.bundle.HubBundle;
import dev.oam.ocm.hub.bundle.PullSecretSource;
import dev.oam.ocm.hub.status.ClusterCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The informers behind the reconciler: one per kind in the bundle, each narrowed to the objects the
 * operator manages (by label, in one namespace where the kind is namespaced, or by name where RBAC admits
 * only that), so memory follows the bundle and not the size of the cluster. Secrets are watched narrowly:
 * the copied pull secret by its name, and in the operator's own namespace only registry credentials
 * (type kubernetes.io/dockerconfigjson), never OCM's signing keys. CRDs are kept without their schemas
 * ({@link TrimmedCrds}), ManagedClusters with only what the counts read. The ClusterManager informer starts only
 * once its CRD is established: started earlier, it would fail on a type the API server does not serve yet.
 */
final class SecondarySources {
    private static final Logger LOG = LoggerFactory.getLogger(SecondarySources.class);

    private final Map<Class<?>, InformerEventSource<?, VelaOcmHub>> sources = new LinkedHashMap<>();
    private final String operatorNamespace;
    private static final String MANAGED_CLUSTERS_CRD = "managedclusters.cluster.open-cluster-management.io";
    private volatile InformerEventSource<ClusterManager, VelaOcmHub> clusterManagers;
    private volatile InformerEventSource<GenericKubernetesResource, VelaOcmHub> managedClusters;
    private final TrimmedManagedClusters managedClusterCache = new TrimmedManagedClusters();
    private static final String ADDONS_CRD = "managedclusteraddons.addon.open-cluster-management.io";
    private volatile InformerEventSource<GenericKubernetesResource, VelaOcmHub> managedClusterAddOns;
    private InformerEventSource<Secret, VelaOcmHub> pullSecrets;
    private IndexerResourceCache<VelaOcmHub> primaries;
    /** Wakes hubs on the operator's own say, when nothing they watch changes (the owner of the hub went). */
    private final SimpleInboundEventSource<VelaOcmHub> wakeUps = new SimpleInboundEventSource<>("HubWakeUps");

    /** @param operatorNamespace where spec.imagePullSecret names its Secret */
    SecondarySources(String operatorNamespace) {
        this.operatorNamespace = operatorNamespace;
    }

    List<EventSource<?, VelaOcmHub>> create(EventSourceContext<VelaOcmHub> context) {
        primaries = context.getPrimaryCache();
        // The copy the bundle renders, by its one name (RBAC admits a list or watch limited by resourceNames
        // only when it selects metadata.name): a deleted copy is put back within seconds, and an unchanged
        // hub reads no Secret from the API server.
        add(context, Secret.class, null, HubBundle.OCM_NAMESPACE,
                new FieldSelector(new FieldSelector.Field("metadata.name", HubBundle.PULL_SECRET)));
        add(context, CustomResourceDefinition.class, BundleLabels.SELECTOR, null, null, new TrimmedCrds());
        add(context, Namespace.class, BundleLabels.SELECTOR, null);
        add(context, ServiceAccount.class, BundleLabels.SELECTOR, HubBundle.OCM_NAMESPACE);
        add(context, ClusterRole.class, BundleLabels.SELECTOR, null);
        add(context, ClusterRoleBinding.class, BundleLabels.SELECTOR, null);
        // Selected by the app label every OCM installer uses, so a hub installed by clusteradm is seen too; and by
        // name, because the operator may read only this one Deployment: RBAC admits a list or watch limited by
        // resourceNames only when it selects metadata.name.
        add(context, Deployment.class, "app=cluster-manager", HubBundle.OCM_NAMESPACE,
                new FieldSelector(new FieldSelector.Field("metadata.name", HubBundle.OPERATOR_NAME)));
        List<EventSource<?, VelaOcmHub>> all = new ArrayList<>(sources.values());
        all.add(pullSecretSource(context));
        all.add(wakeUps);
        return all;
    }

    /**
     * The sources of spec.imagePullSecret: registry credentials in the operator's namespace, so a rotated
     * source secret reaches its copy within seconds. Its name comes from the spec, so the watch selects the
     * type every pull secret has rather than a name.
     */
    private InformerEventSource<Secret, VelaOcmHub> pullSecretSource(EventSourceContext<VelaOcmHub> context) {
        SecondaryToPrimaryMapper<Secret> naming = secret -> primaries.list()
                .filter(hub -> hub.getSpec() != null
                        && secret.getMetadata().getName().equals(hub.getSpec().getImagePullSecret()))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
        InformerEventSourceConfiguration<Secret> config = InformerEventSourceConfiguration
                .from(Secret.class, VelaOcmHub.class)
                .withName("PullSecretSource")
                .withNamespaces(Set.of(operatorNamespace))
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("type", PullSecretSource.TYPE)))
                .withSecondaryToPrimaryMapper(naming)
                .build();
        pullSecrets = new InformerEventSource<>(config, context);
        return pullSecrets;
    }

    /** The registry credentials named by spec.imagePullSecret, as cached; empty if missing or of another type. */
    Optional<Secret> pullSecret(String name) {
        return pullSecrets.get(new ResourceID(name, operatorNamespace));
    }

    private <R extends HasMetadata> void add(EventSourceContext<VelaOcmHub> context, Class<R> type, String selector,
                                             String namespace) {
        add(context, type, selector, namespace, null);
    }

    private <R extends HasMetadata> void add(EventSourceContext<VelaOcmHub> context, Class<R> type, String selector,
                                             String namespace, FieldSelector byName) {
        add(context, type, selector, namespace, byName, null);
    }

    /** @param store the informer's cache, when it keeps less than whole objects; null for the default */
    private <R extends HasMetadata> void add(EventSourceContext<VelaOcmHub> context, Class<R> type, String selector,
                                             String namespace, FieldSelector byName, ItemStore<R> store) {
        InformerEventSourceConfiguration.Builder<R> config = InformerEventSourceConfiguration
                .from(type, VelaOcmHub.class)
                .withName(type.getSimpleName())
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(toPrimaries());
        if (namespace != null) {
            config.withNamespaces(Set.of(namespace));
        }
        if (byName != null) {
            config.withFieldSelector(byName);
        }
        if (store != null) {
            config.withItemStore(store);
        }
        sources.put(type, new InformerEventSource<>(config.build(), context));
    }

    /**
     * Every hub but the one named reconciles again, so that they run the election anew. Losers of an election
     * watch nothing that changes when the owner's VelaOcmHub goes, and would otherwise wait for the periodic
     * reconcile (10 minutes) to notice.
     */
    void wakeOtherHubs(String departed) {
        primaries.list().map(ResourceID::fromResource).filter(id -> !id.getName().equals(departed))
                .forEach(wakeUps::propagateEvent);
    }

    /**
     * What the caches hold, as one string that changes whenever a watched object does: a failure retried
     * with backoff starts again from the shortest wait when it changes.
     */
    String fingerprint() {
        return Stream.concat(sources.values().stream(), Stream.ofNullable(clusterManagers))
                .flatMap(source -> source.list().map(HasMetadata.class::cast))
                .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()
                        + "@" + o.getMetadata().getResourceVersion())
                .sorted()
                .collect(Collectors.joining(","));
    }

    /**
     * Starts the ManagedCluster informer the first time its CRD (which the registration-operator installs, with
     * the ClusterManager's labels, so the CRD informer sees it) is established; idempotent. Its cache keeps only
     * what the counts read, and only a change of a cluster's joined or available state wakes the hubs: clusters
     * report capacity and versions often, and thousands of them must cost neither memory nor reconciles.
     *
     * @return false when the CRD is established but API discovery does not serve the kind yet: try again soon
     */
    synchronized boolean startManagedClusterSource(EventSourceRetriever<VelaOcmHub> retriever) {
        if (managedClusters != null || !established(MANAGED_CLUSTERS_CRD)) {
            return true;
        }
        InformerEventSourceConfiguration<GenericKubernetesResource> config = InformerEventSourceConfiguration
                .from(new GroupVersionKind("cluster.open-cluster-management.io", "v1", "ManagedCluster"), VelaOcmHub.class)
                .withName("ManagedCluster")
                .withItemStore(managedClusterCache)
                .withOnUpdateFilter((now, before) -> !ClusterCounts.summary(now).equals(ClusterCounts.summary(before)))
                .withSecondaryToPrimaryMapper(cluster -> primaries.list().map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        InformerEventSource<GenericKubernetesResource, VelaOcmHub> source = discovered(config, retriever);
        if (source == null) {
            return false;
        }
        retriever.dynamicallyRegisterEventSource(source);
        managedClusters = source;
        LOG.info("ManagedCluster CRD is established; counting joined and available clusters");
        return true;
    }

    /** Joined and available ManagedClusters, once their informer runs; empty before. */
    Optional<ClusterCounts> clusterCounts() {
        return managedClusters == null ? Optional.empty() : Optional.of(managedClusterCache.counts());
    }

    /**
     * Starts the ManagedClusterAddOn informer the first time its CRD (a hub CRD, labelled like the ManagedCluster
     * one) is established; idempotent. Only a change of an addon's availability on a cluster, or of the configuration
     * cluster-gateway reads from its status, wakes the hubs.
     */
    synchronized boolean startAddonSource(EventSourceRetriever<VelaOcmHub> retriever) {
        if (managedClusterAddOns != null || !established(ADDONS_CRD)) {
            return true;
        }
        // v1alpha1 is the stored version: reading it needs no call to the addon conversion webhook.
        InformerEventSourceConfiguration<GenericKubernetesResource> config = InformerEventSourceConfiguration
                .from(new GroupVersionKind("addon.open-cluster-management.io", "v1alpha1", "ManagedClusterAddOn"),
                        VelaOcmHub.class)
                .withName("ManagedClusterAddOn")
                .withOnUpdateFilter((now, before) -> AddonClusterCounts.available(now) != AddonClusterCounts.available(before)
                        || !Objects.equals(GatewayAddOnConfiguration.current(now), GatewayAddOnConfiguration.current(before)))
                .withSecondaryToPrimaryMapper(addon -> primaries.list().map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        InformerEventSource<GenericKubernetesResource, VelaOcmHub> source = discovered(config, retriever);
        if (source == null) {
            return false;
        }
        retriever.dynamicallyRegisterEventSource(source);
        managedClusterAddOns = source;
        LOG.info("ManagedClusterAddOn CRD is established; counting the clusters each addon is available on");
        return true;
    }

    /**
     * An informer of a kind known by group, version and kind only, which fabric8 looks up in API discovery. A CRD is
     * Established a moment before discovery serves its kind (seen on a fresh install: "Could not find the metadata
     * for the given apiVersion and kind"), so that case is a wait, not a failed reconcile.
     *
     * @return null while discovery does not serve the kind
     */
    private static InformerEventSource<GenericKubernetesResource, VelaOcmHub> discovered(
            InformerEventSourceConfiguration<GenericKubernetesResource> config, EventSourceRetriever<VelaOcmHub> retriever) {
        try {
            return new InformerEventSource<>(config, retriever.eventSourceContextForDynamicRegistration());
        } catch (KubernetesClientException e) {
            LOG.debug("{} is not in API discovery yet ({}); its informer starts on a later pass", config.name(),
                    e.getMessage());
            return null;
        }
    }

    /** The ManagedClusterAddOns named after an addon, once their informer runs; empty before. */
    Optional<List<GenericKubernetesResource>> managedClusterAddOns(String addonName) {
        InformerEventSource<GenericKubernetesResource, VelaOcmHub> source = managedClusterAddOns;
        return source == null ? Optional.empty()
                : Optional.of(source.list(a -> addonName.equals(a.getMetadata().getName())).toList());
    }

    /**
     * Whether the informer of an object's kind holds it when it exists: its kind is watched and the object is in
     * the informer's namespace and name scope (a Deployment or ServiceAccount of an addon is not). Every object the
     * operator applies carries the label the informers select.
     */
    boolean covers(HasMetadata object) {
        if (sourceFor(object.getClass()) == null) {
            return false;
        }
        String namespace = object.getMetadata().getNamespace();
        if (object instanceof Deployment) {
            return HubBundle.OCM_NAMESPACE.equals(namespace) && HubBundle.OPERATOR_NAME.equals(object.getMetadata().getName());
        }
        if (object instanceof Secret) {
            return HubBundle.OCM_NAMESPACE.equals(namespace) && HubBundle.PULL_SECRET.equals(object.getMetadata().getName());
        }
        return namespace == null || HubBundle.OCM_NAMESPACE.equals(namespace);
    }

    boolean established(String crdName) {
        InformerEventSource<?, VelaOcmHub> crds = sources.get(CustomResourceDefinition.class);
        return crds != null && crds.get(new ResourceID(crdName)).map(CustomResourceDefinition.class::cast)
                .map(crd -> crd.getStatus() != null && crd.getStatus().getConditions() != null
                        && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())))
                .orElse(false);
    }

    /** Starts the ClusterManager informer the first time its CRD is established; idempotent. */
    synchronized void startClusterManagerSource(EventSourceRetriever<VelaOcmHub> retriever) {
        if (clusterManagers != null) {
            return;
        }
        PrimaryToSecondaryMapper<VelaOcmHub> sameForAll = hub -> Set.of(new ResourceID(ClusterManager.NAME));
        InformerEventSourceConfiguration<ClusterManager> config = InformerEventSourceConfiguration
                .from(ClusterManager.class, VelaOcmHub.class)
                .withName("ClusterManager")
                .withSecondaryToPrimaryMapper(toPrimaries())
                .withPrimaryToSecondaryMapper(sameForAll)
                .build();
        InformerEventSource<ClusterManager, VelaOcmHub> source =
                new InformerEventSource<>(config, retriever.eventSourceContextForDynamicRegistration());
        retriever.dynamicallyRegisterEventSource(source);
        clusterManagers = source;
        LOG.info("ClusterManager CRD is established; watching ClusterManagers");
    }

    boolean clusterManagerSourceStarted() {
        return clusterManagers != null;
    }

    Optional<ClusterManager> clusterManager() {
        InformerEventSource<ClusterManager, VelaOcmHub> source = clusterManagers;
        return source == null ? Optional.empty() : source.get(new ResourceID(ClusterManager.NAME));
    }

    /**
     * Every object the informers hold (each narrowed by label or by the operator's app label and namespace), the
     * ClusterManager included: the candidates for pruning, without a request to the API server.
     */
    List<HasMetadata> cached() {
        List<HasMetadata> all = new ArrayList<>();
        sources.values().forEach(source -> source.list(o -> true).forEach(all::add));
        clusterManager().ifPresent(all::add);
        return all;
    }

    /** The cached live copy of a bundle object, if the operator watches its kind. */
    @SuppressWarnings("unchecked")
    <R extends HasMetadata> Optional<R> live(R desired) {
        InformerEventSource<R, VelaOcmHub> source = (InformerEventSource<R, VelaOcmHub>) sourceFor(desired.getClass());
        if (source == null) {
            return Optional.empty();
        }
        return source.get(new ResourceID(desired.getMetadata().getName(), desired.getMetadata().getNamespace()));
    }

    /** Puts the API server's answer to our own write into the cache, so the next pass does not read a stale copy. */
    @SuppressWarnings("unchecked")
    <R extends HasMetadata> void recordWrite(R result, R previous) {
        InformerEventSource<R, VelaOcmHub> source = (InformerEventSource<R, VelaOcmHub>) sourceFor(result.getClass());
        if (source == null) {
            return;
        }
        ResourceID id = ResourceID.fromResource(result);
        if (previous == null) {
            source.handleRecentResourceCreate(id, result);
        } else {
            source.handleRecentResourceUpdate(id, result, previous);
        }
    }

    private InformerEventSource<?, VelaOcmHub> sourceFor(Class<?> type) {
        return type == ClusterManager.class ? clusterManagers : sources.get(type);
    }

    /**
     * Objects carry the name of their hub in a label; objects installed by someone else (before adoption),
     * or left by a hub that is gone, do not name a live one, and then every hub is told: the election
     * decides which one acts.
     */
    private <R extends HasMetadata> SecondaryToPrimaryMapper<R> toPrimaries() {
        return object -> {
            String hub = BundleLabels.hubOf(object);
            if (hub != null && primaries.get(new ResourceID(hub)).isPresent()) {
                return Set.of(new ResourceID(hub));
            }
            return primaries.list().map(ResourceID::fromResource).collect(Collectors.toSet());
        };
    }
}
