package dev.oam.ocm.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oam.ocm.hub.api.addon.ClusterGatewayConfiguration;
import dev.oam.ocm.hub.api.addon.ClusterManagementAddOn;
import dev.oam.ocm.hub.api.addon.ManagedClusterSetBinding;
import dev.oam.ocm.hub.api.addon.ManagedProxyConfiguration;
import dev.oam.ocm.hub.api.addon.Placement;
import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;

/**
 * The operator's one JSON mapping of Kubernetes objects, shared by its client and its own code. The client's
 * default mapping (and the static {@code Serialization} helper) finds every kind it could ever meet by loading and
 * instantiating each model class on the classpath, some 600 of them (Gateway API, DRA, storage, ...), of which the
 * operator uses a dozen, and keeps their metadata for the life of the process: without that, RSS went from 121.1 to
 * 113.2 MiB (src/test/bench/jvm-ab.sh, medians of three). This one knows the kinds below, which is what reads by kind need (a watch event names its kind; a typed
 * read names its class and needs no mapping); a kind missing here still reads, as a generic object converted to
 * the informer's class, only more slowly.
 */
public final class KubernetesJson {
    /**
     * The kinds the operator watches, writes or reads by kind, and Status: a watch that fails (410 Gone once its
     * resourceVersion is compacted away) sends one as an ERROR event, and the client starts over from a new list only
     * when that object reads as a Status; read as a generic object, the watch retried the old version every 100 ms
     * for good.
     */
    static final List<Class<? extends KubernetesResource>> KINDS = List.of(Status.class,
            VelaOcmHub.class, ClusterManager.class, CustomResourceDefinition.class, Namespace.class,
            ServiceAccount.class, ClusterRole.class, ClusterRoleBinding.class, Deployment.class, Secret.class,
            Lease.class, ClusterManagementAddOn.class, Placement.class, ManagedClusterSetBinding.class,
            ClusterGatewayConfiguration.class, ManagedProxyConfiguration.class);

    /** Configured by the serialization below (modules, naming, unknown fields), as the client's own mapper is. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = create();

    private KubernetesJson() {
    }

    private static KubernetesSerialization create() {
        KubernetesSerialization serialization = new KubernetesSerialization(MAPPER, false);
        KINDS.forEach(serialization::registerKubernetesResource);
        return serialization;
    }

    /** For the client: {@code new KubernetesClientBuilder().withKubernetesSerialization(KubernetesJson.serialization())}. */
    public static KubernetesSerialization serialization() {
        return SERIALIZATION;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String asJson(Object object) {
        return SERIALIZATION.asJson(object);
    }

    /** JSON or YAML (one document) into {@code type}. */
    public static <T> T unmarshal(String text, Class<T> type) {
        return SERIALIZATION.unmarshal(text, type);
    }
}
