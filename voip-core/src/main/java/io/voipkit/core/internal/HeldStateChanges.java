package io.voipkit.core.internal;

import io.voipkit.core.event.PbxEvent;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state changes a supervisor holds back while it resynchronises the live state: events that
 * arrive during the read are published at once, but applying them to the store waits until the
 * snapshot is in, so that a stale snapshot cannot undo them (a ghost channel). Both adapters' event
 * paths (AMI and ESL) use it the same way:
 *
 * <pre>{@code
 * held.start();                   // before reading the PBX's state
 * ... read, store.resync(...) ...
 * if (!held.release(lastRound))   // replays what was held, in arrival order
 *     ... too many arrived: read again ...
 * // reader thread, per event:
 * if (!held.offer(e)) apply(e);
 * }</pre>
 *
 * <p>At most {@code max} events are held; beyond that they are dropped and {@link #release}
 * reports it, so the caller reads the state again. Thread-safe: one reader thread offers, another
 * thread starts and releases; an event offered while a release runs is applied after the replay.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 */
public final class HeldStateChanges {
    private final String pbxId;
    private final int max;
    private final Consumer<PbxEvent> apply;
    private final Logger log;
    private final Object lock = new Object();
    private volatile boolean holding;
    private List<PbxEvent> held = new ArrayList<>();
    private boolean overflowed;

    /**
     * @param max   how many events may be held before they are dropped
     * @param apply applies one event to the live state (the supervisor's feed)
     * @param log   the supervisor's logger, for the warning when a forced release lost events
     */
    public HeldStateChanges(String pbxId, int max, Consumer<PbxEvent> apply, Logger log) {
        this.pbxId = Checks.notNull(pbxId, "pbxId");
        this.max = Checks.positive(max, "max");
        this.apply = Checks.notNull(apply, "apply");
        this.log = Checks.notNull(log, "log");
    }

    /** Starts holding (again), forgetting whatever was held. */
    public void start() {
        synchronized (lock) {
            holding = true;
            held = new ArrayList<>();
            overflowed = false;
        }
    }

    /**
     * Takes {@code e} while holding: holds it (or drops it beyond {@code max}), or, when a release
     * ended the holding meanwhile, applies it after the replay.
     *
     * @return {@code false} when not holding: the caller applies {@code e} itself
     */
    public boolean offer(PbxEvent e) {
        if (!holding) {
            return false;
        }
        synchronized (lock) {
            if (holding) {
                if (held.size() < max) {
                    held.add(e);
                } else {
                    overflowed = true;
                }
            } else {
                apply.accept(e);
            }
        }
        return true;
    }

    /**
     * Applies the held events in arrival order and stops holding. When some were dropped, returns
     * {@code false} and keeps holding with an empty list (the caller reads the state again) unless
     * {@code force}, which replays what was kept and logs that the live state may lag.
     *
     * @param andThen runs under the lock after the replay (for example: re-seed a mapper)
     */
    public boolean release(boolean force, Runnable andThen) {
        synchronized (lock) {
            if (overflowed && !force) {
                held = new ArrayList<>();
                return false;
            }
            if (overflowed) {
                log.warn("PBX {}: state changes of {}+ events during the sync were dropped; the live state may lag "
                        + "until the next events", pbxId, max);
            }
            for (PbxEvent e : held) {
                apply.accept(e);
            }
            held = new ArrayList<>();
            holding = false;
            andThen.run();
            return true;
        }
    }

    /** Whether events are being held now. */
    public boolean isHolding() {
        return holding;
    }
}
