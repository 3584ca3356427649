package dev.oam.ocm.hub.api.clustermanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The OCM ClusterManager, typed for the fields this operator sets and reads. fabric8's OCM model is not
 * resolvable from Maven Central, and a typed class lets the informer start before the CRD exists.
 * Unknown fields are ignored on read; on write only the fields set here are sent (server-side apply).
 */
@Group(ClusterManager.GROUP)
@Version("v1")
@Kind("ClusterManager")
@Plural("clustermanagers")
@JsonIgnoreProperties(ignoreUnknown = true)
public class ClusterManager extends CustomResource<ClusterManagerSpec, ClusterManagerStatus> {
    public static final String GROUP = "operator.open-cluster-management.io";
    public static final String CRD_NAME = "clustermanagers." + GROUP;
    /** The one name every installer uses; the registration-operator handles any, tools assume this one. */
    public static final String NAME = "cluster-manager";
}
