package io.voipkit.core;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Why a call leg ended: the ITU-T Q.850 cause codes that both Asterisk ({@code Cause} header of
 * {@code Hangup}) and FreeSWITCH ({@code Hangup-Cause}, by name) report, plus the few
 * FreeSWITCH-only causes above 127 that applications meet in practice.
 *
 * <p>The constant names are FreeSWITCH's cause names, so {@link #fromName(String)} maps FreeSWITCH
 * text directly; {@link #fromCode(int)} maps Asterisk's numbers. Anything else is {@link #UNKNOWN}.
 *
 * <pre>{@code
 * pbx.calls().hangup("PJSIP/101-ep-00000012", HangupCause.USER_BUSY);   // the caller hears busy
 * }</pre>
 */
public enum HangupCause {
    /** 0: no cause given (Asterisk "Unknown", FreeSWITCH {@code NONE}). */
    NONE(0),
    /** 1: the number does not exist. */
    UNALLOCATED_NUMBER(1),
    /** 2: no route to the specified transit network. */
    NO_ROUTE_TRANSIT_NET(2),
    /** 3: no route to the destination. */
    NO_ROUTE_DESTINATION(3),
    /** 6: channel unacceptable. */
    CHANNEL_UNACCEPTABLE(6),
    /** 7: call awarded and being delivered in an established channel. */
    CALL_AWARDED_DELIVERED(7),
    /** 16: normal call clearing: someone hung up. The usual cause. */
    NORMAL_CLEARING(16),
    /** 17: the called party is busy. */
    USER_BUSY(17),
    /** 18: no user responding (the device did not answer the setup in time). */
    NO_USER_RESPONSE(18),
    /** 19: the user was alerted (rang) but did not answer. */
    NO_ANSWER(19),
    /** 20: the subscriber is absent (for example not registered). */
    SUBSCRIBER_ABSENT(20),
    /** 21: the call was rejected. */
    CALL_REJECTED(21),
    /** 22: the number changed. */
    NUMBER_CHANGED(22),
    /** 23: redirected to a new destination. */
    REDIRECTION_TO_NEW_DESTINATION(23),
    /** 25: exchange routing error. */
    EXCHANGE_ROUTING_ERROR(25),
    /** 27: destination out of order. */
    DESTINATION_OUT_OF_ORDER(27),
    /** 28: invalid number format (incomplete number). */
    INVALID_NUMBER_FORMAT(28),
    /** 29: facility rejected. */
    FACILITY_REJECTED(29),
    /** 30: response to STATUS ENQUIRY. */
    RESPONSE_TO_STATUS_ENQUIRY(30),
    /** 31: normal, unspecified. */
    NORMAL_UNSPECIFIED(31),
    /** 34: no circuit or channel available. */
    NORMAL_CIRCUIT_CONGESTION(34),
    /** 38: network out of order. */
    NETWORK_OUT_OF_ORDER(38),
    /** 41: temporary failure. */
    NORMAL_TEMPORARY_FAILURE(41),
    /** 42: switching equipment congestion. */
    SWITCH_CONGESTION(42),
    /** 43: access information discarded. */
    ACCESS_INFO_DISCARDED(43),
    /** 44: requested circuit or channel not available. */
    REQUESTED_CHAN_UNAVAIL(44),
    /** 45: pre-empted. */
    PRE_EMPTED(45),
    /** 50: requested facility not subscribed. */
    FACILITY_NOT_SUBSCRIBED(50),
    /** 52: outgoing calls barred. */
    OUTGOING_CALL_BARRED(52),
    /** 54: incoming calls barred. */
    INCOMING_CALL_BARRED(54),
    /** 57: bearer capability not authorized. */
    BEARERCAPABILITY_NOTAUTH(57),
    /** 58: bearer capability not presently available. */
    BEARERCAPABILITY_NOTAVAIL(58),
    /** 63: service or option not available. */
    SERVICE_UNAVAILABLE(63),
    /** 65: bearer capability not implemented. */
    BEARERCAPABILITY_NOTIMPL(65),
    /** 66: channel type not implemented. */
    CHAN_NOT_IMPLEMENTED(66),
    /** 69: requested facility not implemented. */
    FACILITY_NOT_IMPLEMENTED(69),
    /** 79: service or option not implemented. */
    SERVICE_NOT_IMPLEMENTED(79),
    /** 81: invalid call reference value. */
    INVALID_CALL_REFERENCE(81),
    /** 88: incompatible destination. */
    INCOMPATIBLE_DESTINATION(88),
    /** 95: invalid message, unspecified. */
    INVALID_MSG_UNSPECIFIED(95),
    /** 96: mandatory information element missing. */
    MANDATORY_IE_MISSING(96),
    /** 97: message type non-existent. */
    MESSAGE_TYPE_NONEXIST(97),
    /** 98: message not compatible with call state. */
    WRONG_MESSAGE(98),
    /** 99: information element non-existent. */
    IE_NONEXIST(99),
    /** 100: invalid information element contents. */
    INVALID_IE_CONTENTS(100),
    /** 101: message not compatible with call state. */
    WRONG_CALL_STATE(101),
    /** 102: recovery on timer expiry (for example the far end never answered the INVITE). */
    RECOVERY_ON_TIMER_EXPIRE(102),
    /** 103: parameter non-existent. */
    MANDATORY_IE_LENGTH_ERROR(103),
    /** 111: protocol error, unspecified. */
    PROTOCOL_ERROR(111),
    /** 127: interworking, unspecified. */
    INTERWORKING(127),
    /** FreeSWITCH 487: the caller cancelled before the call was answered. */
    ORIGINATOR_CANCEL(487),
    /** FreeSWITCH 602: the call's time limit was reached. */
    ALLOTTED_TIMEOUT(602),
    /** FreeSWITCH 604: no media (RTP) arrived for too long. */
    MEDIA_TIMEOUT(604),
    /** FreeSWITCH 606: the dialled user is not registered. */
    USER_NOT_REGISTERED(606),
    /** A cause voipkit does not know. {@link #code()} is -1. */
    UNKNOWN(-1);

    private static final Map<Integer, HangupCause> BY_CODE = new HashMap<>();

    static {
        for (HangupCause c : values()) {
            if (c != UNKNOWN) {
                BY_CODE.put(c.code, c);
            }
        }
    }

    private final int code;

    HangupCause(int code) {
        this.code = code;
    }

    /** The numeric cause: Q.850 (0..127) or FreeSWITCH's own (above 127); -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** Whether this is a standard Q.850 cause (Asterisk only ever sends those). */
    public boolean isQ850() {
        return code >= 0 && code <= 127;
    }

    /** Maps a numeric cause (Asterisk's {@code Cause} header); unknown numbers give {@link #UNKNOWN}. */
    public static HangupCause fromCode(int code) {
        return BY_CODE.getOrDefault(code, UNKNOWN);
    }

    /**
     * Maps a cause name as FreeSWITCH sends it ({@code NORMAL_CLEARING}, case-insensitive).
     * Asterisk's alias {@code REDIRECTED_TO_NEW_DESTINATION} and a blank or unknown name are
     * handled: the latter gives {@link #UNKNOWN}.
     */
    public static HangupCause fromName(String name) {
        if (name == null || name.isBlank()) {
            return UNKNOWN;
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("REDIRECTED_TO_NEW_DESTINATION")) {
            return REDIRECTION_TO_NEW_DESTINATION;
        }
        if (n.equals("NOTDEFINED") || n.equals("NOT_DEFINED")) {
            return NONE;
        }
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
