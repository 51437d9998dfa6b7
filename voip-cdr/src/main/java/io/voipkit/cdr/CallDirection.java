package io.voipkit.cdr;

/** Which way a call went, seen from the PBX's own users. */
public enum CallDirection {
    /** From outside (a trunk, an external number) to an internal user or queue. */
    INBOUND,
    /** From an internal user to an external number. */
    OUTBOUND,
    /** Between two internal users. */
    INTERNAL
}
