package io.voipkit.core;

/**
 * Base of every exception voipkit throws for a PBX operation.
 *
 * <p>Unchecked on purpose: a host application usually handles PBX failures at one boundary
 * (a web handler, a scheduler) rather than at every call. Catch the subclasses to react to a
 * specific failure:
 * <ul>
 *   <li>{@link PbxNotConnectedException}: there is no session to the PBX right now;</li>
 *   <li>{@link PbxTimeoutException}: the PBX did not answer within the configured timeout;</li>
 *   <li>{@link PbxActionFailedException}: the PBX answered with an error (its own message is kept);</li>
 *   <li>{@link InvalidRequestException}: the request was rejected before anything was sent.</li>
 * </ul>
 */
public abstract class PbxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected PbxException(String message) {
        super(message);
    }

    protected PbxException(String message, Throwable cause) {
        super(message, cause);
    }
}
