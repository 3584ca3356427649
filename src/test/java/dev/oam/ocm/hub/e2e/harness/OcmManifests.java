package dev.oam.ocm.hub.e2e.harness;

/** YAML that several scenarios send to a hub the same way: work for a managed cluster, a join without an admin. */
public final class OcmManifests {
    /** The identity clusteradm join's bootstrap token carries (ServiceAccount agent-registration-bootstrap). */
    public static final String BOOTSTRAP_USER = "system:serviceaccount:open-cluster-management:agent-registration-bootstrap";

    private OcmManifests() {
    }

    /** A ManifestWork {@code work} in the cluster's namespace on the hub, asking for ConfigMap default/{@code configMap}. */
    public static String configMapWork(String work, String cluster, String configMap, String key, String value) {
        return """
                apiVersion: work.open-cluster-management.io/v1
                kind: ManifestWork
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  workload:
                    manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata:
                        name: %s
                        namespace: default
                      data:
                        %s: "%s"
                """.formatted(work, cluster, configMap, key, value);
    }

    /**
     * VelaOcmHub {@code spec.clusterManager} (unindented) that lets the hub approve a joining cluster by itself:
     * the bootstrap identity in autoApproveUsers and the ManagedClusterAutoApproval gate. The user's gates replace
     * the default ones, so DefaultClusterSet stays listed and clusters land in "default".
     */
    public static String autoApprovingClusterManager() {
        return """
                clusterManager:
                  registration:
                    autoApproveUsers:
                    - %s
                    featureGates:
                    - feature: DefaultClusterSet
                      mode: Enable
                    - feature: ManagedClusterAutoApproval
                      mode: Enable
                """.formatted(BOOTSTRAP_USER);
    }
}
