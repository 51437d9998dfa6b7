package io.voipkit.core;

/** Which PBX software a {@link Pbx} talks to. The simulator presents itself as {@link #ASTERISK}. */
public enum PbxKind {
    /** Asterisk, over AMI. */
    ASTERISK,
    /** FreeSWITCH, over the Event Socket (ESL). */
    FREESWITCH
}
