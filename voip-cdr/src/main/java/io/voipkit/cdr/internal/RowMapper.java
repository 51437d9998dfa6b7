package io.voipkit.cdr.internal;

import io.voipkit.core.CallRecord;

/** Turns one well-formed CSV record into a {@link CallRecord}, or rejects it naming the column. */
public interface RowMapper {
    /**
     * The record the parser's current row holds.
     *
     * @throws RowRejected when a column is missing or invalid
     */
    CallRecord map(CsvParser row) throws RowRejected;
}
