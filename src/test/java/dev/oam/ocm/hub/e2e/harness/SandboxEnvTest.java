package dev.oam.ocm.hub.e2e.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What README's walkthrough relies on: {@code source target/sandbox/sandbox.env} gives exactly these variables. */
class SandboxEnvTest {
    private static final Pattern EXPORT = Pattern.compile("declare -x ([A-Z0-9_]+)=\"(.*)\"");

    @Test
    void exportsExactlyTheSandboxVariablesPointingAtExistingFiles(@TempDir Path dir) throws Exception {
        Path sandbox = dir.resolve("sand box"); // a space, as a user's checkout path may have
        Path hub = touch(sandbox.resolve("kubeconfigs/admin.kubeconfig"));
        Path cluster1 = touch(sandbox.resolve("cluster1/kubeconfigs/admin.kubeconfig"));
        Path kubectl = executable(dir.resolve("machine/kubectl"));
        Path clusteradm = executable(dir.resolve("cache/clusteradm-1.3.1/clusteradm"));
        Path another = executable(dir.resolve("cache/another-1.0.0/another"));

        Path file = SandboxEnv.write(sandbox, hub, cluster1, "https://10.213.0.1:6443", kubectl, clusteradm, another);

        Map<String, String> before = exports(dir, "");
        Map<String, String> after = exports(dir, "source '" + file + "'");
        Set<String> added = new HashSet<>(after.keySet());
        after.forEach((name, value) -> {
            if (value.equals(before.get(name))) {
                added.remove(name);
            }
        });
        assertEquals(Set.copyOf(SandboxEnv.VARIABLES), added, "the variables sandbox.env exports or changes");
        assertEquals(hub.toString(), after.get("HUB_KUBECONFIG"));
        assertEquals(hub.toString(), after.get("KUBECONFIG"));
        assertEquals(cluster1.toString(), after.get("CLUSTER1_KUBECONFIG"));
        assertEquals("https://10.213.0.1:6443", after.get("HUB_API_SERVER"));

        List<String> path = List.of(after.get("PATH").split(":"));
        assertEquals(sandbox.resolve("bin").toString(), path.get(0), "the sandbox's bin first");
        assertEquals(clusteradm.getParent().toString(), path.get(1), "then the cache directory holding clusteradm");
        assertEquals(before.get("PATH"), String.join(":", path.subList(2, path.size())), "then the user's PATH");
        for (String tool : List.of("kubectl", "clusteradm", "another")) {
            Path onPath = sandbox.resolve("bin").resolve(tool);
            assertTrue(Files.isExecutable(onPath), tool + " runs from " + onPath);
        }
        assertEquals(kubectl, sandbox.resolve("bin/kubectl").toRealPath());
        assertEquals(clusteradm, sandbox.resolve("bin/clusteradm").toRealPath());
        assertEquals(another, sandbox.resolve("bin/another").toRealPath(), "a further tool linked by its name");
    }

    @Test
    void rewritingReplacesTheLinks(@TempDir Path dir) throws Exception {
        Path kubeconfig = touch(dir.resolve("admin.kubeconfig"));
        Path old = executable(dir.resolve("old/kubectl"));
        Path current = executable(dir.resolve("new/kubectl"));
        Path clusteradm = executable(dir.resolve("cache/clusteradm"));
        SandboxEnv.write(dir, kubeconfig, kubeconfig, "https://10.213.0.1:1", old, clusteradm);

        SandboxEnv.write(dir, kubeconfig, kubeconfig, "https://10.213.0.1:2", current, clusteradm);

        assertEquals(current, dir.resolve("bin/kubectl").toRealPath());
        assertTrue(Files.readString(dir.resolve(SandboxEnv.FILE_NAME)).contains("https://10.213.0.1:2"));
        SandboxEnv.remove(dir);
        assertTrue(Files.notExists(dir.resolve(SandboxEnv.FILE_NAME)));
    }

    /** The exported variables of a clean bash (env -i) after {@code script}. */
    private static Map<String, String> exports(Path dir, String script) {
        CommandResult result = Commands.run(dir.resolve("bash.log"), List.of("env", "-i", "PATH=/usr/bin:/bin", "bash", "-c",
                script + "\nexport -p"), Map.of(), null, Duration.ofSeconds(10)).orThrow();
        Map<String, String> exported = new TreeMap<>();
        for (String line : result.stdout().lines().toList()) {
            Matcher m = EXPORT.matcher(line);
            if (m.matches()) {
                exported.put(m.group(1), m.group(2));
            }
        }
        return exported;
    }

    private static Path touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }

    private static Path executable(Path file) throws Exception {
        touch(file);
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file.toRealPath();
    }
}
