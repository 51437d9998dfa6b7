package io.voipkit.cdr.internal;

/**
 * A row that cannot become a call record: which column (1-based, {@code 0} for the whole row) and
 * why. Thrown by the row mappers and turned into an import reject; carries no stack trace because
 * it is an expected outcome on hostile input, not a bug.
 */
public final class RowRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final int column;

    /** A rejection of {@code column} (1-based; {@code 0} for the whole row) for {@code reason}. */
    public RowRejected(int column, String reason) {
        super(reason, null, false, false);
        this.column = column;
    }

    /** The 1-based column, or {@code 0} when the row as a whole is wrong. */
    public int column() {
        return column;
    }
}
