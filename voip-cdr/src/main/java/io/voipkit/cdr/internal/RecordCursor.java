package io.voipkit.cdr.internal;

import io.voipkit.core.CallRecord;

/**
 * Reads a CDR source row by row. After {@link #next()} returns {@code true}, either
 * {@link #record()} holds the row's record or it is {@code null} and {@link #reason()} says why the
 * row was rejected. Not thread-safe.
 */
public interface RecordCursor extends AutoCloseable {
    /** Advances to the next row; {@code false} at the end. */
    boolean next() throws Exception;

    /** The current row's record, or {@code null} if it was rejected. */
    CallRecord record();

    /** The current row's line (files) or row number (databases), 1-based. */
    long line();

    /** The rejected column (1-based, {@code 0} for the whole row). */
    int column();

    /** Why the current row was rejected. */
    String reason();

    /** The checkpoint position just after the current row. */
    String position();

    /**
     * Remembers the position just after the current row, for {@link #markedPosition()}. Cheap:
     * called for every row, while the position text is built only when a batch is stored.
     */
    void markPosition();

    /** The position remembered by the last {@link #markPosition()}, as {@link #position()} would have given it then. */
    String markedPosition();

    /** Bytes consumed so far in this run. */
    long bytesRead();

    /** Bytes this run will read in all, or {@code -1}. */
    long totalBytes();

    /** Bytes of an unterminated last line left unread. */
    long pendingBytes();
}
