package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;

/**
 * A caller waiting in a queue (Asterisk {@code QueueEntry}).
 *
 * @param position     the 1-based position in the queue
 * @param channel      the caller's channel
 * @param uniqueId     the caller channel's unique id, or {@code null} if unknown
 * @param callerIdNum  the caller's number, or {@code null}
 * @param callerIdName the caller's name, or {@code null}
 * @param waitTime     how long the caller has been waiting
 */
public record QueueCaller(int position, String channel, String uniqueId, String callerIdNum, String callerIdName,
                          Duration waitTime) {

    /** Validates required values and normalises blank optional ones to {@code null}. */
    public QueueCaller {
        Checks.positive(position, "position");
        Checks.wireText(channel, "channel");
        uniqueId = Checks.blankToNull(uniqueId);
        callerIdNum = Checks.blankToNull(callerIdNum);
        callerIdName = Checks.blankToNull(callerIdName);
        Checks.nonNegative(waitTime, "waitTime");
    }
}
