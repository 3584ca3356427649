package dev.oam.ocm.hub.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on one local address. The port is closed again before the binary binds it, so a port
 * handed out once is never handed out again by this instance (two binaries started back to back would
 * otherwise get the same one).
 */
final class FreePorts {
    private final Set<Integer> handedOut = new HashSet<>();

    synchronized int next(String address) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + address, e);
            }
        }
        throw new IllegalStateException("no free port on " + address + " after 50 attempts");
    }
}
