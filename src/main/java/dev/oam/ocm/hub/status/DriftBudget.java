package dev.oam.ocm.hub.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How often the operator may put back an object someone else keeps changing. Another field manager that forces
 * a field we own every second would otherwise get a repair every second, forever: two controllers fighting, each
 * write waking the other. Per object, up to {@link #BURST} repairs in {@link #WINDOW}, then at most one per
 * {@link #SPACING}; a repair held back marks the object contested until no repair has been held back for
 * {@link #CONTEST_MEMORY}, which is how the contest ends once the other writer stops.
 * <p>
 * No I/O and no clock of its own: the caller passes the time, so the rule is table-tested.
 */
public final class DriftBudget {
    public static final int BURST = 3;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final Duration SPACING = Duration.ofSeconds(20);
    public static final Duration CONTEST_MEMORY = Duration.ofSeconds(30);

    /** Who fights over an object: its description, the fields taken from us and the other field manager. */
    public record Contest(String object, String fields, String manager) {
        public String message() {
            return object + ": field manager \"" + manager + "\" keeps changing " + fields
                    + "; the operator puts it back at most " + BURST + " times a minute";
        }
    }

    private record Held(Instant at, Contest contest) {
    }

    private final Map<String, Deque<Instant>> repairs = new HashMap<>();
    private final Map<String, Held> held = new HashMap<>();

    /** May the object be repaired now? */
    public synchronized boolean allows(String key, Instant now) {
        return !now.isBefore(nextAllowed(key, now));
    }

    /** The earliest time the object may be repaired again (now or earlier when it may be now). */
    public synchronized Instant nextAllowed(String key, Instant now) {
        Deque<Instant> recent = recent(key, now);
        if (recent.size() < BURST) {
            return now;
        }
        return recent.peekLast().plus(SPACING);
    }

    public synchronized void repaired(String key, Instant now) {
        recent(key, now).addLast(now);
    }

    /** A repair was due but held back: the object is contested by {@code contest}. */
    public synchronized void heldBack(String key, Instant now, Contest contest) {
        held.put(key, new Held(now, contest));
    }

    /** The objects contested now, in a stable order. */
    public synchronized List<Contest> contests(Instant now) {
        held.values().removeIf(h -> !now.isBefore(h.at().plus(CONTEST_MEMORY)));
        return held.values().stream().map(Held::contest).sorted(Comparator.comparing(Contest::object)).toList();
    }

    /**
     * When the answer of {@link #allows} or {@link #contests} next changes without a new event: a held-back repair
     * becomes allowed, or a contest ends. Empty when nothing is held back.
     */
    public synchronized Optional<Instant> nextChange(Instant now) {
        return held.entrySet().stream()
                .flatMap(e -> Stream.of(nextAllowed(e.getKey(), now), e.getValue().at().plus(CONTEST_MEMORY)))
                .filter(t -> t.isAfter(now))
                .min(Comparator.naturalOrder());
    }

    public synchronized void forget(String key) {
        repairs.remove(key);
        held.remove(key);
    }

    private Deque<Instant> recent(String key, Instant now) {
        Deque<Instant> times = repairs.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && !now.isBefore(times.peekFirst().plus(WINDOW))) {
            times.removeFirst();
        }
        return times;
    }
}
