package io.voipkit.ami.internal;

/**
 * The peer sent bytes that are not AMI or that break a configured {@link AmiLimits limit}. The
 * connection that received them is closed (and the adapter reconnects); the message says what was
 * wrong and where: byte offset and line number in the stream, and the start of the line.
 *
 * <p>Unchecked because it travels from the decoder through the reader loop, which handles it in
 * one place.
 */
public final class AmiProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long byteOffset;
    private final long lineNumber;

    /**
     * @param problem    what was wrong, for example {@code line longer than 8192 bytes}
     * @param byteOffset offset in the stream of the first byte of the offending line
     * @param lineNumber 1-based number of the offending line in the stream
     * @param excerpt    the start of the offending line, already abbreviated and escaped
     */
    public AmiProtocolException(String problem, long byteOffset, long lineNumber, String excerpt) {
        super("AMI protocol error: " + problem + " at byte " + byteOffset + ", line " + lineNumber
                + (excerpt == null ? "" : ", starting " + excerpt));
        this.byteOffset = byteOffset;
        this.lineNumber = lineNumber;
    }

    /** Offset in the stream of the first byte of the offending line. */
    public long byteOffset() {
        return byteOffset;
    }

    /** 1-based number of the offending line in the stream. */
    public long lineNumber() {
        return lineNumber;
    }
}
