package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;

/**
 * A channel (call leg) as the PBX reports it on request ({@link CallControl#channelInfo(String)},
 * {@link CallControl#activeChannels()}). Optional values are {@code null} when the PBX did not
 * say; blank values are stored as {@code null}.
 *
 * @param channel           the channel name, for example {@code PJSIP/101-ep-00000012}
 * @param uniqueId          the channel's unique id (Asterisk {@code Uniqueid}, FreeSWITCH UUID)
 * @param linkedId          the id shared by all legs of one call, or {@code null}
 * @param state             the channel state
 * @param callerIdNum       the caller id number, or {@code null}
 * @param callerIdName      the caller id name, or {@code null}
 * @param connectedLineNum  the number of the party on the other end, or {@code null}
 * @param connectedLineName the name of the party on the other end, or {@code null}
 * @param context           the current dialplan context, or {@code null}
 * @param exten             the current dialplan extension, or {@code null}
 * @param priority          the current dialplan priority, 0 when unknown
 * @param application       the application running on the channel (for example {@code Dial}), or {@code null}
 * @param applicationData   the application's arguments, or {@code null}
 * @param duration          how long the channel has existed
 * @param bridgeId          the bridge the channel is in, or {@code null}
 * @param accountCode       the account code, or {@code null}
 */
public record ChannelInfo(String channel, String uniqueId, String linkedId, ChannelState state, String callerIdNum,
                          String callerIdName, String connectedLineNum, String connectedLineName, String context,
                          String exten, int priority, String application, String applicationData, Duration duration,
                          String bridgeId, String accountCode) {

    /** Validates required values and normalises blank optional ones to {@code null}. */
    public ChannelInfo {
        Checks.wireText(channel, "channel");
        Checks.wireText(uniqueId, "uniqueId");
        Checks.notNull(state, "state");
        Checks.nonNegative(priority, "priority");
        Checks.nonNegative(duration, "duration");
        linkedId = Checks.blankToNull(linkedId);
        callerIdNum = Checks.blankToNull(callerIdNum);
        callerIdName = Checks.blankToNull(callerIdName);
        connectedLineNum = Checks.blankToNull(connectedLineNum);
        connectedLineName = Checks.blankToNull(connectedLineName);
        context = Checks.blankToNull(context);
        exten = Checks.blankToNull(exten);
        application = Checks.blankToNull(application);
        applicationData = Checks.blankToNull(applicationData);
        bridgeId = Checks.blankToNull(bridgeId);
        accountCode = Checks.blankToNull(accountCode);
    }
}
