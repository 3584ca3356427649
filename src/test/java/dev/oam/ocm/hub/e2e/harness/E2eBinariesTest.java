package dev.oam.ocm.hub.e2e.harness;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness and the build script must agree on names: on a fresh machine every scenario starts by asking
 * the script for a binary, and a name the script does not know failed every scenario in its first second.
 * {@code --check} resolves names without building, so this runs in the fast suite.
 */
class E2eBinariesTest {

    @Test
    void buildScriptKnowsEveryCacheKeyTheHarnessAsksFor() throws Exception {
        List<String> keys = E2eBinaries.cacheKeysInUse();
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("kube-")), "expected a kube key among " + keys);
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("ocm-")), "expected an ocm key among " + keys);
        assertTrue(keys.contains("managed-serviceaccount-0.10.0") && keys.contains("cluster-proxy-0.10.0"),
                "expected the addons' keys among " + keys);
        for (String key : keys) {
            Check check = check(key);
            assertEquals(0, check.exitCode(), "build-binaries.sh --check " + key + " said:\n" + check.output());
            assertTrue(check.output().contains("-> " + key), "expected the script to resolve " + key
                    + " to that same cache key, it said:\n" + check.output());
        }
    }

    @Test
    void buildScriptRefusesAKeyItCannotBuildAndListsTheKnownOnes() throws Exception {
        String kube = E2eBinaries.cacheKeysInUse().get(0);
        Check check = check(kube + "9");
        assertFalse(check.exitCode() == 0, "expected a refusal of " + kube + "9, got:\n" + check.output());
        assertTrue(check.output().contains("unknown component '" + kube + "9'") && check.output().contains(kube),
                "expected the refusal to name the wanted and the known keys, got:\n" + check.output());
    }

    @Test
    void theStandInKubeletsApiIsBuiltFromTheControlPlanesRelease() {
        // The apiserver proxies pods/portforward to it: the streaming protocol must be the one of its own release.
        String kube = E2eBinaries.kubeVersion();
        String expected = "kubelet-api-0." + kube.substring(kube.indexOf('.') + 1);
        assertTrue(E2eBinaries.cacheKeysInUse().contains(expected), "expected the cache key " + expected
                + " (k8s.io/kubelet of Kubernetes " + kube + ") among " + E2eBinaries.cacheKeysInUse());
    }

    @Test
    void everyOcmReleaseWithAWrapperModuleIsOfferedToThePodRunners() {
        for (String release : E2eBinaries.ocmReleases()) {
            assertTrue(E2eBinaries.ocmAvailable(release, "registration-operator"),
                    "expected OCM " + release + " to be buildable, as src/test/e2e/go/ocm-" + release + " exists");
        }
    }

    private static Check check(String key) throws Exception {
        Process process = new ProcessBuilder(E2eBinaries.buildCommand(key, true)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "build-binaries.sh --check " + key + " did not finish");
        return new Check(process.exitValue(), output);
    }

    private record Check(int exitCode, String output) {
    }
}
