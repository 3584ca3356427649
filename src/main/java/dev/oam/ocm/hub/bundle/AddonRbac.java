package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;

import java.util.List;

/**
 * What each addon manager may do on the hub, as its release needs it: it approves its agents' CSRs, creates their
 * ManifestWorks and the hub-side RBAC the agents use, and keeps the ManagedClusterAddOns' status. The operator may
 * write these roles only because it may escalate them by name (deploy/base/clusterrole.yaml).
 */
final class AddonRbac {
    private static final String ADDON = "addon.open-cluster-management.io";
    private static final String CLUSTER = "cluster.open-cluster-management.io";
    private static final String CERTIFICATES = "certificates.k8s.io";
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("get", "list", "watch", "create", "update", "patch");
    private static final List<String> ALL = List.of("*");

    private AddonRbac() {
    }

    static List<PolicyRule> managedServiceAccount() {
        return List.of(
                rule(CLUSTER, List.of("managedclusters"), READ),
                rule(ADDON, List.of("clustermanagementaddons"), List.of("get", "list", "watch", "patch")),
                rule(ADDON, List.of("clustermanagementaddons/finalizers", "managedclusteraddons/finalizers"),
                        List.of("update")),
                rule(ADDON, List.of("managedclusteraddons"), List.of("get", "list", "watch", "create", "update",
                        "patch", "delete")),
                rule(ADDON, List.of("managedclusteraddons/status"), List.of("update", "patch")),
                rule(ADDON, List.of("addondeploymentconfigs"), READ),
                rule("authentication.open-cluster-management.io",
                        List.of("managedserviceaccounts", "managedserviceaccounts/status"),
                        List.of("get", "list", "watch", "update", "patch")),
                rule(CERTIFICATES, List.of("certificatesigningrequests"), READ),
                rule(CERTIFICATES, List.of("certificatesigningrequests/approval", "certificatesigningrequests/status"),
                        List.of("update")),
                signers(List.of("approve", "sign"), "kubernetes.io/kube-apiserver-client"),
                rule("", List.of("secrets"), List.of("get", "list", "watch", "create", "update")),
                rule("", List.of("configmaps", "events"), List.of("get", "create", "update", "patch")),
                rule(RBAC, List.of("roles", "rolebindings"), List.of("get", "create", "update")),
                rule("work.open-cluster-management.io", List.of("manifestworks"), WRITE),
                rule("coordination.k8s.io", List.of("leases"), WRITE));
    }

    static List<PolicyRule> clusterProxy() {
        return List.of(
                rule(CLUSTER, List.of("managedclusters", "managedclustersets"), READ),
                rule(ADDON, List.of("clustermanagementaddons", "clustermanagementaddons/status",
                        "clustermanagementaddons/finalizers", "managedclusteraddons", "managedclusteraddons/status",
                        "managedclusteraddons/finalizers"), ALL),
                rule(ADDON, List.of("addondeploymentconfigs"), READ),
                rule("proxy.open-cluster-management.io", List.of("managedproxyconfigurations",
                        "managedproxyconfigurations/status", "managedproxyconfigurations/finalizers",
                        "managedproxyserviceresolvers", "managedproxyserviceresolvers/status",
                        "managedproxyserviceresolvers/finalizers"), ALL),
                rule(CERTIFICATES, List.of("certificatesigningrequests", "certificatesigningrequests/approval",
                        "certificatesigningrequests/status"), List.of("get", "list", "watch", "update", "patch")),
                signers(ALL, "open-cluster-management.io/proxy-agent-signer", "kubernetes.io/kube-apiserver-client"),
                // It creates the proxy server's namespace, secrets and certificates, and port-forwards to its pods.
                rule("", List.of("namespaces", "secrets", "pods", "pods/portforward", "configmaps"), ALL),
                rule("", List.of("serviceaccounts", "services"), READ),
                rule("apps", List.of("deployments"), READ),
                rule("apps", List.of("replicasets"), List.of("get")),
                rule(RBAC, List.of("roles", "rolebindings"), WRITE),
                // Impersonation on the managed side: the agent's hub identity must review tokens.
                rule(RBAC, List.of("clusterroles", "clusterrolebindings"), List.of("create", "get", "list", "watch",
                        "delete")),
                rule("authentication.k8s.io", List.of("tokenreviews"), List.of("create")),
                rule("work.open-cluster-management.io", List.of("manifestworks"), List.of("get", "list", "watch",
                        "create", "update", "patch", "delete")),
                rule("coordination.k8s.io", List.of("leases"), ALL),
                new PolicyRuleBuilder().withApiGroups("", "events.k8s.io").withResources("events")
                        .withVerbs("create", "patch", "update").build(),
                rule("imageregistry.open-cluster-management.io", List.of("managedclusterimageregistries"), READ),
                rule("multicluster.x-k8s.io", List.of("clusterprofiles"), READ),
                rule("multicluster.x-k8s.io", List.of("clusterprofiles/status"), List.of("update", "patch")));
    }

    /** In the addon namespace: the proxy server Deployment and Service it runs there. */
    static List<PolicyRule> clusterProxyNamespaced() {
        return List.of(
                rule("", List.of("services", "events", "serviceaccounts"), ALL),
                rule("apps", List.of("deployments", "deployments/scale"), ALL),
                rule("", List.of("configmaps"), List.of("get", "create", "update", "patch")),
                rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update", "patch")));
    }

    static List<PolicyRule> clusterGateway() {
        return List.of(
                rule(CLUSTER, List.of("managedclusters"), READ),
                rule("authentication.open-cluster-management.io", List.of("managedserviceaccounts"), ALL),
                rule("proxy.open-cluster-management.io", List.of("clustergatewayconfigurations"), ALL),
                rule("cluster.core.oam.dev", List.of("clustergateways/health", "clustergateways/proxy"), ALL),
                // It installs its aggregated API server: namespace, Deployment, Service, APIService, credentials.
                rule("", List.of("namespaces", "secrets", "configmaps", "events", "serviceaccounts", "services"), ALL),
                rule("apps", List.of("deployments"), ALL),
                rule("work.open-cluster-management.io", List.of("manifestworks"), ALL),
                rule(ADDON, List.of("clustermanagementaddons", "managedclusteraddons",
                        "clustermanagementaddons/status", "managedclusteraddons/status"), WRITE),
                rule(CERTIFICATES, List.of("certificatesigningrequests"), READ),
                rule("admissionregistration.k8s.io", List.of("mutatingwebhookconfigurations",
                        "validatingwebhookconfigurations"), READ),
                rule("flowcontrol.apiserver.k8s.io", List.of("prioritylevelconfigurations", "flowschemas"), READ),
                rule(RBAC, List.of("clusterroles", "clusterrolebindings"), List.of("create", "bind")),
                rule(RBAC, List.of("roles", "rolebindings"), List.of("create")),
                rule("coordination.k8s.io", List.of("leases"), ALL),
                rule("apiregistration.k8s.io", List.of("apiservices"), ALL),
                rule("authorization.k8s.io", List.of("subjectaccessreviews"), ALL));
    }

    private static PolicyRule signers(List<String> verbs, String... names) {
        return new PolicyRuleBuilder().withApiGroups(CERTIFICATES).withResources("signers").withResourceNames(names)
                .withVerbs(verbs).build();
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }
}
