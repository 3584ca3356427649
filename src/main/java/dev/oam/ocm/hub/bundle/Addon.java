package dev.oam.ocm.hub.bundle;

import dev.oam.ocm.hub.api.AddonOptions;
import dev.oam.ocm.hub.api.AddonsSpec;

import java.util.List;
import java.util.function.Function;

/**
 * The OCM addons the operator installs, in dependency order: an addon comes after those it needs, is applied
 * after them and removed before them. Each lists the releases whose hub side has been written for it; a release
 * not listed is refused rather than guessed, as for OCM itself.
 */
public enum Addon {
    MANAGED_SERVICE_ACCOUNT("managedServiceAccount", "managed-serviceaccount", "ManagedServiceAccount",
            List.of("0.10.0"), AddonsSpec::getManagedServiceAccount),
    CLUSTER_PROXY("clusterProxy", "cluster-proxy", "ClusterProxy", List.of("0.10.0"), AddonsSpec::getClusterProxy),
    CLUSTER_GATEWAY("clusterGateway", "cluster-gateway", "ClusterGateway", List.of("1.9.0"),
            AddonsSpec::getClusterGateway);

    private final String field;
    private final String addonName;
    private final String conditionName;
    private final List<String> versions;
    private final Function<AddonsSpec, AddonOptions> options;

    Addon(String field, String addonName, String conditionName, List<String> versions,
          Function<AddonsSpec, AddonOptions> options) {
        this.field = field;
        this.addonName = addonName;
        this.conditionName = conditionName;
        this.versions = versions;
        this.options = options;
    }

    /** The spec field, as messages name it: spec.addons.&lt;field&gt;. */
    public String field() {
        return "spec.addons." + field;
    }

    /** The key under spec.addons and status.addons. */
    public String key() {
        return field;
    }

    /** The name of its ClusterManagementAddOn and of every ManagedClusterAddOn OCM creates for it. */
    public String addonName() {
        return addonName;
    }

    /** The status condition that says whether the addon works, e.g. AddonClusterProxyAvailable. */
    public String conditionType() {
        return "Addon" + conditionName + "Available";
    }

    public List<String> versions() {
        return versions;
    }

    /** cluster-gateway reads its clusters' credentials from managed-serviceaccount and reaches them through cluster-proxy. */
    public List<Addon> needs() {
        return this == CLUSTER_GATEWAY ? List.of(MANAGED_SERVICE_ACCOUNT, CLUSTER_PROXY) : List.of();
    }

    public AddonOptions options(AddonsSpec spec) {
        return spec == null ? null : options.apply(spec);
    }

    public boolean enabled(AddonsSpec spec) {
        AddonOptions o = options(spec);
        return o != null && Boolean.TRUE.equals(o.getEnabled());
    }

    /** The release a spec asks for; null or blank means the newest. Accepts "0.10.0" and "v0.10.0". */
    public String resolveVersion(String requested) {
        if (requested == null || requested.isBlank()) {
            return versions.get(versions.size() - 1);
        }
        String version = requested.startsWith("v") ? requested.substring(1) : requested;
        if (!versions.contains(version)) {
            throw new InvalidSpecException(field() + ".version " + InvalidSpecException.shown(requested)
                    + " is not a release this operator can install; known: " + String.join(", ", versions));
        }
        return version;
    }

    /** Removal order: an addon goes before those it needs. */
    public static List<Addon> removalOrder() {
        return List.of(CLUSTER_GATEWAY, CLUSTER_PROXY, MANAGED_SERVICE_ACCOUNT);
    }

    /** The addon whose ClusterManagementAddOn has this name, or null. */
    public static Addon named(String addonName) {
        for (Addon a : values()) {
            if (a.addonName.equals(addonName)) {
                return a;
            }
        }
        return null;
    }
}
