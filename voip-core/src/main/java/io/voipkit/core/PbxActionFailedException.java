package io.voipkit.core;

/**
 * Thrown when the PBX answered an action with an error. {@link #pbxMessage()} is the PBX's own
 * text (for example Asterisk's {@code Permission denied} or {@code No such channel}), so it can be
 * shown to an operator or matched in code.
 */
public final class PbxActionFailedException extends PbxException {
    private static final long serialVersionUID = 1L;

    private final String action;
    private final String pbxMessage;

    public PbxActionFailedException(String action, String pbxMessage) {
        super(action + " failed: " + (pbxMessage == null || pbxMessage.isBlank() ? "(no message from the PBX)" : pbxMessage));
        this.action = action;
        this.pbxMessage = pbxMessage == null ? "" : pbxMessage;
    }

    public PbxActionFailedException(String action, String pbxMessage, Throwable cause) {
        super(action + " failed: " + pbxMessage, cause);
        this.action = action;
        this.pbxMessage = pbxMessage == null ? "" : pbxMessage;
    }

    /** The action that failed, for example {@code Login} or {@code Originate}. */
    public String action() {
        return action;
    }

    /** The PBX's own error text, never {@code null}. */
    public String pbxMessage() {
        return pbxMessage;
    }
}
