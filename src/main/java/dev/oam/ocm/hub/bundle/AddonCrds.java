package dev.oam.ocm.hub.bundle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRDs the addons' hub sides need, written here rather than taken from the addons' charts. Their schemas are
 * open (unknown fields kept): the addons' controllers validate what they read, and the operator writes the one
 * configuration object of each addon itself, every field set. What an open schema would lose is the defaults the
 * addons' own CRDs declare for objects users create; those are kept (a ManagedServiceAccount's token rotation).
 */
final class AddonCrds {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AddonCrds() {
    }

    static List<CustomResourceDefinition> of(Addon addon) {
        return switch (addon) {
            case MANAGED_SERVICE_ACCOUNT -> List.of(managedServiceAccounts());
            case CLUSTER_PROXY -> List.of(
                    crd("proxy.open-cluster-management.io", "ManagedProxyConfiguration", "managedproxyconfigurations",
                            "Cluster", List.of(version("v1alpha1", true, open()))),
                    crd("proxy.open-cluster-management.io", "ManagedProxyServiceResolver", "managedproxyserviceresolvers",
                            "Cluster", List.of(version("v1alpha1", true, open()))));
            case CLUSTER_GATEWAY -> List.of(
                    crd("proxy.open-cluster-management.io", "ClusterGatewayConfiguration", "clustergatewayconfigurations",
                            "Cluster", List.of(version("v1alpha1", true, open()))));
        };
    }

    /**
     * v1beta1 is stored, v1alpha1 still served: cluster-gateway 1.9.0 creates ManagedServiceAccounts as v1alpha1.
     * The two versions differ in no field the API server must convert, so no conversion webhook is needed.
     */
    private static CustomResourceDefinition managedServiceAccounts() {
        Map<String, JSONSchemaProps> rotation = new LinkedHashMap<>();
        rotation.put("enabled", new JSONSchemaPropsBuilder().withType("boolean").withDefault(JSON.booleanNode(true)).build());
        rotation.put("validity", new JSONSchemaPropsBuilder().withType("string")
                .withDefault(JSON.textNode("8640h0m0s")).build());
        JSONSchemaProps spec = new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true)
                .addToProperties("rotation", new JSONSchemaPropsBuilder().withType("object")
                        .withDefault(JSON.objectNode()).withProperties(rotation).build())
                .build();
        return crd("authentication.open-cluster-management.io", "ManagedServiceAccount", "managedserviceaccounts",
                "Namespaced", List.of(version("v1alpha1", false, schema(spec)), version("v1beta1", true, schema(spec))));
    }

    private static JSONSchemaProps open() {
        return schema(new JSONSchemaPropsBuilder().withType("object").withXKubernetesPreserveUnknownFields(true).build());
    }

    private static JSONSchemaProps schema(JSONSchemaProps spec) {
        return new JSONSchemaPropsBuilder().withType("object")
                .addToProperties("spec", spec)
                .addToProperties("status", new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build())
                .build();
    }

    private static CustomResourceDefinitionVersion version(String name, boolean storage, JSONSchemaProps schema) {
        return new CustomResourceDefinitionVersionBuilder().withName(name).withServed(true).withStorage(storage)
                .withNewSchema().withOpenAPIV3Schema(schema).endSchema()
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .build();
    }

    private static CustomResourceDefinition crd(String group, String kind, String plural, String scope,
                                                List<CustomResourceDefinitionVersion> versions) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope(scope)
                .withNewNames().withKind(kind).withListKind(kind + "List").withPlural(plural)
                .withSingular(kind.toLowerCase()).endNames()
                .withVersions(versions)
                .endSpec().build();
    }
}
