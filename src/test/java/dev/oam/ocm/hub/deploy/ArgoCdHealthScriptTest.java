package dev.oam.ocm.hub.deploy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgoCdHealthScriptTest {
    @Test
    void deployArgocdShipsReadmesHealthCheck() {
        String readme = ArgoCdHealthScript.fromReadme();
        assertTrue(readme.startsWith("hs = ") && readme.endsWith("return hs\n"), readme);
        assertEquals(readme, ArgoCdHealthScript.shipped(),
                "deploy/argocd/argocd-cm-health.yaml must hold README's Argo CD health check, unchanged");
    }
}
