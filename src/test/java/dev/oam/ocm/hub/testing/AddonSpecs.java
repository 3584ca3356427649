package dev.oam.ocm.hub.testing;

import dev.oam.ocm.hub.api.AddonOptions;
import dev.oam.ocm.hub.api.AddonsSpec;
import dev.oam.ocm.hub.api.VelaOcmHubSpec;

/** Specs that turn addons on or off, for the tests of their render and of their reconcile. */
public final class AddonSpecs {
    private AddonSpecs() {
    }

    /** A spec of the newest release with each addon on or off, every other field unset. */
    public static VelaOcmHubSpec withAddons(boolean managedServiceAccount, boolean clusterProxy, boolean clusterGateway) {
        VelaOcmHubSpec spec = new VelaOcmHubSpec();
        AddonsSpec addons = new AddonsSpec();
        addons.setManagedServiceAccount(new AddonOptions(managedServiceAccount, null, null));
        addons.setClusterProxy(new AddonOptions(clusterProxy, null, null));
        addons.setClusterGateway(new AddonOptions(clusterGateway, null, null));
        spec.setAddons(addons);
        return spec;
    }
}
