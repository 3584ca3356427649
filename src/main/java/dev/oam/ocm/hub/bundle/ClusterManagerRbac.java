package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The permissions of the registration-operator's {@code cluster-manager} ClusterRole. Since OCM 0.11 the
 * operator grants the hub components their roles itself, so this role holds every permission they get;
 * whoever creates it (this operator) must hold them too or have escalate on clusterroles.
 */
final class ClusterManagerRbac {
    private static final List<String> FULL = List.of("create", "get", "list", "update", "watch", "patch", "delete");
    private static final List<String> READ = List.of("get", "list", "watch");

    /** Secrets the operator and hub components read and rotate; any other secret it may only create. */
    private static final List<String> NAMED_SECRETS = List.of(
            "signer-secret", "registration-webhook-serving-cert", "work-webhook-serving-cert",
            "addon-webhook-serving-cert", "registration-controller-sa-kubeconfig", "registration-webhook-sa-kubeconfig",
            "work-webhook-sa-kubeconfig", "placement-controller-sa-kubeconfig", "work-controller-sa-kubeconfig",
            "addon-manager-controller-sa-kubeconfig", "addon-webhook-sa-kubeconfig", "external-hub-kubeconfig",
            "work-driver-config", HubBundle.PULL_SECRET, "grpc-server-serving-cert", "cluster-import-config");

    private ClusterManagerRbac() {
    }

    static List<PolicyRule> rules() {
        List<PolicyRule> rules = new ArrayList<>();
        // Core objects of the hub namespace and its components.
        rules.add(rule("", List.of("configmaps", "namespaces", "serviceaccounts", "services"),
                plus(FULL, "deletecollection")));
        rules.add(rule("", List.of("serviceaccounts/token"), List.of("create", "subscribe")));
        rules.add(rule("", List.of("pods"), List.of("get")));
        rules.add(rule("", List.of("nodes"), READ));
        rules.add(new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withResourceNames(NAMED_SECRETS)
                .withVerbs("get", "list", "watch", "update", "patch", "delete").build());
        rules.add(rule("", List.of("secrets"), List.of("create")));
        rules.add(new PolicyRuleBuilder().withApiGroups("", "events.k8s.io").withResources("events")
                .withVerbs(plus(FULL, "deletecollection")).build());
        rules.add(rule("coordination.k8s.io", List.of("leases"), FULL));
        rules.add(rule("authorization.k8s.io", List.of("subjectaccessreviews"), List.of("create", "get")));
        rules.add(rule("authentication.k8s.io", List.of("tokenreviews"), List.of("create")));
        // Workloads and the RBAC the operator writes for every hub component.
        rules.add(rule("apps", List.of("deployments"), FULL));
        rules.add(rule("apps", List.of("replicasets"), List.of("get")));
        rules.add(rule("rbac.authorization.k8s.io",
                List.of("clusterrolebindings", "rolebindings", "clusterroles", "roles"), FULL));
        // API machinery: hub CRDs, aggregated APIs, webhooks, storage migration.
        rules.add(rule("apiextensions.k8s.io", List.of("customresourcedefinitions"), FULL));
        rules.add(rule("apiextensions.k8s.io", List.of("customresourcedefinitions/status"), List.of("update", "patch")));
        rules.add(rule("apiregistration.k8s.io", List.of("apiservices"), FULL));
        rules.add(rule("admissionregistration.k8s.io",
                List.of("validatingwebhookconfigurations", "mutatingwebhookconfigurations"), FULL));
        rules.add(rule("migration.k8s.io", List.of("storageversionmigrations"), FULL));
        rules.add(rule("flowcontrol.apiserver.k8s.io", List.of("flowschemas", "prioritylevelconfigurations"), READ));
        rules.add(rule("config.openshift.io", List.of("infrastructures"), List.of("get")));
        // The ClusterManager itself.
        rules.add(rule("operator.open-cluster-management.io", List.of("clustermanagers"),
                List.of("get", "list", "watch", "update", "delete", "patch")));
        rules.add(rule("operator.open-cluster-management.io", List.of("clustermanagers/status"),
                List.of("update", "patch")));
        // What the hub components do with OCM's own APIs.
        rules.add(rule("addon.open-cluster-management.io",
                List.of("managedclusteraddons", "clustermanagementaddons"), FULL));
        rules.add(rule("addon.open-cluster-management.io",
                List.of("managedclusteraddons/status", "clustermanagementaddons/status"), List.of("patch", "update")));
        rules.add(rule("addon.open-cluster-management.io",
                List.of("managedclusteraddons/finalizers", "clustermanagementaddons/finalizers"), List.of("update")));
        rules.add(rule("addon.open-cluster-management.io", List.of("addondeploymentconfigs", "addontemplates"), READ));
        rules.add(rule("certificates.k8s.io", List.of("certificatesigningrequests"),
                List.of("create", "get", "list", "watch")));
        rules.add(rule("certificates.k8s.io",
                List.of("certificatesigningrequests/approval", "certificatesigningrequests/status"), List.of("update")));
        rules.add(rule("certificates.k8s.io", List.of("signers"), List.of("approve", "sign")));
        rules.add(rule("cluster.open-cluster-management.io", List.of("managedclusters"),
                List.of("get", "list", "watch", "create", "update", "patch")));
        rules.add(rule("cluster.open-cluster-management.io",
                List.of("managedclustersetbindings", "placements", "addonplacementscores"), READ));
        rules.add(rule("cluster.open-cluster-management.io", List.of("managedclustersets", "placementdecisions"), FULL));
        rules.add(rule("cluster.open-cluster-management.io", List.of("managedclusters/status",
                "managedclustersetbindings/status", "managedclustersets/status", "placements/status",
                "placementdecisions/status"), List.of("update", "patch")));
        rules.add(rule("cluster.open-cluster-management.io", List.of("placements/finalizers"), List.of("update")));
        rules.add(rule("cluster.open-cluster-management.io", List.of("managedclustersets/join"), List.of("create")));
        rules.add(rule("register.open-cluster-management.io", List.of("managedclusters/clientcertificates"),
                List.of("renew")));
        rules.add(rule("register.open-cluster-management.io", List.of("managedclusters/accept"), List.of("update")));
        rules.add(rule("work.open-cluster-management.io", List.of("manifestworkreplicasets"),
                plus(FULL, "deletecollection")));
        rules.add(rule("work.open-cluster-management.io", List.of("manifestworkreplicasets/finalizers"),
                List.of("update")));
        rules.add(rule("work.open-cluster-management.io", List.of("manifestworks"),
                plus(plus(FULL, "deletecollection"), "execute-as")));
        rules.add(rule("work.open-cluster-management.io",
                List.of("manifestworks/status", "manifestworkreplicasets/status"), List.of("update", "patch")));
        rules.add(rule("multicluster.x-k8s.io", List.of("clusterprofiles"), FULL));
        rules.add(rule("multicluster.x-k8s.io", List.of("clusterprofiles/status"), List.of("update", "patch")));
        rules.add(rule("cluster.x-k8s.io", List.of("clusters"), READ));
        return rules;
    }

    /** The role a cluster's bootstrap identity needs to ask to join: read cluster-info, file a CSR, create its ManagedCluster. */
    static List<PolicyRule> bootstrapRules() {
        return List.of(
                rule("", List.of("configmaps"), List.of("get")),
                rule("certificates.k8s.io", List.of("certificatesigningrequests"), List.of("create", "get", "list", "watch")),
                rule("cluster.open-cluster-management.io", List.of("managedclusters"),
                        List.of("get", "create", "list", "watch")),
                rule("cluster.open-cluster-management.io", List.of("managedclustersets/join"), List.of("create")));
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    private static List<String> plus(List<String> verbs, String extra) {
        List<String> all = new ArrayList<>(verbs);
        all.add(extra);
        return all;
    }
}
