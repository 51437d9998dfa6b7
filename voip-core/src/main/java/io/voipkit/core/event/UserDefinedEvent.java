package io.voipkit.core.event;

import io.voipkit.core.event.internal.EventChecks;
import java.time.Instant;

/**
 * An event raised by the dialplan or an application: Asterisk {@code UserEvent}, FreeSWITCH {@code CUSTOM} with a subclass. Its own headers are in {@link #raw()}; {@link #header(String)} reads one.
 *
 * <p>Components documented as "or {@code null}" are {@code null} when the PBX did not send them;
 * blank text is normalised to {@code null}.
 *
 * @param pbxId     the id of the PBX that sent it
 * @param timestamp the PBX's time of the event if it sent one, else when voipkit received it
 * @param raw       the fields as received, in wire order (empty if not from the wire)
 * @param userEvent the user event's name, for example {@code CrmTest}
 * @param channel the channel it was raised on, or {@code null}
 * @param uniqueId that channel's unique id, or {@code null}
 */
public record UserDefinedEvent(String pbxId, Instant timestamp, RawFields raw, String userEvent, String channel, String uniqueId) implements PbxEvent {
    /** Validates: identifiers non-blank, required values present, counts and durations non-negative. */
    public UserDefinedEvent {
        EventChecks.common(pbxId, timestamp, raw);
        EventChecks.text(userEvent, "userEvent");
        channel = EventChecks.optional(channel);
        uniqueId = EventChecks.optional(uniqueId);
    }

    /** The first header called {@code name} (ignoring case), from {@link #raw()}. */
    public java.util.Optional<String> header(String name) {
        return raw.first(name);
    }

    /** The user event's name. */
    @Override
    public String name() {
        return userEvent;
    }
}
