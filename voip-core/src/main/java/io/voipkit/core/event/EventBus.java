package io.voipkit.core.event;

import java.util.List;
import java.util.function.Predicate;

/**
 * The events of one PBX, for applications to subscribe to ({@code pbx.events()}).
 *
 * <pre>{@code
 * EventBus bus = pbx.events();
 * Subscription ended = bus.subscribe(CallEnded.class, e -> log.info("{} ended", e.uniqueId()));
 * Subscription support = bus.subscribe(QueueCallerJoined.class, e -> e.queue().equals("support"),
 *         e -> wallboard.update(e));
 * Subscription all = bus.subscribe(PbxEvent.class, e -> true, audit::write,
 *         SubscriptionOptions.builder().overflowPolicy(OverflowPolicy.DROP_OLDEST).name("audit").build());
 * }</pre>
 *
 * <p>A subscription receives every event whose class is {@code type} or a subtype
 * ({@code PbxEvent.class} receives everything), and that its filter accepts, in the order the
 * PBX sent them. Each subscription has its own bounded queue and delivery thread or task, so a
 * slow subscription does not delay the others (unless it uses {@link OverflowPolicy#BLOCK} and
 * its queue is full: then it slows the PBX connection, and so everyone). The filter and the
 * listener run on the delivery thread, never on the thread reading the PBX; see
 * {@link EventListener} for what listeners must do, and {@code voip-core/CONCURRENCY.md}.
 *
 * <p>Thread-safe.
 */
public interface EventBus {
    /**
     * Subscribes to all events of {@code type} (and its subtypes) with
     * {@link SubscriptionOptions#defaults() default options}.
     *
     * @throws io.voipkit.core.InvalidRequestException if an argument is null
     * @throws IllegalStateException                   if the bus is closed
     */
    <E extends PbxEvent> Subscription subscribe(Class<E> type, EventListener<? super E> listener);

    /**
     * Subscribes to events of {@code type} that {@code filter} accepts, with default options.
     * The filter runs on the delivery thread; if it throws, the event counts as failed.
     *
     * @throws io.voipkit.core.InvalidRequestException if an argument is null
     * @throws IllegalStateException                   if the bus is closed
     */
    <E extends PbxEvent> Subscription subscribe(Class<E> type, Predicate<? super E> filter,
                                                EventListener<? super E> listener);

    /**
     * Subscribes with explicit queue size, overflow policy, executor and name.
     *
     * @throws io.voipkit.core.InvalidRequestException if an argument is null
     * @throws IllegalStateException                   if the bus is closed
     */
    <E extends PbxEvent> Subscription subscribe(Class<E> type, Predicate<? super E> filter,
                                                EventListener<? super E> listener, SubscriptionOptions options);

    /** The subscriptions that are active now, oldest first; an immutable snapshot. */
    List<Subscription> subscriptions();
}
