package dev.oam.ocm.hub.runtime;

import dev.oam.ocm.hub.api.KubernetesJson;
import dev.oam.ocm.hub.api.HubConditions;
import dev.oam.ocm.hub.api.VelaOcmHub;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code before-uninstall [--timeout 5m]}: deletes every VelaOcmHub and waits until they are gone, while the
 * operator still runs to remove each hub in order. The Helm chart runs it as a pre-delete hook: uninstalling the
 * operator first would leave the hubs Terminating with a finalizer nobody removes, and the ClusterManager with
 * them.
 *
 * <p>It fails (exit 1) when a hub refuses deletion (ManagedClusters joined; the operator's message says what to do)
 * or is not gone in time, naming the hub and what it waits for; Helm then stops the uninstall with everything
 * still running, and running it again later finishes the job.
 */
final class BeforeUninstallCommand {
    private static final Duration POLL = Duration.ofSeconds(2);

    private BeforeUninstallCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Duration timeout = Duration.ofMinutes(5);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--timeout") && i + 1 < args.length) {
                try {
                    timeout = parseDuration(args[++i]);
                } catch (IllegalArgumentException e) {
                    err.println("before-uninstall: " + e.getMessage());
                    return 2;
                }
            } else {
                err.println("before-uninstall: unknown argument " + args[i] + "; usage: before-uninstall [--timeout 5m]");
                return 2;
            }
        }
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withKubernetesSerialization(KubernetesJson.serialization()).build()) {
            return run(client, timeout, POLL, out, err);
        }
    }

    static int run(KubernetesClient client, Duration timeout, Duration poll, PrintStream out, PrintStream err) {
        try {
            List<VelaOcmHub> hubs = client.resources(VelaOcmHub.class).list().getItems();
            if (hubs.isEmpty()) {
                out.println("before-uninstall: no VelaOcmHub; nothing to remove");
                return 0;
            }
            for (VelaOcmHub hub : hubs) {
                out.println("before-uninstall: deleting VelaOcmHub " + hub.getMetadata().getName()
                        + " (deletionPolicy " + hub.getSpec().getDeletionPolicy() + ")");
                client.resource(hub).delete();
            }
            Instant deadline = Instant.now().plus(timeout);
            while (true) {
                List<VelaOcmHub> left = client.resources(VelaOcmHub.class).list().getItems();
                if (left.isEmpty()) {
                    out.println("before-uninstall: every VelaOcmHub is gone");
                    return 0;
                }
                for (VelaOcmHub hub : left) {
                    Optional<Condition> blocked = condition(hub, HubConditions.DELETION_BLOCKED)
                            .filter(c -> "True".equals(c.getStatus()));
                    if (blocked.isPresent()) {
                        err.println("before-uninstall: VelaOcmHub " + hub.getMetadata().getName()
                                + " refuses deletion: " + blocked.get().getMessage() + " The operator stays installed"
                                + " and finishes the deletion once that is resolved; then uninstall again.");
                        return 1;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    err.println("before-uninstall: not gone after " + timeout.toSeconds() + " s: " + left.stream()
                            .map(h -> h.getMetadata().getName() + " (" + condition(h, HubConditions.READY)
                                    .map(Condition::getMessage).orElse("no status") + ")")
                            .collect(Collectors.joining(", "))
                            + ". The operator stays installed and keeps removing; uninstall again later.");
                    return 1;
                }
                Thread.sleep(poll.toMillis());
            }
        } catch (KubernetesClientException e) {
            err.println("before-uninstall: the API server refused: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Optional<Condition> condition(VelaOcmHub hub, String type) {
        return hub.getStatus() == null ? Optional.empty()
                : hub.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}. */
    static Duration parseDuration(String text) {
        if (text.matches("\\d+[smh]")) {
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        throw new IllegalArgumentException("--timeout " + text + " is not a duration like 90s, 5m or 1h");
    }
}
