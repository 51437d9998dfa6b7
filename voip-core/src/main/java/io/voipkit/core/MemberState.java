package io.voipkit.core;

/**
 * The device state of a queue member or phone, PBX-neutral. Asterisk's device state numbers
 * (queue member {@code Status}) map onto it with {@link #fromAsteriskCode(int)}.
 */
public enum MemberState {
    /** Asterisk 0: state unknown. */
    UNKNOWN,
    /** Asterisk 1: not in use, can take a call. */
    NOT_IN_USE,
    /** Asterisk 2: in use. */
    IN_USE,
    /** Asterisk 3: busy. */
    BUSY,
    /** Asterisk 4: invalid (for example a member interface that does not exist). */
    INVALID,
    /** Asterisk 5: unavailable (not registered). */
    UNAVAILABLE,
    /** Asterisk 6: ringing. */
    RINGING,
    /** Asterisk 7: in use and ringing. */
    RING_IN_USE,
    /** Asterisk 8: on hold. */
    ON_HOLD;

    /** Maps Asterisk's numeric device state (0..8); anything else is {@link #UNKNOWN}. */
    public static MemberState fromAsteriskCode(int code) {
        MemberState[] known = values();
        return code >= 0 && code <= 8 ? known[code] : UNKNOWN;
    }

    /** Whether a member in this state can be offered a call (paused members aside). */
    public boolean canTakeCall() {
        return this == NOT_IN_USE;
    }
}
