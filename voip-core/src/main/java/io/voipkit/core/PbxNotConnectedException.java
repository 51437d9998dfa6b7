package io.voipkit.core;

/**
 * Thrown when an operation needs a session to the PBX and there is none (not yet connected,
 * reconnecting, or closed). Operations fail fast with it instead of waiting for a reconnect.
 */
public final class PbxNotConnectedException extends PbxException {
    private static final long serialVersionUID = 1L;

    public PbxNotConnectedException(String message) {
        super(message);
    }

    public PbxNotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
