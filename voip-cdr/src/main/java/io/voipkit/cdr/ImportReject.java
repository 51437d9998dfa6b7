package io.voipkit.cdr;

import io.voipkit.core.internal.Checks;

/**
 * A row that was not imported because it is malformed.
 *
 * @param source the source's name, for example the file path
 * @param line   the 1-based line the row starts on (for a database source: the row number in the result)
 * @param column the 1-based column at fault, or {@code 0} when the row as a whole is wrong (for example its column count)
 * @param reason what is wrong, in words, with the offending value shortened
 */
public record ImportReject(String source, long line, int column, String reason) {
    /** Validates: source and reason present, line at least 1, column not negative. */
    public ImportReject {
        Checks.notNull(source, "source");
        Checks.notNull(reason, "reason");
        if (line < 1) {
            throw new io.voipkit.core.InvalidRequestException("line", "must be at least 1, was " + line);
        }
        Checks.nonNegative(column, "column");
    }

    /** {@code source:line:column: reason}, like a compiler message. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + reason;
    }
}
