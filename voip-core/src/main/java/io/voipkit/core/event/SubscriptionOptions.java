package io.voipkit.core.event;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;

import java.util.concurrent.Executor;

/**
 * How one subscription is delivered: queue bound, overflow policy, delivery executor and a name.
 *
 * <pre>{@code
 * SubscriptionOptions opts = SubscriptionOptions.builder()
 *         .queueCapacity(100_000)
 *         .overflowPolicy(OverflowPolicy.DROP_OLDEST)
 *         .name("crm-sync")
 *         .build();
 * pbx.events().subscribe(PbxEvent.class, e -> true, listener, opts);
 * }</pre>
 *
 * @param queueCapacity  the bound of the subscription's queue, 1..{@value #MAX_QUEUE_CAPACITY};
 *                       default {@value #DEFAULT_QUEUE_CAPACITY}. The queue's array is allocated
 *                       up front (4 or 8 bytes per slot).
 * @param overflowPolicy what happens when the queue is full; default {@link OverflowPolicy#BLOCK}
 * @param executor       runs the delivery task, or {@code null} (the default) for a dedicated daemon
 *                       thread per subscription named {@code voipkit-events-<pbxId>-<n>}. A shared
 *                       executor is fine: one subscription never has more than one delivery task in it,
 *                       so its order is kept, and the task returns when the queue is empty.
 * @param name           a name for logs and metrics, or {@code null} (the default): the subscription
 *                       id is used then. Must not hold CR or LF.
 */
public record SubscriptionOptions(int queueCapacity, OverflowPolicy overflowPolicy, Executor executor, String name) {
    /** The default queue bound. */
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;
    /** The largest queue bound accepted; a bigger queue only hides a listener that cannot keep up. */
    public static final int MAX_QUEUE_CAPACITY = 1 << 22;

    private static final SubscriptionOptions DEFAULTS =
            new SubscriptionOptions(DEFAULT_QUEUE_CAPACITY, OverflowPolicy.BLOCK, null, null);

    /** Validates every component. */
    public SubscriptionOptions {
        Checks.positive(queueCapacity, "queueCapacity");
        if (queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new InvalidRequestException("queueCapacity",
                    "must be at most " + MAX_QUEUE_CAPACITY + ", was " + queueCapacity);
        }
        Checks.notNull(overflowPolicy, "overflowPolicy");
        Checks.optionalWireText(name, "name");
    }

    /** Capacity {@value #DEFAULT_QUEUE_CAPACITY}, {@link OverflowPolicy#BLOCK}, a dedicated thread, no name. */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these options, to change one of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link SubscriptionOptions}; every setter validates at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private int queueCapacity;
        private OverflowPolicy overflowPolicy;
        private Executor executor;
        private String name;

        private Builder(SubscriptionOptions from) {
            this.queueCapacity = from.queueCapacity;
            this.overflowPolicy = from.overflowPolicy;
            this.executor = from.executor;
            this.name = from.name;
        }

        /** The queue bound, 1..{@value SubscriptionOptions#MAX_QUEUE_CAPACITY}. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** What happens when the queue is full. */
        public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
            this.overflowPolicy = overflowPolicy;
            return this;
        }

        /** The executor that runs delivery, or {@code null} for a dedicated thread. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** A name for logs and metrics, or {@code null}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The options. */
        public SubscriptionOptions build() {
            return new SubscriptionOptions(queueCapacity, overflowPolicy, executor, name);
        }
    }
}
