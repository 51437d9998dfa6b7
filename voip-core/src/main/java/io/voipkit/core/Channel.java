package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Instant;

/**
 * A live channel (call leg) in the {@link LiveState}. Optional values are {@code null} when
 * unknown; blank values are stored as {@code null}.
 *
 * @param name              the channel name, for example {@code PJSIP/101-ep-00000012}
 * @param uniqueId          the unique id (Asterisk {@code Uniqueid}, FreeSWITCH UUID); identifies the channel
 * @param linkedId          the id shared by all legs of one call, or {@code null}
 * @param state             the channel state
 * @param callerIdNum       the caller id number, or {@code null}
 * @param callerIdName      the caller id name, or {@code null}
 * @param connectedLineNum  the number of the other party, or {@code null}
 * @param connectedLineName the name of the other party, or {@code null}
 * @param endpoint          the endpoint (phone) this channel belongs to, derived from the name,
 *                          or {@code null} for channels that belong to none (for example {@code Local/})
 * @param created           when the channel was created
 * @param bridgeId          the bridge the channel is in, or {@code null}
 */
public record Channel(String name, String uniqueId, String linkedId, ChannelState state, String callerIdNum,
                      String callerIdName, String connectedLineNum, String connectedLineName, String endpoint,
                      Instant created, String bridgeId) {

    /** Validates required values and normalises blank optional ones to {@code null}. */
    public Channel {
        Checks.wireText(name, "name");
        Checks.wireText(uniqueId, "uniqueId");
        linkedId = Checks.blankToNull(linkedId);
        Checks.notNull(state, "state");
        callerIdNum = Checks.blankToNull(callerIdNum);
        callerIdName = Checks.blankToNull(callerIdName);
        connectedLineNum = Checks.blankToNull(connectedLineNum);
        connectedLineName = Checks.blankToNull(connectedLineName);
        endpoint = Checks.blankToNull(endpoint);
        Checks.notNull(created, "created");
        bridgeId = Checks.blankToNull(bridgeId);
    }

    /** A copy in another state. */
    public Channel withState(ChannelState newState) {
        return new Channel(name, uniqueId, linkedId, newState, callerIdNum, callerIdName, connectedLineNum,
                connectedLineName, endpoint, created, bridgeId);
    }

    /** A copy in another bridge ({@code null}: in none). */
    public Channel withBridgeId(String newBridgeId) {
        return new Channel(name, uniqueId, linkedId, state, callerIdNum, callerIdName, connectedLineNum,
                connectedLineName, endpoint, created, newBridgeId);
    }

    /** A copy with another connected line (the other party). */
    public Channel withConnectedLine(String num, String nameOfParty) {
        return new Channel(name, uniqueId, linkedId, state, callerIdNum, callerIdName, num, nameOfParty, endpoint,
                created, bridgeId);
    }

    /** A copy with another caller id. */
    public Channel withCallerId(String num, String nameOfCaller) {
        return new Channel(name, uniqueId, linkedId, state, num, nameOfCaller, connectedLineNum, connectedLineName,
                endpoint, created, bridgeId);
    }

    /**
     * Whether this channel started its call (its unique id is the call's linked id): for a phone,
     * the call is outgoing; a channel the PBX created to reach the phone is incoming.
     */
    public boolean isOriginator() {
        return linkedId == null || linkedId.equals(uniqueId);
    }
}
