package io.voipkit.core;

/** How a supervisor joins a call with {@link CallControl#spy(SpyRequest)}. */
public enum SpyMode {
    /** Hear both parties; nobody hears the supervisor. */
    LISTEN,
    /** Hear both parties and talk to the spied-on channel (the agent) only; the other party hears nothing. */
    WHISPER,
    /** Hear and talk to both parties: the supervisor joins the call. */
    BARGE
}
