package io.voipkit.freeswitch.internal;

/**
 * The peer sent bytes that are not ESL or that break a configured {@link EslLimits limit}, or an
 * event body that cannot be parsed. A framing error closes the connection (and the client
 * reconnects); the message says what was wrong and where: the byte offset in the stream and the
 * start of the offending line.
 *
 * <p>Unchecked because it travels from the decoder through the reader loop, which handles it in
 * one place.
 */
public final class EslProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long byteOffset;

    /**
     * @param problem    what was wrong, for example {@code Content-Length 99999999 above the limit}
     * @param byteOffset offset in the stream of the offending line, or -1 when not known
     * @param excerpt    the start of the offending line, already abbreviated and escaped, or {@code null}
     */
    public EslProtocolException(String problem, long byteOffset, String excerpt) {
        super("ESL protocol error: " + problem + (byteOffset >= 0 ? " at byte " + byteOffset : "")
                + (excerpt == null ? "" : ", starting " + excerpt));
        this.byteOffset = byteOffset;
    }

    /** Offset in the stream of the offending line, or -1 when not known (event body parsing). */
    public long byteOffset() {
        return byteOffset;
    }
}
