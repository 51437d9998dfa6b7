package io.voipkit.routing.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Members offered to a waiting caller and not yet seen busy by the live state: between the offer
 * and the moment the PBX reports the member's channel there is a gap (the dialplan has to run
 * {@code Dial}), and without a hold the same free member would be offered to the next caller too.
 * A hold lasts until its deadline (the group's ring time) or until {@link #release} (the member's
 * call ended).
 *
 * <p>Thread-safe. The decision path asks {@link #isEmpty()} first (a counter read), so an
 * engine without queues pays nothing for this.
 */
public final class Reservations {

    private final ConcurrentHashMap<String, Long> until = new ConcurrentHashMap<>();

    /** Whether nothing is held (the common case: no queue dispatch in the last ring time). */
    public boolean isEmpty() {
        return until.isEmpty();
    }

    /** Holds {@code target} until {@code deadlineMillis} (engine clock); a later deadline extends a hold. */
    public void hold(String target, long deadlineMillis) {
        until.merge(target, deadlineMillis, Math::max);
    }

    /** Whether {@code target} is held at {@code nowMillis}; an expired hold is dropped on the way. */
    public boolean isHeld(String target, long nowMillis) {
        Long deadline = until.get(target);
        if (deadline == null) {
            return false;
        }
        if (deadline > nowMillis) {
            return true;
        }
        until.remove(target, deadline);
        return false;
    }

    /** Ends the hold of {@code target} (its call ended, or the offer was declined). Returns whether it was held. */
    public boolean release(String target) {
        return until.remove(target) != null;
    }

    /** The held targets whose channel name this is ({@code TECH/target-0000001} or {@code ...;1}). */
    public java.util.List<String> heldFor(String channelName) {
        if (isEmpty()) {
            return java.util.List.of();
        }
        var out = new java.util.ArrayList<String>(1);
        for (String t : until.keySet()) {
            if (channelName.equals(t) || (channelName.startsWith(t) && channelName.length() > t.length()
                    && (channelName.charAt(t.length()) == '-' || channelName.charAt(t.length()) == ';'))) {
                out.add(t);
            }
        }
        return out;
    }
}
