package dev.oam.ocm.hub.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Probes on one small port: /healthz (the process serves), /readyz (informers synced), /metrics. */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    HealthServer(String address, int port, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/healthz", exchange -> reply(exchange, 200, "ok\n", "text/plain"));
        server.createContext("/readyz", exchange -> {
            boolean ok = ready.getAsBoolean();
            reply(exchange, ok ? 200 : 503, ok ? "ready\n" : "informers not synced\n", "text/plain");
        });
        server.createContext("/metrics", exchange ->
                reply(exchange, 200, metrics.get(), "text/plain; version=0.0.4; charset=utf-8"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int code, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
