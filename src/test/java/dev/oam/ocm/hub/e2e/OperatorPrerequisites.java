package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.Kubectl;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.List;

/**
 * What a cluster needs before the operator runs as a process: the VelaOcmHub CRD and deploy/base without
 * its Deployment (namespace, ServiceAccount, RBAC), so the operator gets exactly the permissions we ship.
 * Shared by the scenarios, the sandbox and the benchmark.
 */
public final class OperatorPrerequisites {
    static final List<String> FILES = List.of("crds/velaocmhubs.ocm.oam.dev-v1.yml",
            "deploy/base/namespace.yaml", "deploy/base/serviceaccount.yaml", "deploy/base/clusterrole.yaml",
            "deploy/base/clusterrolebinding.yaml", "deploy/base/role.yaml", "deploy/base/rolebinding.yaml");
    /** ManagedClusters, addressed without discovery (their CRD comes and goes with the hub). */
    public static final ResourceDefinitionContext MANAGED_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.open-cluster-management.io").withVersion("v1").withKind("ManagedCluster")
            .withPlural("managedclusters").withNamespaced(false).build();

    private OperatorPrerequisites() {
    }

    public static void install(Kubectl kubectl) {
        for (String file : FILES) {
            kubectl.run("apply", "--server-side", "-f", file).orThrow();
        }
        kubectl.run("wait", "--for=condition=Established", "crd/velaocmhubs.ocm.oam.dev", "--timeout=60s").orThrow();
    }
}
