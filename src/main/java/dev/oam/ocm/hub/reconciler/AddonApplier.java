package dev.oam.ocm.hub.reconciler;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.api.addon.ClusterGatewayConfiguration;
import dev.oam.ocm.hub.api.addon.ClusterManagementAddOn;
import dev.oam.ocm.hub.bundle.Addon;
import dev.oam.ocm.hub.bundle.AddonBundle;
import dev.oam.ocm.hub.bundle.Bundle;
import dev.oam.ocm.hub.bundle.GatewayAddOnConfiguration;
import dev.oam.ocm.hub.bundle.OcmRelease;
import dev.oam.ocm.hub.bundle.Pruning;
import dev.oam.ocm.hub.status.AddonObservation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies the enabled addons after the hub, in dependency order, and removes the others in reverse: first the
 * ClusterManagementAddOn, so that the hub's addon-manager deletes the addon's ManagedClusterAddOns and the addon's
 * manager, still running, takes its agents off the clusters; only once none is left the manager, its configuration,
 * RBAC and CRDs. Objects outside the informers' scope (the addon namespace, OCM's custom resources) are read with a
 * GET; an addon found fully removed is not looked for again until it is enabled, so a hub without addons sends
 * nothing for them.
 */
final class AddonApplier {
    private static final Logger LOG = LoggerFactory.getLogger(AddonApplier.class);

    private final KubernetesClient client;
    private final SecondarySources sources;
    private final BundleApplier applier;
    /** Per hub, the addons known to be gone, and whether what they shared is. */
    private final Map<String, Set<Addon>> removed = new ConcurrentHashMap<>();
    /** Per hub, the addons gone but for their CRDs (deletionPolicy KeepHubCRDs): looked for again under Delete. */
    private final Map<String, Set<Addon>> removedButCrds = new ConcurrentHashMap<>();
    private final Map<String, Boolean> sharedRemoved = new ConcurrentHashMap<>();
    /** Per hub, the addon bundle whose objects no longer rendered are gone: looked for once per bundle. */
    private final Map<String, AddonBundle> prunedFor = new ConcurrentHashMap<>();

    AddonApplier(KubernetesClient client, SecondarySources sources, BundleApplier applier) {
        this.client = client;
        this.sources = sources;
        this.applier = applier;
    }

    /** What a pass did: an observation per addon present or going, and the objects it had to put back. */
    record Pass(List<AddonObservation> addons, List<String> repaired) {
        boolean settled() {
            return addons.stream().allMatch(a -> a.enabled() && a.error() == null && a.waitingFor() == null);
        }

        boolean failed() {
            return addons.stream().anyMatch(a -> a.error() != null);
        }
    }

    /**
     * Removes the addons the bundle does not hold, then applies those it does.
     *
     * @param keepCrds deletionPolicy KeepHubCRDs: a disabled addon's CRDs stay, and with them the users' objects
     */
    Pass reconcile(String hubName, Bundle bundle, boolean keepCrds) {
        List<AddonObservation> observations = new ArrayList<>();
        List<String> repaired = new ArrayList<>();
        AddonBundle addons = bundle.addons();
        String blocker = null;
        for (Addon addon : Addon.removalOrder()) {
            if (addons.of(addon).isEmpty()) {
                AddonObservation going = remove(hubName, bundle.release(), addon, blocker, keepCrds);
                if (going != null) {
                    observations.add(0, going);
                    blocker = blocker != null ? blocker : addon.addonName();
                }
            }
        }
        if (addons.addons().isEmpty()) {
            if (observations.isEmpty()) {
                removeShared(hubName, bundle.release());
            }
            return new Pass(observations, repaired);
        }
        sharedRemoved.remove(hubName);
        String sharedWait;
        String sharedError = null;
        try {
            sharedWait = applyAll(addons.shared(), repaired, new ArrayList<>());
        } catch (ApplyFailure e) {
            sharedWait = null;
            sharedError = e.getMessage();
        }
        Set<Addon> applied = EnumSet.noneOf(Addon.class);
        for (AddonBundle.RenderedAddon r : addons.addons()) {
            removed.computeIfAbsent(hubName, h -> ConcurrentHashMap.newKeySet()).remove(r.addon());
            removedButCrds.computeIfAbsent(hubName, h -> ConcurrentHashMap.newKeySet()).remove(r.addon());
            String error = sharedError;
            String waitingFor = sharedWait;
            List<String> missing = r.addon().needs().stream().filter(n -> !applied.contains(n))
                    .map(Addon::addonName).toList();
            if (error == null && waitingFor == null && !missing.isEmpty()) {
                waitingFor = String.join(" and ", missing) + " to be applied first";
            }
            List<HasMetadata> live = new ArrayList<>();
            if (error == null && waitingFor == null) {
                try {
                    waitingFor = applyAll(r.objects(), repaired, live);
                } catch (ApplyFailure e) {
                    error = e.getMessage();
                }
            }
            if (error == null && waitingFor == null && r.addon() == Addon.CLUSTER_GATEWAY) {
                error = configureGatewayAddOns(live);
            }
            if (error == null && waitingFor == null) {
                applied.add(r.addon());
            }
            observations.add(new AddonObservation(r.addon(), r.version(), true, error, waitingFor,
                    (Deployment) read(r.manager()), clusters(r.addon())));
        }
        if (applied.size() == addons.addons().size() && prunedFor.get(hubName) != addons) {
            try {
                dropUnrendered(hubName, AddonBundle.sharedIdentities(hubName, bundle.release()), addons.shared());
                for (AddonBundle.RenderedAddon r : addons.addons()) {
                    dropUnrendered(hubName, AddonBundle.identities(hubName, bundle.release(), r.addon()), r.objects());
                }
                prunedFor.put(hubName, addons);
            } catch (KubernetesClientException e) {
                LOG.debug("Removing what the addons no longer render failed, retried on the next pass: {}",
                        BundleApplier.apiMessage(e));
            }
        }
        return new Pass(observations, repaired);
    }

    /**
     * Removes every addon in reverse dependency order, then what they share; for the hub's deletion, which must
     * take the agents off the clusters while the hub still runs.
     *
     * @param keepCrds deletionPolicy KeepHubCRDs: the addons' CRDs stay, and with them the users' objects
     * @return what removal waits for, or null when every addon is gone
     */
    String removeAll(String hubName, OcmRelease release, boolean keepCrds) {
        List<String> waiting = new ArrayList<>();
        String blocker = null;
        for (Addon addon : Addon.removalOrder()) {
            AddonObservation going = remove(hubName, release, addon, blocker, keepCrds);
            if (going != null) {
                waiting.add(going.addon().addonName() + ": " + (going.error() != null ? going.error() : going.waitingFor()));
                blocker = blocker != null ? blocker : addon.addonName();
            }
        }
        if (!waiting.isEmpty()) {
            return "the addons to be removed (" + String.join("; ", waiting) + ")";
        }
        removeShared(hubName, release);
        return null;
    }

    void forget(String hubName) {
        removed.remove(hubName);
        removedButCrds.remove(hubName);
        prunedFor.remove(hubName);
        sharedRemoved.remove(hubName);
    }

    /**
     * One step of an addon's removal. Addons go one after the other in removal order, so that none loses an addon it
     * needs while it still runs.
     *
     * @param blocker the addon removed before this one, still going; null when this one may go
     * @param keepCrds leave the addon's CRDs (a CRD's deletion takes every object of its kind with it)
     * @return null when the addon is gone, else where its removal stands
     */
    private AddonObservation remove(String hubName, OcmRelease release, Addon addon, String blocker, boolean keepCrds) {
        Set<Addon> fullyGone = removed.computeIfAbsent(hubName, h -> ConcurrentHashMap.newKeySet());
        Set<Addon> gone = keepCrds ? removedButCrds.computeIfAbsent(hubName, h -> ConcurrentHashMap.newKeySet()) : fullyGone;
        if (fullyGone.contains(addon) || gone.contains(addon)) {
            return null;
        }
        try {
            List<HasMetadata> ours = new ArrayList<>();
            for (HasMetadata identity : AddonBundle.identities(hubName, release, addon)) {
                if (keepCrds && identity instanceof CustomResourceDefinition) {
                    continue;
                }
                HasMetadata live = read(identity);
                if (live != null && Pruning.ours(live, hubName, BundleApplier.FIELD_MANAGER)) {
                    ours.add(live);
                }
            }
            if (ours.isEmpty()) {
                gone.add(addon);
                return null;
            }
            if (blocker != null) {
                return removing(addon, blocker + " to be removed first");
            }
            HasMetadata cma = ours.stream().filter(ClusterManagementAddOn.class::isInstance).findFirst().orElse(null);
            if (cma != null) {
                delete(cma);
                return removing(addon, "the hub's addon-manager to remove its ManagedClusterAddOns");
            }
            List<GenericKubernetesResource> onClusters = sources.managedClusterAddOns(addon.addonName()).orElse(List.of());
            if (!onClusters.isEmpty()) {
                // Its ClusterManagementAddOn is gone, so these are left over (made by hand, or the addon-manager
                // is behind); the addon's manager still runs and removes each agent as its ManagedClusterAddOn goes.
                onClusters.stream().filter(a -> a.getMetadata().getDeletionTimestamp() == null).forEach(this::delete);
                return removing(addon, onClusters.size() + " ManagedClusterAddOn(s) to be removed with their agents");
            }
            for (int i = ours.size() - 1; i >= 0; i--) {
                if (ours.get(i).getMetadata().getDeletionTimestamp() == null) {
                    delete(ours.get(i));
                }
            }
            return removing(addon, keepCrds ? "its manager, configuration and RBAC to be deleted (deletionPolicy KeepHubCRDs keeps its CRDs)"
                    : "its manager, configuration, RBAC and CRDs to be deleted");
        } catch (KubernetesClientException e) {
            return new AddonObservation(addon, null, false, "removing " + addon.addonName() + " failed: "
                    + BundleApplier.apiMessage(e), null, null, null);
        }
    }

    private void removeShared(String hubName, OcmRelease release) {
        if (sharedRemoved.containsKey(hubName)) {
            return;
        }
        try {
            List<HasMetadata> shared = AddonBundle.sharedIdentities(hubName, release);
            for (int i = shared.size() - 1; i >= 0; i--) {
                HasMetadata live = read(shared.get(i));
                if (live != null && live.getMetadata().getDeletionTimestamp() == null
                        && Pruning.ours(live, hubName, BundleApplier.FIELD_MANAGER)) {
                    delete(live);
                }
            }
            sharedRemoved.put(hubName, true);
        } catch (KubernetesClientException e) {
            LOG.debug("Removing what the addons shared failed, retried on the next pass: {}", BundleApplier.apiMessage(e));
        }
    }

    /**
     * Objects an enabled addon (or what the addons share) no longer renders: its default Placement once it names its
     * own, the copied pull secret once spec.imagePullSecret is gone.
     */
    private void dropUnrendered(String hubName, List<HasMetadata> identities, List<HasMetadata> rendered) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        rendered.forEach(o -> keys.add(AppliedObjects.key(o)));
        for (HasMetadata identity : identities) {
            if (!keys.contains(AppliedObjects.key(identity))) {
                HasMetadata live = read(identity);
                if (live != null && live.getMetadata().getDeletionTimestamp() == null
                        && Pruning.ours(live, hubName, BundleApplier.FIELD_MANAGER)) {
                    delete(live);
                }
            }
        }
    }

    /**
     * Writes cluster-gateway's configuration into each of its ManagedClusterAddOns' status that lacks it or names an
     * older generation ({@link GatewayAddOnConfiguration}); an idle pass writes nothing.
     *
     * @param live cluster-gateway's objects as applied this pass, its ClusterGatewayConfiguration among them
     * @return why a write failed, or null
     */
    private String configureGatewayAddOns(List<HasMetadata> live) {
        Long generation = live.stream().filter(ClusterGatewayConfiguration.class::isInstance).findFirst()
                .map(c -> c.getMetadata().getGeneration()).orElse(null);
        if (generation == null) {
            return null; // held back while someone else keeps deleting it: nothing to point at yet
        }
        List<GenericKubernetesResource> addOns = sources.managedClusterAddOns(Addon.CLUSTER_GATEWAY.addonName())
                .orElse(List.of());
        for (GenericKubernetesResource addOn : addOns) {
            if (!GatewayAddOnConfiguration.needsPatch(addOn, generation)) {
                continue;
            }
            String where = addOn.getMetadata().getNamespace() + "/" + addOn.getMetadata().getName();
            try {
                // From the cached object: by name, the client would first GET the whole ManagedClusterAddOn, which
                // the operator may not (its informer lists and watches them; only this status is written).
                client.resource(addOn).subresource("status")
                        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                                        .withFieldManager(BundleApplier.FIELD_MANAGER).build(),
                                KubernetesJson.asJson(GatewayAddOnConfiguration.statusPatch(generation)));
                LOG.info("Pointed ManagedClusterAddOn {} at ClusterGatewayConfiguration generation {}", where, generation);
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    continue; // removed since the informer saw it
                }
                return "writing status.addOnConfiguration of ManagedClusterAddOn " + where + " failed: "
                        + BundleApplier.apiMessage(e);
            }
        }
        return null;
    }

    /**
     * @param live receives each object as the API server holds it after the apply
     * @return what the next object waits for (its CRD), or null when all are applied
     */
    private String applyAll(List<HasMetadata> objects, List<String> repaired, List<HasMetadata> live) {
        for (HasMetadata desired : objects) {
            String crd = AddonBundle.crdOf(desired);
            if (crd != null && !sources.established(crd)) {
                return "CRD " + crd + " to be established";
            }
            try {
                HasMetadata now = applier.applyOne(desired, repaired);
                if (now != null) {
                    live.add(now);
                }
            } catch (KubernetesClientException e) {
                throw new ApplyFailure("applying " + Bundle.describe(desired) + " failed: " + BundleApplier.apiMessage(e));
            }
        }
        return null;
    }

    private AddonObservation.AddonClusters clusters(Addon addon) {
        return sources.managedClusterAddOns(addon.addonName()).map(AddonClusterCounts::of).orElse(null);
    }

    /** The live object, from an informer where one holds it, else from the API server; null when absent. */
    private HasMetadata read(HasMetadata desired) {
        String crd = AddonBundle.crdOf(desired);
        if (crd != null && !sources.established(crd)) {
            return null;
        }
        if (sources.covers(desired)) {
            return sources.live(desired).orElse(null);
        }
        return client.resource(desired).get();
    }

    private void delete(HasMetadata live) {
        client.resource(live).delete();
        applier.forget(live);
        LOG.info("Removed {}: no enabled addon renders it", Bundle.describe(live));
    }

    private static AddonObservation removing(Addon addon, String waitingFor) {
        return new AddonObservation(addon, null, false, null, waitingFor, null, null);
    }

    private static final class ApplyFailure extends RuntimeException {
        ApplyFailure(String message) {
            super(message);
        }
    }
}
