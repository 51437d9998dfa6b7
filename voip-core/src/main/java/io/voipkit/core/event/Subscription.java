package io.voipkit.core.event;

/**
 * A live registration of an {@link EventListener} with an {@link EventBus}. Close it to stop
 * receiving events; closing is idempotent and may be done from any thread, including from
 * inside the listener.
 *
 * <pre>{@code
 * try (Subscription sub = pbx.events().subscribe(CallEnded.class, e -> calls.record(e))) {
 *     ...
 *     log.info("delivered {}", sub.stats().delivered());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Subscription extends AutoCloseable {
    /** A unique id within its bus, for logs and metrics (for example {@code pbx1-3}). */
    String id();

    /** The event type this subscription was made for; subtypes match too. */
    Class<? extends PbxEvent> eventType();

    /** A snapshot of this subscription's counters; cheap enough to poll for metrics. */
    SubscriptionStats stats();

    /**
     * Whether events are still delivered: {@code false} after {@link #close()}, after the bus was
     * closed, and after an {@link OverflowPolicy#FAIL FAIL} overflow.
     */
    boolean isActive();

    /**
     * Whether this subscription was ended by the bus rather than closed by its owner: a
     * {@link OverflowPolicy#FAIL FAIL} overflow, or an executor that rejected the delivery task.
     * The reason was logged at ERROR.
     */
    default boolean isFailed() {
        return false;
    }

    /**
     * Stops delivery. The event the listener is handling right now (if any) completes; events
     * still queued are discarded and counted in {@link SubscriptionStats#dropped()}. A publisher
     * blocked on this subscription's full queue is released. Does not wait for the listener and
     * never throws; calling it again has no effect.
     */
    @Override
    void close();
}
