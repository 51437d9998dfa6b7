package io.voipkit.core.event;

/**
 * Receives the events of one {@link Subscription}.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li><b>Fast, no blocking.</b> Events of one subscription are delivered one at a time, in PBX
 *       order; while {@code onEvent} runs, later events wait in the subscription's bounded queue.
 *       A slow listener fills that queue and then, depending on the
 *       {@link SubscriptionOptions#overflowPolicy() overflow policy}, slows the PBX connection
 *       down ({@link OverflowPolicy#BLOCK BLOCK}), loses events ({@link OverflowPolicy#DROP_OLDEST
 *       DROP_OLDEST}) or is cut off ({@link OverflowPolicy#FAIL FAIL}). Hand slow work (database,
 *       HTTP) to your own executor.</li>
 *   <li><b>Must not throw.</b> A listener that throws is logged with the event name and the
 *       subscription name, counted in {@link SubscriptionStats#failed()}, and kept: it receives
 *       the next event as usual.</li>
 *   <li>Do not publish into the same {@code EventDispatcher} from a listener; under
 *       {@link OverflowPolicy#BLOCK BLOCK} that can wait on your own full queue forever.</li>
 * </ul>
 *
 * <pre>{@code
 * pbx.events().subscribe(CallEnded.class, e -> log.info("call {} ended: {}", e.uniqueId(), e.causeText()));
 * }</pre>
 *
 * @param <E> the event type the listener accepts
 */
@FunctionalInterface
public interface EventListener<E extends PbxEvent> {
    /**
     * Handles one event. Called on the subscription's delivery thread, never on the thread that
     * reads the PBX socket, and never concurrently with itself for the same subscription.
     */
    void onEvent(E event);
}
