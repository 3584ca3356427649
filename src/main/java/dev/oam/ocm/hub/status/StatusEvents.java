package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.oam.ocm.hub.api.HubConditions.BUNDLE_APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.DELETION_BLOCKED;
import static dev.oam.ocm.hub.api.HubConditions.OPERATOR_AVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.READY;

/** The Kubernetes Events a status change deserves: one per transition of our own conditions, none when idle. */
public final class StatusEvents {
    private StatusEvents() {
    }

    /** An event to record: Normal or Warning, a reason and a human message. */
    public record Event(String type, String reason, String message) {
    }

    public static List<Event> between(VelaOcmHubStatus before, VelaOcmHubStatus after) {
        List<Event> events = new ArrayList<>();
        for (String type : List.of(READY, BUNDLE_APPLIED, OPERATOR_AVAILABLE, DELETION_BLOCKED)) {
            Optional<Condition> old = find(before, type);
            Optional<Condition> now = find(after, type);
            if (now.isEmpty()) {
                continue;
            }
            Condition c = now.get();
            boolean changed = old.isEmpty() || !Objects.equals(old.get().getStatus(), c.getStatus())
                    || !Objects.equals(old.get().getReason(), c.getReason());
            if (!changed) {
                continue;
            }
            boolean good = type.equals(DELETION_BLOCKED) ? !"True".equals(c.getStatus()) : "True".equals(c.getStatus());
            if (old.isEmpty() && good && !type.equals(READY)) {
                continue; // a first "fine" on a secondary condition is noise
            }
            events.add(new Event(good ? "Normal" : "Warning", c.getReason(), type + ": " + c.getMessage()));
        }
        return events;
    }

    private static Optional<Condition> find(VelaOcmHubStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
