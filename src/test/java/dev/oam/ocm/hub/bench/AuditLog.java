package dev.oam.ocm.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Counts requests in the API server's JSON audit log (one line per request, at ResponseComplete). The
 * log is the server's view, so it counts what clients really sent, retries and watches included.
 */
public final class AuditLog {
    public static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    /** Lines written so far; a later count from this mark sees only newer requests. */
    public long mark() {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }

    public record Counts(long requests, long writes) {
    }

    public Counts count(long fromLine, Predicate<JsonNode> who) {
        long[] requests = {0};
        long[] writes = {0};
        forEachAnswered(fromLine, event -> {
            if (who.test(event)) {
                requests[0]++;
                if (WRITES.contains(event.path("verb").asText())) {
                    writes[0]++;
                }
            }
        });
        return new Counts(requests[0], writes[0]);
    }

    public static Predicate<JsonNode> user(String username) {
        return event -> username.equals(event.path("user").path("username").asText());
    }

    public static Predicate<JsonNode> resource(String resource) {
        return event -> resource.equals(event.path("objectRef").path("resource").asText());
    }

    public static Predicate<JsonNode> userAgentContains(String fragment) {
        return event -> event.path("userAgent").asText().contains(fragment);
    }

    /**
     * Requests that change what a controller works on: all but Lease renewals (leader election, node heartbeats) and
     * Events, which an idle cluster keeps writing.
     */
    public static Predicate<JsonNode> work() {
        return event -> !Set.of("leases", "events").contains(event.path("objectRef").path("resource").asText());
    }

    public static Predicate<JsonNode> verbIn(String... verbs) {
        Set<String> wanted = Set.of(verbs);
        return event -> wanted.contains(event.path("verb").asText());
    }

    /** Requests the API server carried out: answered with 2xx, and not a dry-run. */
    public static Predicate<JsonNode> carriedOut() {
        return event -> {
            int code = event.path("responseStatus").path("code").asInt();
            return code >= 200 && code < 300 && !event.path("requestURI").asText().contains("dryRun=");
        };
    }

    /**
     * Seconds from the first request matching {@code from} to the first request after it matching {@code to}, by the
     * API server's receipt of each (the log is in the order requests were answered); empty when either is missing.
     */
    public Optional<Double> secondsBetween(long fromLine, Predicate<JsonNode> from, Predicate<JsonNode> to) {
        List<Instant> starts = new ArrayList<>();
        List<Instant> ends = new ArrayList<>();
        forEachAnswered(fromLine, event -> {
            String received = event.path("requestReceivedTimestamp").asText();
            if (received.isEmpty()) {
                return;
            }
            if (from.test(event)) {
                starts.add(Instant.parse(received));
            }
            if (to.test(event)) {
                ends.add(Instant.parse(received));
            }
        });
        Optional<Instant> start = starts.stream().min(Comparator.naturalOrder());
        return start.flatMap(s -> ends.stream().filter(e -> !e.isBefore(s)).min(Comparator.naturalOrder())
                .map(e -> millis(s, e) / 1000));
    }

    /** Requests the API server received at or after {@code instant} (its requestReceivedTimestamp). */
    public static Predicate<JsonNode> receivedFrom(Instant instant) {
        return event -> {
            String received = event.path("requestReceivedTimestamp").asText();
            return !received.isEmpty() && !Instant.parse(received).isBefore(instant);
        };
    }

    /** Writes by the given user, described for a report: verb and resource of each. */
    public List<String> describeWrites(long fromLine, Predicate<JsonNode> who) {
        List<String> writes = new ArrayList<>();
        forEachAnswered(fromLine, event -> {
            if (who.test(event) && WRITES.contains(event.path("verb").asText())) {
                writes.add(event.path("verb").asText() + " " + event.path("requestURI").asText());
            }
        });
        return writes;
    }

    /**
     * The requests {@code who} made since the mark, grouped for a failure message: verb, resource (and subresource)
     * and answer code, the most frequent first ("patch velaocmhubs/status 200" to 6, "create events 201" to 2).
     */
    public Map<String, Integer> grouped(long fromLine, Predicate<JsonNode> who) {
        Map<String, Integer> groups = new HashMap<>();
        forEachAnswered(fromLine, event -> {
            if (who.test(event)) {
                JsonNode object = event.path("objectRef");
                String subresource = object.path("subresource").asText();
                groups.merge(event.path("verb").asText() + " " + object.path("resource").asText()
                        + (subresource.isEmpty() ? "" : "/" + subresource) + " "
                        + event.path("responseStatus").path("code").asText(), 1, Integer::sum);
            }
        });
        Map<String, Integer> sorted = new LinkedHashMap<>();
        groups.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(g -> sorted.put(g.getKey(), g.getValue()));
        return sorted;
    }

    /**
     * One change as the API server saw it: the status write that made it, the operator's time from that write's
     * answer to its own status write arriving (watch delivery, the reconcile, the client), and that write.
     */
    public record Hop(double changeWriteMs, double operatorMs, double statusWriteMs) {
    }

    /**
     * Splits each change a benchmark made: every status write of {@code changed} (a resource name, e.g.
     * clustermanagers) by {@code changer}, paired with the first status write of {@code propagated} by
     * {@code operator} that arrived within a second of its answer. A change with no such write is left out.
     */
    public List<Hop> hops(long fromLine, String changed, Predicate<JsonNode> changer, String propagated,
                          Predicate<JsonNode> operator) {
        record Write(boolean change, Instant received, Instant answered) {
        }
        List<Write> writes = new ArrayList<>();
        forEachAnswered(fromLine, event -> {
            if (!Set.of("update", "patch").contains(event.path("verb").asText())
                    || !"status".equals(event.path("objectRef").path("subresource").asText())) {
                return;
            }
            String resource = event.path("objectRef").path("resource").asText();
            boolean change = resource.equals(changed) && changer.test(event);
            if (change || resource.equals(propagated) && operator.test(event)) {
                writes.add(new Write(change, Instant.parse(event.path("requestReceivedTimestamp").asText()),
                        Instant.parse(event.path("stageTimestamp").asText())));
            }
        });
        writes.sort(Comparator.comparing(Write::received));
        List<Hop> hops = new ArrayList<>();
        Write pending = null;
        for (Write write : writes) {
            if (write.change()) {
                pending = write;
            } else if (pending != null && Duration.between(pending.answered(), write.received()).toMillis() < 1000) {
                hops.add(new Hop(millis(pending.received(), pending.answered()), millis(pending.answered(), write.received()),
                        millis(write.received(), write.answered())));
                pending = null;
            }
        }
        return hops;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** Every request answered since line {@code fromLine} (its ResponseComplete event), read one line at a time. */
    private void forEachAnswered(long fromLine, Consumer<JsonNode> action) {
        try (Stream<String> lines = Files.lines(file)) {
            lines.skip(fromLine).map(AuditLog::parse)
                    .filter(e -> e != null && "ResponseComplete".equals(e.path("stage").asText()))
                    .forEach(action);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null; // a line still being written
        }
    }
}
