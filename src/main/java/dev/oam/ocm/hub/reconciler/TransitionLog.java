package dev.oam.ocm.hub.reconciler;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was last logged per hub and topic, so that a state the operator polls (waiting for the
 * registration-operator, a refused deletion, a failing apply) is logged when it starts or changes, not on every
 * pass: a deletion waits through hundreds of passes.
 */
final class TransitionLog {
    private final Map<String, Map<String, String>> last = new ConcurrentHashMap<>();

    /** @return true the first time this hub reports this state for the topic since it reported another */
    boolean changed(String hub, String topic, String state) {
        String before = last.computeIfAbsent(hub, h -> new ConcurrentHashMap<>()).put(topic, state);
        return !Objects.equals(before, state);
    }

    /** The topic's state is over (the failure cleared, the wait ended); the next one is logged again. */
    void clear(String hub, String topic) {
        Map<String, String> topics = last.get(hub);
        if (topics != null) {
            topics.remove(topic);
        }
    }

    void forget(String hub) {
        last.remove(hub);
    }
}
