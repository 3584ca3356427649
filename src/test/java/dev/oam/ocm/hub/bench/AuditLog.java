package dev.oam.ocm.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
        long requests = 0;
        long writes = 0;
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines.skip(fromLine)::iterator) {
                JsonNode event = parse(line);
                if (event == null || !"ResponseComplete".equals(event.path("stage").asText()) || !who.test(event)) {
                    continue;
                }
                requests++;
                if (WRITES.contains(event.path("verb").asText())) {
                    writes++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return new Counts(requests, writes);
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

    /** Requests the API server received at or after {@code instant} (its requestReceivedTimestamp). */
    public static Predicate<JsonNode> receivedFrom(Instant instant) {
        return event -> {
            String received = event.path("requestReceivedTimestamp").asText();
            return !received.isEmpty() && !Instant.parse(received).isBefore(instant);
        };
    }

    /** Writes by the given user, described for a report: verb and resource of each. */
    public List<String> describeWrites(long fromLine, Predicate<JsonNode> who) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(fromLine).map(AuditLog::parse)
                    .filter(e -> e != null && "ResponseComplete".equals(e.path("stage").asText()) && who.test(e)
                            && WRITES.contains(e.path("verb").asText()))
                    .map(e -> e.path("verb").asText() + " " + e.path("requestURI").asText()).toList();
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
