package dev.oam.ocm.hub.e2e.harness;

import java.util.Map;

/**
 * The environment every started binary gets: nothing inherited. Proxy variables would send the
 * binaries' API calls elsewhere, and KUBERNETES_SERVICE_HOST/PORT would make client-go believe it runs
 * in a pod; HOME is replaced so that nothing reads the developer's ~/.kube/config.
 */
final class CleanEnvironment {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CleanEnvironment() {
    }

    static void apply(Map<String, String> target, Map<String, String> extra) {
        target.clear();
        target.put("PATH", PATH);
        target.put("LANG", "C.UTF-8");
        target.put("HOME", System.getProperty("java.io.tmpdir"));
        target.putAll(extra);
    }
}
