package io.voipkit.core;

import java.util.Optional;

/**
 * Why an originate did not produce an answered call. A failure is an ordinary outcome
 * ({@link OriginateResult#failure()}), not an exception: a busy customer is not an error.
 */
public enum OriginateFailure {
    /** The destination rang but nobody answered within the originate timeout. */
    NO_ANSWER,
    /** The destination was busy. */
    BUSY,
    /** The network or the PBX had no capacity (circuits busy, congestion). */
    CONGESTION,
    /** The number or extension does not exist. */
    NO_SUCH_EXTENSION,
    /** The destination, or someone on the way, refused or hung up the call before answer. */
    REJECTED,
    /** The destination could not be reached at all (for example a phone that is not registered). */
    UNAVAILABLE,
    /** voipkit gave up waiting for the PBX to report the outcome. */
    TIMEOUT,
    /** Any other failure; {@link OriginateResult#pbxMessage()} carries the PBX's text. */
    FAILED;

    /**
     * Maps the {@code Reason} of Asterisk's {@code OriginateResponse} event. It is the last
     * control frame Asterisk saw on the new channel ({@code enum ast_control_frame_type}):
     * 0 = the channel could not be created or dialled (for example an unregistered phone),
     * 1 = hung up before answer, 2 or 3 = still ringing at the timeout, 4 = answered,
     * 5 = busy, 8 = congestion. Reason 4 is success, so it maps to an empty result; unknown
     * reasons map to {@link #FAILED}.
     */
    public static Optional<OriginateFailure> fromAsteriskReason(int reason) {
        return switch (reason) {
            case 4 -> Optional.empty();
            case 0 -> Optional.of(FAILED);
            case 1 -> Optional.of(REJECTED);
            case 2, 3 -> Optional.of(NO_ANSWER);
            case 5 -> Optional.of(BUSY);
            case 8 -> Optional.of(CONGESTION);
            default -> Optional.of(FAILED);
        };
    }

    /**
     * Maps the hangup cause of a failed originate (FreeSWITCH answers {@code -ERR USER_BUSY},
     * {@code -ERR NO_ANSWER}, ...; see {@link HangupCause#fromName(String)}).
     */
    public static OriginateFailure fromHangupCause(HangupCause cause) {
        if (cause == null) {
            return FAILED;
        }
        return switch (cause) {
            case USER_BUSY -> BUSY;
            case NO_ANSWER, NO_USER_RESPONSE -> NO_ANSWER;
            case CALL_REJECTED, ORIGINATOR_CANCEL -> REJECTED;
            case UNALLOCATED_NUMBER, NO_ROUTE_DESTINATION, NO_ROUTE_TRANSIT_NET, INVALID_NUMBER_FORMAT -> NO_SUCH_EXTENSION;
            case NORMAL_CIRCUIT_CONGESTION, SWITCH_CONGESTION, REQUESTED_CHAN_UNAVAIL -> CONGESTION;
            case SUBSCRIBER_ABSENT, USER_NOT_REGISTERED, DESTINATION_OUT_OF_ORDER, NETWORK_OUT_OF_ORDER -> UNAVAILABLE;
            case RECOVERY_ON_TIMER_EXPIRE, ALLOTTED_TIMEOUT -> TIMEOUT;
            default -> FAILED;
        };
    }
}
