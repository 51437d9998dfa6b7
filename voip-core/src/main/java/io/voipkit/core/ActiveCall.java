package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Instant;

/**
 * One call an endpoint (phone) is on, as the live state derives it from the endpoint's channel.
 *
 * @param uniqueId         the unique id of the endpoint's channel
 * @param linkedId         the id shared by all legs of the call, or {@code null}
 * @param channel          the endpoint's channel name
 * @param endpoint         the endpoint
 * @param otherPartyNumber the number of the party at the other end, or {@code null} when not known (yet)
 * @param otherPartyName   that party's name, or {@code null}
 * @param startedAt        when the endpoint's channel was created
 * @param answeredAt       when it was answered, or {@code null} while it rings
 * @param state            the channel state
 * @param inbound          whether the call came to the endpoint (the PBX created the channel to
 *                         reach it) rather than being placed by it; see {@link Channel#isOriginator()}
 */
public record ActiveCall(String uniqueId, String linkedId, String channel, String endpoint, String otherPartyNumber,
                         String otherPartyName, Instant startedAt, Instant answeredAt, ChannelState state,
                         boolean inbound) {

    /** Validates required values and normalises blank optional ones to {@code null}. */
    public ActiveCall {
        Checks.wireText(uniqueId, "uniqueId");
        linkedId = Checks.blankToNull(linkedId);
        Checks.wireText(channel, "channel");
        Checks.wireText(endpoint, "endpoint");
        otherPartyNumber = Checks.blankToNull(otherPartyNumber);
        otherPartyName = Checks.blankToNull(otherPartyName);
        Checks.notNull(startedAt, "startedAt");
        Checks.notNull(state, "state");
        if (answeredAt != null && answeredAt.isBefore(startedAt)) {
            throw new InvalidRequestException("answeredAt", "must not be before startedAt (" + startedAt + "), was "
                    + answeredAt);
        }
    }

    /** Whether the call has been answered. */
    public boolean isAnswered() {
        return answeredAt != null;
    }
}
