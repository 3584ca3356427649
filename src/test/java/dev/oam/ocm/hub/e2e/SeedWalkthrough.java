package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.E2eBinaries;
import dev.oam.ocm.hub.e2e.harness.KubeVela;

import java.util.List;

/**
 * The seed's whole walkthrough as the sandbox prints it for a user to paste ({@code -Dsandbox.kubevela=true}): join
 * cluster1 with the hub's join command, turn on the three OCM addons in {@code spec.addons}, wait until cluster-gateway
 * serves its API and every addon is AVAILABLE on cluster1, turn on vela-core's multi-cluster, list the cluster with
 * {@code vela cluster list}, and deploy an Application whose topology policy names cluster1, whose ConfigMap then
 * reads back from cluster1. {@code KubeVelaSeedSandboxIT} pastes exactly these lines.
 */
final class SeedWalkthrough {
    static final String START = "----- seed walkthrough -----";
    static final String END = "----- end -----";
    static final String APPLICATION = "hello-cluster1";
    static final String CONFIG_MAP = "hello-from-vela";
    static final String GREETING = "hello from the hub";
    private static final String APISERVICE = "apiservice/v1alpha1.cluster.core.oam.dev";
    private static final String ADDONS = "managedclusteraddon/managed-serviceaccount managedclusteraddon/cluster-proxy"
            + " managedclusteraddon/cluster-gateway";

    private SeedWalkthrough() {
    }

    /** Builds (when missing) every binary the three addons' managers and agents run as. */
    static void buildAddonBinaries() {
        E2eBinaries.addon("managed-serviceaccount", "msa");
        for (String binary : List.of("addon-manager", "addon-agent", "cluster-proxy", "proxy-server", "proxy-agent")) {
            E2eBinaries.addon("cluster-proxy", binary);
        }
        E2eBinaries.addon("cluster-gateway", "addon-manager");
        E2eBinaries.addon("cluster-gateway", "apiserver");
    }

    /**
     * The commands between {@link #START} and {@link #END}, for hub {@code hub} and cluster1's {@code join} command
     * (status.joinCommand filled in). {@code kubectl wait --for=create} needs kubectl 1.31 or later.
     */
    static String commands(String hub, String join) {
        return """
                %1$s
                # 1. cluster1 joins the hub (status.joinCommand), is accepted, and its agent reports it available
                %2$s
                clusteradm accept --clusters cluster1 --wait
                kubectl wait --for=condition=ManagedClusterConditionAvailable managedcluster/cluster1 --timeout=5m
                kubectl get managedclusters
                # 2. the three OCM addons, from the same VelaOcmHub
                kubectl patch ocmhub %3$s --type=merge -p '{"spec":{"addons":{"managedServiceAccount":{"enabled":true},"clusterProxy":{"enabled":true},"clusterGateway":{"enabled":true}}}}'
                kubectl wait --for=create %4$s --timeout=8m
                kubectl wait --for=condition=Available %4$s --timeout=5m
                # cluster-gateway 1.9.0's first API server pods keep no cluster cache (README: KubeVela multi-cluster)
                kubectl -n %5$s rollout restart deployment/gateway-deployment
                kubectl -n %5$s rollout status deployment/gateway-deployment --timeout=5m
                kubectl -n cluster1 wait --for=create %6$s --timeout=5m
                kubectl -n cluster1 wait --for=condition=Available %6$s --timeout=8m
                kubectl get managedclusteraddon -n cluster1
                # 3. vela-core's multi-cluster on (what the vela-core chart's multicluster.enabled=true renders)
                kubectl -n %5$s patch deployment %7$s --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--enable-cluster-gateway"}]'
                kubectl -n %5$s rollout status deployment/%7$s --timeout=5m
                vela cluster list
                # 4. an Application deployed to cluster1 through OCM
                kubectl apply -f - <<'EOF'
                %11$s
                EOF
                kubectl wait --for=jsonpath='{.status.status}'=running application/%8$s --timeout=5m
                kubectl --kubeconfig "$CLUSTER1_KUBECONFIG" get configmap %9$s -o jsonpath='{.data.greeting}{"\\n"}'
                %10$s
                """.formatted(START, join, hub, APISERVICE, KubeVela.NAMESPACE, ADDONS, KubeVela.CONTROLLER,
                APPLICATION, CONFIG_MAP, END, application(APPLICATION, CONFIG_MAP).stripTrailing());
    }

    /**
     * A KubeVela Application whose one component is ConfigMap {@code configMap} (data {@code greeting: }
     * {@value #GREETING}) and whose topology policy deploys it to cluster1 only.
     */
    static String application(String name, String configMap) {
        return """
                apiVersion: core.oam.dev/v1beta1
                kind: Application
                metadata:
                  name: %s
                  namespace: default
                spec:
                  components:
                  - name: greeting
                    type: k8s-objects
                    properties:
                      objects:
                      - apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: %s
                        data:
                          greeting: %s
                  policies:
                  - name: cluster1-only
                    type: topology
                    properties:
                      clusters: ["cluster1"]
                """.formatted(name, configMap, GREETING);
    }
}
