package io.voipkit.core;

/**
 * Thrown when a request or value is rejected before anything is sent to the PBX: a missing or
 * blank field, a negative duration, a value holding CR or LF (which would inject headers into the
 * AMI or ESL stream), and so on. {@link #field()} names the offending field.
 */
public final class InvalidRequestException extends PbxException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The name of the field that was rejected, for example {@code channel} or {@code timeout}. */
    public String field() {
        return field;
    }
}
