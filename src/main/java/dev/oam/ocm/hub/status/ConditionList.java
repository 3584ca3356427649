package dev.oam.ocm.hub.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a condition list against the previous one: a condition whose status did not change keeps its
 * lastTransitionTime, so an unchanged hub produces an identical status and nothing is written.
 */
final class ConditionList {
    private final List<Condition> previous;
    private final String now;
    private final List<Condition> conditions = new ArrayList<>();

    ConditionList(List<Condition> previous, Instant now) {
        this.previous = previous == null ? List.of() : previous;
        this.now = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** One of our own conditions, stamped with the generation it describes. */
    void set(String type, boolean status, String reason, String message, long generation) {
        String value = status ? "True" : "False";
        String since = previous.stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(now);
        conditions.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(since).withObservedGeneration(generation).build());
    }

    /**
     * A ClusterManager condition, copied verbatim except for its generation, which counts the ClusterManager's.
     * One without a transition time (the CRD requires it, but a hand-made object may lack it) takes the time we
     * first saw it in that status, so the status stays stable across passes.
     */
    void mirror(Condition source, String type) {
        String since = source.getLastTransitionTime() != null ? source.getLastTransitionTime() : previous.stream()
                .filter(c -> type.equals(c.getType()) && Objects.equals(source.getStatus(), c.getStatus()))
                .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(now);
        conditions.add(new ConditionBuilder().withType(type).withStatus(source.getStatus())
                .withReason(source.getReason()).withMessage(source.getMessage())
                .withLastTransitionTime(since)
                .build());
    }

    /** A condition of ours from the previous status, kept as it was: this pass did not judge it. */
    void keep(Condition previousCondition) {
        conditions.add(previousCondition);
    }

    boolean has(String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()));
    }

    List<Condition> toList() {
        return List.copyOf(conditions);
    }
}
