package dev.oam.ocm.hub.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run-time settings, from flags first, then environment variables, then defaults that suit a pod.
 *
 * @param namespace      where the operator runs: the Lease and spec.imagePullSecret live here
 * @param healthAddress  address the probe port binds (all interfaces in a pod, where the kubelet probes it)
 * @param healthPort     port of /healthz, /readyz and /metrics; 0 turns the endpoint off
 * @param leaderElection elect a leader on a Lease so that only one replica writes
 * @param identity       this replica's name (the pod name in a cluster)
 */
public record OperatorSettings(String namespace, String healthAddress, int healthPort, boolean leaderElection, String identity) {
    static final String LEASE_NAME = "vela-ocm-hub-operator";
    private static final Path SA_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    static OperatorSettings parse(String[] args, Map<String, String> env) {
        String namespace = env.getOrDefault("OPERATOR_NAMESPACE", env.get("POD_NAMESPACE"));
        String port = env.getOrDefault("HEALTH_PORT", "8080");
        String address = env.getOrDefault("HEALTH_ADDRESS", "0.0.0.0");
        String leader = env.get("LEADER_ELECTION");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--namespace" -> namespace = require(args[i], value);
                case "--health-port" -> port = require(args[i], value);
                case "--health-address" -> address = require(args[i], value);
                case "--leader-election" -> leader = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; try --help");
            }
            i++;
        }
        boolean inPod = Files.isReadable(SA_NAMESPACE);
        if (namespace == null) {
            namespace = inPod ? readQuietly(SA_NAMESPACE) : "default";
        }
        int healthPort;
        try {
            healthPort = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("health port must be a number, got " + port);
        }
        if (healthPort < 0 || healthPort > 65535) {
            throw new IllegalArgumentException("health port must be 0-65535, got " + healthPort);
        }
        boolean election = leader == null ? inPod : parseBoolean("leader election", leader);
        String identity = env.getOrDefault("POD_NAME", hostname());
        return new OperatorSettings(namespace, address, healthPort, election, identity);
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static boolean parseBoolean(String what, String value) {
        return switch (value.toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(what + " must be true or false, got " + value);
        };
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            return "default";
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "vela-ocm-hub-operator";
        }
    }
}
