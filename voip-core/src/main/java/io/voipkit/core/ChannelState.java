package io.voipkit.core;

/**
 * The state of one call leg (an Asterisk channel, a FreeSWITCH session), PBX-neutral.
 * Asterisk's {@code ChannelState} numbers map onto it with {@link #fromAsteriskCode(int)}.
 */
public enum ChannelState {
    /** Allocated, not yet in use. Asterisk 0. */
    DOWN,
    /** Reserved. Asterisk 1. */
    RESERVED,
    /** Off hook. Asterisk 2. */
    OFF_HOOK,
    /** Digits have been dialled. Asterisk 3. */
    DIALING,
    /** The line is ringing on the far end (outgoing). Asterisk 4. */
    RING,
    /** The local device is ringing (incoming). Asterisk 5. */
    RINGING,
    /** Answered. Asterisk 6. */
    UP,
    /** The far end is busy. Asterisk 7. */
    BUSY,
    /** Digits dialled while off hook. Asterisk 8. */
    DIALING_OFFHOOK,
    /** Pre-ring state. Asterisk 9. */
    PRERING,
    /** A state the PBX reported that voipkit does not know. */
    UNKNOWN;

    /** Maps Asterisk's numeric {@code ChannelState} (0..9); anything else is {@link #UNKNOWN}. */
    public static ChannelState fromAsteriskCode(int code) {
        ChannelState[] known = values();
        return code >= 0 && code <= 9 ? known[code] : UNKNOWN;
    }
}
