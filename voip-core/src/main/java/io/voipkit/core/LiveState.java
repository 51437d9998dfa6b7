package io.voipkit.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What is happening on one PBX right now, kept up to date from its events and re-synchronised
 * after every (re)connect. Obtained from {@link Pbx#state()}.
 *
 * <pre>{@code
 * for (Endpoint phone : pbx.state().endpoints()) {
 *     System.out.printf("%s %s %d call(s)%n", phone.name(), phone.status(), phone.activeCallCount());
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Every method is cheap, never blocks, never talks to the PBX and may be called
 * from any thread, including event listeners. Each returns an immutable snapshot; two calls may see
 * different versions (compare {@link #version()}). Nothing here throws {@link PbxException}: while
 * disconnected the last known state is returned and {@link #isCurrent()} is false, so a dashboard
 * should then show endpoints as {@link EndpointStatus#UNKNOWN}.
 */
public interface LiveState {

    /** Every known endpoint, sorted by name. */
    Collection<Endpoint> endpoints();

    /** One endpoint by name. */
    Optional<Endpoint> endpoint(String name);

    /** Every live channel, oldest first. */
    Collection<Channel> channels();

    /** Every call leg that involves an endpoint (one per endpoint channel), oldest first. */
    Collection<ActiveCall> calls();

    /** The calls of one endpoint, oldest first; empty for an unknown endpoint. */
    List<ActiveCall> callsOf(String endpoint);

    /** Every queue with its members and waiting callers, sorted by name. */
    Collection<QueueStatus> queues();

    /** When the state last changed (or was last re-synchronised). */
    Instant lastUpdate();

    /**
     * Whether the state reflects the PBX now: false before the first synchronisation, while
     * disconnected and while re-synchronising after a reconnect.
     */
    boolean isCurrent();

    /** A number that grows with every change; equal versions mean equal snapshots. */
    long version();
}
