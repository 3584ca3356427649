package dev.oam.ocm.hub.bundle;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PullSecretSourceTest {
    private static Secret secret(String type, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("registry").endMetadata().withType(type).withData(data).build();
    }

    private static void assertRefused(Secret secret, String... expected) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> PullSecretSource.config("ops", "registry", secret));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void givesTheCredentialsOfARegistrySecret() {
        assertEquals("e30=", PullSecretSource.config("ops", "registry",
                secret("kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", "e30="))));
    }

    @Test
    void refusesAMissingSecretSayingWhereToCreateIt() {
        assertRefused(null, "registry", "does not exist in namespace ops", "kubectl create secret docker-registry");
    }

    @Test
    void refusesAnotherTypeByName() {
        assertRefused(secret("Opaque", Map.of(".dockerconfigjson", "e30=")), "ops/registry", "type Opaque",
                "kubernetes.io/dockerconfigjson");
    }

    @Test
    void refusesASecretWithoutTheKey() {
        assertRefused(secret("kubernetes.io/dockerconfigjson", Map.of()), "ops/registry", "no .dockerconfigjson key");
        assertRefused(secret("kubernetes.io/dockerconfigjson", null), "no .dockerconfigjson key");
    }
}
