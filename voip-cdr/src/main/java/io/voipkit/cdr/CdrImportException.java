package io.voipkit.cdr;

/**
 * An import that could not go on: the source could not be read, the sink failed, or a row was
 * rejected while {@link ImportOptions#failOnFirstReject()} is set (then {@link #reject()} says
 * which). The checkpoint stays at the last batch the sink stored, so a rerun resumes there.
 */
public final class CdrImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ImportReject reject;

    /** A failure with a cause (I/O, SQL, sink). */
    public CdrImportException(String message, Throwable cause) {
        super(message, cause);
        this.reject = null;
    }

    /** The first reject of an import that was told to stop at it. */
    public CdrImportException(ImportReject reject) {
        super("import stopped at the first malformed row: " + reject);
        this.reject = reject;
    }

    /** The reject that stopped the import, or {@code null} if something else did. */
    public ImportReject reject() {
        return reject;
    }
}
