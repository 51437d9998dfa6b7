package io.voipkit.core;

import java.time.Duration;

/** Thrown when the PBX does not answer an action within its timeout. */
public final class PbxTimeoutException extends PbxException {
    private static final long serialVersionUID = 1L;

    private final String action;
    private final transient Duration timeout;

    public PbxTimeoutException(String action, Duration timeout) {
        super("PBX did not answer " + action + " within " + timeout.toMillis()
                + " ms; check that the PBX is responsive or raise the action timeout");
        this.action = action;
        this.timeout = timeout;
    }

    /** The action that timed out, for example {@code Originate}. */
    public String action() {
        return action;
    }

    /** The timeout that elapsed. */
    public Duration timeout() {
        return timeout;
    }
}
