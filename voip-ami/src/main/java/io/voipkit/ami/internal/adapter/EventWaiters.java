package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiMessage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Matches events that complete an action to the caller waiting for them: the
 * {@code OriginateResponse} of an asynchronous {@code Originate} (by ActionID) and the
 * {@code ParkedCall} that tells where a {@code Park} put a channel (by channel name).
 *
 * <p>{@link #onEvent} runs on the connection's reader thread for every event, so its fast path
 * is two name comparisons. Futures are completed on the callback executor, never on the reader
 * thread, so no caller code runs there.
 *
 * <p>The ActionID of an {@code Originate} is only known once its response arrives, and fixture
 * fact 4 says events need not follow responses causally. So {@code OriginateResponse} events that
 * nobody waits for yet are kept (the last {@value #MAX_STASHED}, ours only, by ActionID prefix)
 * and {@link #originateResponse(String)} looks there first.
 */
final class EventWaiters {
    static final int MAX_STASHED = 1024;

    private final Executor callbacks;
    private final Object lock = new Object();
    private final Map<String, CompletableFuture<AmiMessage>> originates = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<AmiMessage>> parks = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, AmiMessage> stash = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AmiMessage> eldest) {
            return size() > MAX_STASHED;
        }
    };
    private volatile String actionIdPrefix = "";

    EventWaiters(Executor callbacks) {
        this.callbacks = callbacks;
    }

    /** Sets the ActionID prefix of the current connection; events of other prefixes are ignored. */
    void actionIdPrefix(String prefix) {
        this.actionIdPrefix = prefix;
    }

    /**
     * Called by the reader thread for every event; cheap unless the event is one we wait for.
     * {@code beforeWake} runs first whenever the event will reach a caller (a waiter completed,
     * or an {@code OriginateResponse} stashed for one), so that the caller finds the live state
     * of every event before it published.
     */
    void onEvent(AmiMessage m, Runnable beforeWake) {
        String name = m.eventName();
        if (name == null) {
            return;
        }
        if (name.equals("OriginateResponse")) {
            String id = m.actionId();
            if (id == null || !id.startsWith(actionIdPrefix)) {
                return;
            }
            beforeWake.run(); // ours: a caller gets it now, or from the stash
            CompletableFuture<AmiMessage> f;
            synchronized (lock) {
                f = originates.remove(id);
                if (f == null) {
                    stash.put(id, m);
                }
            }
            if (f != null) {
                callbacks.execute(() -> f.complete(m));
            }
        } else if (name.equals("ParkedCall") && !parks.isEmpty()) {
            String channel = m.get("ParkeeChannel");
            CompletableFuture<AmiMessage> f = channel == null ? null : parks.remove(channel);
            if (f != null) {
                beforeWake.run();
                callbacks.execute(() -> f.complete(m));
            }
        }
    }

    /** The future of the {@code OriginateResponse} with {@code actionId}; complete if it already came. */
    CompletableFuture<AmiMessage> originateResponse(String actionId) {
        synchronized (lock) {
            AmiMessage seen = stash.remove(actionId);
            if (seen != null) {
                return CompletableFuture.completedFuture(seen);
            }
            CompletableFuture<AmiMessage> f = new CompletableFuture<>();
            originates.put(actionId, f);
            f.whenComplete((r, e) -> originates.remove(actionId, f));
            return f;
        }
    }

    /** Registers interest in the next {@code ParkedCall} of {@code channel}; register before sending Park. */
    CompletableFuture<AmiMessage> parkedCall(String channel) {
        CompletableFuture<AmiMessage> f = new CompletableFuture<>();
        parks.put(channel, f);
        f.whenComplete((r, e) -> parks.remove(channel, f));
        return f;
    }

    /** Fails every waiter (the connection ended) and forgets stashed events. */
    void failAll(RuntimeException cause) {
        synchronized (lock) {
            stash.clear();
        }
        originates.values().forEach(f -> f.completeExceptionally(cause));
        parks.values().forEach(f -> f.completeExceptionally(cause));
    }
}
