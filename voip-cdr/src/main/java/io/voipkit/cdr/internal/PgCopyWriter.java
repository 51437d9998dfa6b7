package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallLogEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes one part of a batch of call-log entries to PostgreSQL with binary {@code COPY}, as one
 * transaction on one connection; {@link PgCallLogWriter} splits a batch into parts and runs them
 * on up to two connections.
 *
 * <p>Two ways to store a part, both insert-unless-present:
 * <ul>
 * <li><b>direct</b>: {@code COPY} straight into the call log. The primary key on
 * {@code dedup_key} makes the server refuse the whole part (SQLSTATE {@code 23505}) if any key is
 * already stored, is in the part twice, or is being stored by a concurrent transaction that
 * commits; nothing of the part stays (the transaction is rolled back) and the part is stored the
 * staged way instead. So a duplicate can never be stored: the unique index decides, not a guess
 * about the table's contents. Why: it spares the server a second pass over every row (the staging
 * table's heap and the {@code INSERT ... SELECT}), about a third of its work on a fresh import.
 * <li><b>staged</b> (as before): {@code COPY} into a session-local {@code TEMPORARY ... ON COMMIT
 * DELETE ROWS} table (created once per database session; pooled connections keep it; empty at the
 * start of every transaction, never shared between sessions), then {@code INSERT ... SELECT ... ON
 * CONFLICT (dedup_key) DO NOTHING}, which stores each new key once.
 * </ul>
 * A deadlock (SQLSTATE {@code 40P01}: two transactions storing the same keys in opposite order)
 * rolls the part back and stores it staged, up to three times.
 *
 * <p>This and {@link PgCallLogWriter#copyManager} are the only places that name PgJDBC types; they
 * are loaded only when the connection is PgJDBC's, so voip-cdr works without PgJDBC on the class
 * path. Not thread-safe: one per writing thread.
 */
final class PgCopyWriter {
    /** SQLSTATE unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE deadlock_detected. */
    static final String DEADLOCK = "40P01";
    private static final int ATTEMPTS = 3;

    private final String table;
    private final String stage;
    private final String columnList;
    private final PgCopyEncoder encoder = new PgCopyEncoder();
    private final Object[] row = CallLogRows.newRow();

    /** How the last {@link #write} stored its part. */
    enum Outcome {
        /** Straight into the call log: every entry was new. */
        DIRECT,
        /** Through the staging table, as asked. */
        STAGED,
        /** Tried directly, refused for a key already present, stored through the staging table. */
        FELL_BACK
    }

    private Outcome outcome;

    /**
     * A writer into {@code quotedTable} (already quoted), staging through a temporary table
     * named {@code stageName} (an identifier; unquoted).
     */
    PgCopyWriter(String quotedTable, String stageName) {
        this.table = quotedTable;
        this.stage = stageName;
        this.columnList = String.join(", ", CallLogRows.COLUMNS);
    }

    /** PgJDBC's COPY API of {@code c}, or {@code null} when {@code c} is not a PgJDBC connection. */
    static Object copyManager(Connection c) throws SQLException {
        if (!c.isWrapperFor(PGConnection.class)) {
            return null;
        }
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    /** How the last {@link #write} stored its part. */
    Outcome outcome() {
        return outcome;
    }

    /**
     * Stores the entries of {@code part} whose key is new and commits (auto-commit off; rolled
     * back on failure).
     *
     * @param copyManager what {@link #copyManager} returned for {@code c}
     * @param offset      index of {@code part}'s first entry in the whole batch (messages)
     * @param direct      whether to try the direct way first
     * @return how many entries were new
     */
    int write(Connection c, Object copyManager, List<CallLogEntry> part, int offset, boolean direct)
            throws SQLException {
        CopyManager copy = (CopyManager) copyManager;
        if (direct) {
            try {
                copy(copy, table, part, offset);
                c.commit();
                outcome = Outcome.DIRECT;
                return part.size();
            } catch (SQLException e) {
                c.rollback();
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !DEADLOCK.equals(e.getSQLState())) {
                    throw e;
                }
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " (LIKE " + table
                            + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
                }
                copy(copy, stage, part, offset);
                int stored;
                try (Statement s = c.createStatement()) {
                    stored = s.executeUpdate("INSERT INTO " + table + " (" + columnList + ") SELECT " + columnList
                            + " FROM " + stage + " ON CONFLICT (dedup_key) DO NOTHING");
                }
                c.commit();
                outcome = direct ? Outcome.FELL_BACK : Outcome.STAGED;
                return stored;
            } catch (SQLException e) {
                c.rollback();
                if (!DEADLOCK.equals(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw e;
                }
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** One binary {@code COPY} of {@code part} into {@code target}, streamed in 64 KiB pieces. */
    private void copy(CopyManager copy, String target, List<CallLogEntry> part, int offset) throws SQLException {
        CopyIn in = copy.copyIn("COPY " + target + " (" + columnList + ") FROM STDIN WITH (FORMAT binary)");
        PgCopyEncoder.Sink out = in::writeToCopy;
        try {
            encoder.reset();
            encoder.header();
            for (int i = 0; i < part.size(); i++) {
                CallLogRows.values(part.get(i), offset + i, row);
                PgCopyEncoder.check(row, offset + i);
                encoder.row(row);
                encoder.flushIfFull(out);
            }
            encoder.trailer();
            encoder.flush(out);
            in.endCopy();
        } catch (SQLException | RuntimeException e) {
            encoder.reset();
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
