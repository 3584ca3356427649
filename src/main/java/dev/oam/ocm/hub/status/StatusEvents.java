package dev.oam.ocm.hub.status;

import dev.oam.ocm.hub.api.VelaOcmHubStatus;
import dev.oam.ocm.hub.bundle.Addon;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.oam.ocm.hub.api.HubConditions.ADDON_APPLY_FAILED;
import static dev.oam.ocm.hub.api.HubConditions.APPLY_FAILED;
import static dev.oam.ocm.hub.api.HubConditions.BUNDLE_APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.CONFLICT;
import static dev.oam.ocm.hub.api.HubConditions.DELETING;
import static dev.oam.ocm.hub.api.HubConditions.DELETION_BLOCKED;
import static dev.oam.ocm.hub.api.HubConditions.INVALID_SPEC;
import static dev.oam.ocm.hub.api.HubConditions.MANAGED_CLUSTERS_JOINED;
import static dev.oam.ocm.hub.api.HubConditions.NOT_APPLIED;
import static dev.oam.ocm.hub.api.HubConditions.OPERATOR_AVAILABLE;
import static dev.oam.ocm.hub.api.HubConditions.READY;
import static dev.oam.ocm.hub.api.HubConditions.ROLLING_OUT;
import static dev.oam.ocm.hub.api.HubConditions.WAITING_FOR_CONDITIONS;

/**
 * The Kubernetes Events a status change deserves: one per transition of our own conditions, none when idle.
 * Warning is kept for what needs a person, so that monitoring which alerts on Warning events does not page on
 * every install and upgrade: normal progress (installing, rolling out, waiting for the first ClusterManager
 * status, deleting) is Normal.
 */
public final class StatusEvents {
    /** Reasons that only a person can clear (a spec change, RBAC, another hub, joined clusters), at any time. */
    static final Set<String> NEEDS_A_PERSON = Set.of(INVALID_SPEC, APPLY_FAILED, CONFLICT, NOT_APPLIED,
            MANAGED_CLUSTERS_JOINED, ADDON_APPLY_FAILED);
    /** Ready's reasons while the hub's components roll out: on a hub that was down, the way back up. */
    static final Set<String> ON_THE_WAY_BACK = Set.of(ROLLING_OUT, WAITING_FOR_CONDITIONS);
    private static final List<String> ADDON_TYPES = Stream.of(Addon.values()).map(Addon::conditionType).toList();
    /** Our conditions whose transitions are recorded; the addons' after the hub's. */
    private static final List<String> RECORDED = Stream.concat(
            Stream.of(READY, BUNDLE_APPLIED, OPERATOR_AVAILABLE, DELETION_BLOCKED), ADDON_TYPES.stream()).toList();

    private StatusEvents() {
    }

    /** An event to record: Normal or Warning, a reason and a human message. */
    public record Event(String type, String reason, String message) {
    }

    public static List<Event> between(VelaOcmHubStatus before, VelaOcmHubStatus after) {
        List<Event> events = new ArrayList<>();
        for (String type : RECORDED) {
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
            // An addon's install and removal are progress on a Ready hub; only a drop from available is a degradation.
            // A hub already down (its drop was a Warning) that moves on to rolling out is recovering: a replaced pod
            // rolls its Deployment on the way back to Ready, and one drop deserves one Warning.
            boolean degrades = ADDON_TYPES.contains(type) ? old.map(o -> "True".equals(o.getStatus())).orElse(false)
                    : wasReady(before, after) && !(type.equals(READY) && recovering(old.orElse(null), c));
            events.add(new Event(severity(good, c.getReason(), degrades, deleting(after)),
                    c.getReason(), type + ": " + c.getMessage()));
        }
        return events;
    }

    /**
     * Normal or Warning for one transition.
     *
     * @param good          the condition is in its good state
     * @param wasReady      the hub had been Ready for the spec it now runs: a drop from there is a degradation
     * @param deleting      the user is deleting the hub: everything going away is expected
     */
    static String severity(boolean good, String reason, boolean wasReady, boolean deleting) {
        if (good) {
            return "Normal";
        }
        if (NEEDS_A_PERSON.contains(reason)) {
            return "Warning";
        }
        return wasReady && !deleting ? "Warning" : "Normal";
    }

    /**
     * The hub was Ready for the generation the new status describes: recorded in lastReadyGeneration, which
     * also covers a degraded hub whose reason changes again, or (a status written before that field existed)
     * Ready just before for the same generation. An install or an upgrade (a newer generation) has not been
     * Ready yet, so its transient states are progress.
     */
    private static boolean wasReady(VelaOcmHubStatus before, VelaOcmHubStatus after) {
        if (after.getLastReadyGeneration() != null) {
            return after.getLastReadyGeneration().equals(after.getObservedGeneration());
        }
        boolean sameGeneration = before != null && Objects.equals(before.getObservedGeneration(), after.getObservedGeneration());
        return sameGeneration && find(before, READY).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Ready was already False and now names progress towards Ready, not a new failure. */
    private static boolean recovering(Condition old, Condition now) {
        return old != null && "False".equals(old.getStatus()) && ON_THE_WAY_BACK.contains(now.getReason());
    }

    private static boolean deleting(VelaOcmHubStatus after) {
        return find(after, READY).map(c -> DELETING.equals(c.getReason())).orElse(false);
    }

    private static Optional<Condition> find(VelaOcmHubStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
