package io.voipkit.core.event;

import java.time.Instant;

/**
 * Something that happened on a PBX, PBX-neutral. The hierarchy is sealed so that a
 * {@code switch} over events can be exhaustive; events voipkit has no type for arrive as
 * {@link UnknownEvent}, so nothing the PBX sends is lost.
 *
 * <pre>{@code
 * pbx.events().subscribe(PbxEvent.class, e -> {
 *     switch (e) {
 *         case CallEnded end -> calls.ended(end.uniqueId(), end.cause());
 *         case EndpointStatusChanged s -> phones.update(s.endpoint(), s.status());
 *         default -> { }
 *     }
 * });
 * }</pre>
 *
 * <p>Every event is an immutable record whose first three components are {@link #pbxId()},
 * {@link #timestamp()} and {@link #raw()}; typed fields follow. Optional components are
 * {@code null} when the PBX did not send them (blank text is normalised to {@code null});
 * each record documents which ones are optional.
 */
public sealed interface PbxEvent permits
        ChannelCreated,
        ChannelStateChanged,
        CallDialing,
        CallAnswered,
        CallBridged,
        CallUnbridged,
        CallEnded,
        CallTransferred,
        CallParked,
        DtmfReceived,
        EndpointStatusChanged,
        QueueCallerJoined,
        QueueCallerLeft,
        QueueCallerAbandoned,
        QueueMemberStatusChanged,
        AgentConnected,
        AgentCompleted,
        ConferenceJoined,
        ConferenceLeft,
        VariableSet,
        UserDefinedEvent,
        CallRecordCreated,
        LogLineReceived,
        ConnectionStateChanged,
        StateResynced,
        UnknownEvent {

    /** The id of the PBX this event came from ({@code Pbx.id()}). */
    String pbxId();

    /** The PBX's own time of the event when it sends one (AMI {@code Timestamp}, ESL {@code Event-Date-Timestamp}), else the time voipkit received it. */
    Instant timestamp();

    /** The event's fields as received, in wire order with repeated headers kept; empty for events voipkit raises itself. */
    RawFields raw();

    /**
     * The PBX's name for this event: the AMI {@code Event} or ESL {@code Event-Name} field when
     * there is one, else the record's simple class name (for example {@code ConnectionStateChanged}).
     */
    default String name() {
        RawFields raw = raw();
        String n = raw.firstOrNull("Event");
        if (n == null) {
            n = raw.firstOrNull("Event-Name");
        }
        return n != null && !n.isEmpty() ? n : getClass().getSimpleName();
    }
}
