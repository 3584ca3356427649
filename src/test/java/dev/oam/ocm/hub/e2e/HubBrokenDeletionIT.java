package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.api.clustermanager.ClusterManager;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken hub (the registration-operator cannot create the hub components, ClusterManager Applied=False) is removed
 * about as fast as a healthy one. Without components whose events wake it, the registration-operator removed one
 * hub CRD per pass and waited minutes between passes: 14 minutes in all, measured on the sandbox.
 */
@ExtendWith(E2eSupport.PrintLogsOnFailure.class)
class HubBrokenDeletionIT extends E2eSupport {
    /** A broken hub, made the way a cluster policy would break one: every hub component Deployment is refused. */
    private static final String REFUSE_HUB_DEPLOYMENTS = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: e2e-refuse-hub-deployments
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules:
                - apiGroups: [apps]
                  apiVersions: [v1]
                  operations: [CREATE]
                  resources: [deployments]
                namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: open-cluster-management-hub
              validations:
              - expression: "false"
                message: hub component Deployments are refused by an e2e policy
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: e2e-refuse-hub-deployments
            spec:
              policyName: e2e-refuse-hub-deployments
              validationActions: [Deny]
            """;
    private static final String HUB_OBJECTS = """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ClusterManagementAddOn
            metadata:
              name: e2e-addon
            spec:
              addOnMeta:
                displayName: e2e addon
            ---
            apiVersion: cluster.open-cluster-management.io/v1beta2
            kind: ManagedClusterSet
            metadata:
              name: e2e-set
            spec: {}
            """;
    private static final String MANAGED_CLUSTERS_CRD = "managedclusters.cluster.open-cluster-management.io";
    /** A healthy hub goes in about 10 s here; the bound leaves room for a loaded machine, far below 14 minutes. */
    private static final Duration AS_FAST_AS_HEALTHY = Duration.ofMinutes(2);

    @BeforeAll
    static void start() {
        startCluster("broken-deletion");
        startOperator();
    }

    @Test
    void aBrokenHubIsRemovedAboutAsFastAsAHealthyOne() {
        kubectl.runWithStdin(REFUSE_HUB_DEPLOYMENTS, "apply", "-f", "-").orThrow();
        applyHub(hubYaml("hub", NEWEST_REAL, null)).orThrow();
        await("the ClusterManager to report Applied=False", INSTALL, () -> clusterManager() != null
                && clusterManager().getStatus() != null && clusterManager().getStatus().getConditions().stream()
                .anyMatch(c -> "Applied".equals(c.getType()) && "False".equals(c.getStatus())));
        await("the hub CRDs the registration-operator created", INSTALL, () -> admin.apiextensions().v1()
                .customResourceDefinitions().withName(MANAGED_CLUSTERS_CRD).get() != null);
        // What a hub holds: addon and cluster set objects, whose CRDs can only go once they are gone. The addon
        // CRDs convert through the addon webhook, which a broken hub does not run.
        await("the hub APIs to serve", INSTALL, () -> kubectl.runWithStdin(HUB_OBJECTS, "apply", "-f", "-").succeeded());

        List<String> waits = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        kubectl.run("delete", "ocmhub", "hub", "--wait=false").orThrow();
        await("the broken hub to be removed", AS_FAST_AS_HEALTHY, () -> {
            if (hub("hub") == null) {
                return true;
            }
            condition("hub", "Ready").map(Condition::getMessage).filter(m -> !waits.contains(m)).ifPresent(waits::add);
            return false;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("e2e timing: broken hub removed in " + took.toMillis() / 1000.0 + " s");

        assertTrue(waits.stream().anyMatch(m -> m.contains("hub CRDs left")),
                "while removal waits, the status names the hub CRDs left: " + waits);
        assertNull(clusterManager(), "the ClusterManager is gone, not Terminating");
        assertNull(admin.apiextensions().v1().customResourceDefinitions().withName(MANAGED_CLUSTERS_CRD).get(),
                "Delete removes the hub CRDs");
        await("the ClusterManager CRD to be gone", INSTALL, () -> admin.apiextensions().v1().customResourceDefinitions()
                .withName(ClusterManager.CRD_NAME).get() == null);
        await("namespace open-cluster-management to be gone", INSTALL,
                () -> admin.namespaces().withName("open-cluster-management").get() == null);
    }
}
