package dev.oam.ocm.hub.e2e;

import dev.oam.ocm.hub.e2e.harness.LocalCluster;
import dev.oam.ocm.hub.e2e.harness.ManagedProcess;
import dev.oam.ocm.hub.packaging.ImageJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built operator jar, started as a user starts it (`java -jar ... run`), with the JVM settings and the
 * class-data archive of the container image ({@link ImageJvm}), and the identity of deploy/base: the vela-ocm-hub-operator ServiceAccount, so the RBAC we
 * ship is exactly what it gets.
 */
public final class OperatorUnderTest implements AutoCloseable {
    public static final Path JAR = Path.of("target/vela-ocm-hub-operator.jar");
    public static final String NAMESPACE = "vela-ocm-hub-system";
    public static final String SERVICE_ACCOUNT = "vela-ocm-hub-operator";

    private final ManagedProcess process;
    private final int healthPort;
    private final long startedNanos;

    private OperatorUnderTest(ManagedProcess process, int healthPort, long startedNanos) {
        this.process = process;
        this.healthPort = healthPort;
        this.startedNanos = startedNanos;
    }

    public static OperatorUnderTest start(LocalCluster cluster, String name) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the e2e suite runs after `mvn package`");
        }
        int port = freePort();
        // Configured as in a pod: server, token and CA, no kubeconfig (ServiceAccountKubeconfigs says why).
        Map<String, String> env = new HashMap<>(cluster.clientEnvironmentFor(NAMESPACE, SERVICE_ACCOUNT));
        env.putAll(Map.of("POD_NAME", name, "LOG_LEVEL", "DEBUG", "MALLOC_ARENA_MAX", "2"));
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(ImageJvm.optionsWithArchive(JAR));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "run", "--namespace", NAMESPACE, "--health-address", "127.0.0.1",
                "--health-port", String.valueOf(port), "--leader-election", "true"));
        long started = System.nanoTime();
        ManagedProcess process = cluster.processes().start(name, command, env);
        OperatorUnderTest operator = new OperatorUnderTest(process, port, started);
        // Every 20 ms with a plain socket: start to /readyz is a benchmark figure, and polling every 100 ms with a new
        // HTTP client each time added 50 ms on average (and up to 100) to it.
        process.awaitReady("the operator's /readyz", Duration.ofSeconds(60), operator::ready, Duration.ofMillis(20));
        return operator;
    }

    /** Seconds from process start to the first 200 from /readyz (measured by start()). */
    public double secondsToReady() {
        return readyAfterNanos / 1e9;
    }

    private long readyAfterNanos;

    boolean ready() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), healthPort), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            if (statusLine != null && statusLine.matches("HTTP/1\\.[01] 200( .*)?")) {
                if (readyAfterNanos == 0) {
                    readyAfterNanos = System.nanoTime() - startedNanos;
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    public String metrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + healthPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape the operator's metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Resident set size of the operator process, from /proc. */
    public long rssKiB() {
        return rssKiB(process.pid());
    }

    public static long rssKiB(long pid) {
        try {
            Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            if (!m.find()) {
                throw new IllegalStateException("no VmRSS for pid " + pid);
            }
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
