package io.voipkit.core.internal;

import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;

import java.time.Duration;

/**
 * Argument checks for the {@code CallControl} and {@code QueueMonitor} methods that take plain
 * values, so that every adapter rejects exactly the same input with the same field names before
 * anything is sent. Each method throws {@link InvalidRequestException}; the records
 * ({@code OriginateRequest}, ...) validate themselves.
 */
public final class Requests {

    /** The longest DTMF tone accepted. */
    public static final Duration MAX_DTMF_DURATION = Duration.ofSeconds(10);
    /** The longest park timeout accepted. */
    public static final Duration MAX_PARK_TIMEOUT = Duration.ofDays(1);

    private Requests() {
    }

    /** A channel name argument: non-blank, no CR/LF/NUL. */
    public static String channel(String channel) {
        return Checks.wireText(channel, "channel");
    }

    /** {@code hangup(channel, cause)}: {@link HangupCause#UNKNOWN} cannot be sent. */
    public static void hangup(String channel, HangupCause cause) {
        channel(channel);
        Checks.notNull(cause, "cause");
        if (cause == HangupCause.UNKNOWN) {
            throw new InvalidRequestException("cause", "UNKNOWN is not a cause that can be sent; use a real one such as NORMAL_CLEARING");
        }
    }

    /** {@code transfer(channel, exten, context)}: all required. */
    public static void transfer(String channel, String exten, String context) {
        channel(channel);
        Checks.wireText(exten, "exten");
        Checks.wireText(context, "context");
    }

    /** {@code attendedTransfer(channel, exten, context)}: the context is optional. */
    public static void attendedTransfer(String channel, String exten, String context) {
        channel(channel);
        Checks.wireText(exten, "exten");
        Checks.optionalWireText(context, "context");
    }

    /** {@code park(channel, timeoutChannel, timeout)}: timeout positive, at most a day. */
    public static void park(String channel, String timeoutChannel, Duration timeout) {
        channel(channel);
        Checks.optionalWireText(timeoutChannel, "timeoutChannel");
        Checks.positive(timeout, "timeout");
        Checks.atMost(timeout, MAX_PARK_TIMEOUT, "timeout");
    }

    /** {@code bridge(channel1, channel2)}: two different channels. */
    public static void bridge(String channel1, String channel2) {
        Checks.wireText(channel1, "channel1");
        Checks.wireText(channel2, "channel2");
        if (channel1.equals(channel2)) {
            throw new InvalidRequestException("channel2", "must differ from channel1 (a channel cannot be bridged to itself)");
        }
    }

    /**
     * {@code sendDtmf(channel, digits, toneDuration)}: 1 to 64 digits of {@code 0-9 * # A-D}, tone
     * positive and at most {@link #MAX_DTMF_DURATION}. Returns the digits upper-cased.
     */
    public static String sendDtmf(String channel, String digits, Duration toneDuration) {
        channel(channel);
        String normalised = Checks.dtmfDigits(digits, "digits");
        Checks.positive(toneDuration, "toneDuration");
        Checks.atMost(toneDuration, MAX_DTMF_DURATION, "toneDuration");
        return normalised;
    }

    /** A queue name argument: non-blank, no CR/LF/NUL. */
    public static String queue(String queue) {
        return Checks.wireText(queue, "queue");
    }

    /** {@code removeMember(queue, interfaceName)}: both required. */
    public static void member(String queue, String interfaceName) {
        queue(queue);
        Checks.wireText(interfaceName, "interfaceName");
    }

    /** {@code pauseMember(queue, interfaceName, paused, reason)}: queue and reason optional. */
    public static void pauseMember(String queue, String interfaceName, String reason) {
        Checks.optionalWireText(queue, "queue");
        Checks.wireText(interfaceName, "interfaceName");
        Checks.optionalWireText(reason, "reason");
    }

    /** {@code setPenalty(queue, interfaceName, penalty)}: queue optional, penalty not negative. */
    public static void setPenalty(String queue, String interfaceName, int penalty) {
        Checks.optionalWireText(queue, "queue");
        Checks.wireText(interfaceName, "interfaceName");
        Checks.nonNegative(penalty, "penalty");
    }

    /** {@code reload(queue)}: {@code null} for all queues. */
    public static void reload(String queue) {
        Checks.optionalWireText(queue, "queue");
    }

    /** {@code callQuality(window)}: positive, at most {@code retention}. */
    public static void window(Duration window, Duration retention) {
        Checks.positive(window, "window");
        Checks.atMost(window, retention, "window");
    }
}
