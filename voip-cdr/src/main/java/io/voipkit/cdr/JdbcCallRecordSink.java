package io.voipkit.cdr;

import io.voipkit.cdr.internal.CallLogRows;
import io.voipkit.cdr.internal.Hashing;
import io.voipkit.cdr.internal.PgCallLogWriter;
import io.voipkit.cdr.internal.SqlDialect;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The call log in a PostgreSQL or MariaDB table ({@code voip_call_log} by default), created on
 * first use. Get one from {@link CdrDatabase#callLog()}.
 *
 * <p>Each {@link #write} stores the entries whose key is not present yet, so writing the same
 * entries twice, from two importers at once, or after a crash stores each once. On PostgreSQL
 * through PgJDBC the batch goes with binary {@code COPY}, straight into the table while every key
 * is new (the primary key refuses a part holding a known key, which is then stored through a
 * temporary staging table of the session and {@code INSERT ... SELECT ... ON CONFLICT DO
 * NOTHING}); a batch of 4,000 entries or more is cut into parts written on the calling thread's
 * connection and, when the pool has one to give, a second connection (two server processes).
 * Each part is its own transaction: a write that fails may have stored some parts, which a
 * repeated write (the importer's next run, from its checkpoint before the batch) counts as
 * duplicates. On MariaDB, and on PostgreSQL without PgJDBC, a write is one transaction of
 * multi-row {@code INSERT}s of 500 rows ({@code ON CONFLICT DO NOTHING} / {@code INSERT IGNORE}).
 * MariaDB's {@code LOAD DATA LOCAL INFILE} is not used: it needs {@code allowLocalInfile} on the
 * application's connections, which also lets a rogue server read the client's files. A text
 * holding NUL (U+0000) is refused with an {@link InvalidRequestException} before anything is
 * written: PostgreSQL cannot store it, and the importer rejects such rows earlier; so is, on
 * PostgreSQL, a time outside its {@code timestamp} range.
 * Times are stored in UTC ({@code timestamp(3)} / {@code datetime(3)}); texts longer than their
 * column are shortened rather than failing the batch.
 *
 * <p>Columns: {@code dedup_key} (primary key; on PostgreSQL collated {@code "C"}, byte order, in
 * tables created since 2026-11-26), {@code source}, {@code unique_id}, {@code linked_id},
 * {@code direction}, {@code caller}, {@code called}, {@code operator}, {@code call_start}
 * (indexed), {@code answered_at}, {@code call_end}, {@code duration_s}, {@code billable_s},
 * {@code disposition}, {@code recording}, {@code contact_id}, {@code account_code},
 * {@code context}, {@code caller_id}, {@code channel}, {@code dst_channel}, {@code last_app},
 * {@code last_data}, {@code user_field}. Thread-safe.
 */
public final class JdbcCallRecordSink implements CallRecordSink, CallLogStatistics {
    private static final int ROWS_PER_STATEMENT = 500;
    /** Whether PgJDBC is on the class path; without it no PgJDBC type may be touched. */
    private static final boolean PGJDBC = present("org.postgresql.PGConnection");

    private final DataSource dataSource;
    private final String table;
    private final String stage;
    private volatile SqlDialect dialect;
    private volatile PgCallLogWriter pgWriter;

    JdbcCallRecordSink(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
        // one staging table per call-log table and session; a hash keeps the name short and valid
        this.stage = "voip_stage_" + Hashing.hex(Hashing.hash(0x57, table));
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, JdbcCallRecordSink.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    /**
     * Creates the table and its index if they do not exist; called by the first {@link #write},
     * callable earlier to fail fast on a missing permission.
     *
     * @throws CdrImportException if the database refuses
     */
    public void migrate() {
        try (Connection c = dataSource.getConnection()) {
            migrate(c);
        } catch (SQLException e) {
            throw new CdrImportException("cannot create the call log table " + table + ": " + e.getMessage(), e);
        }
    }

    private SqlDialect migrate(Connection c) throws SQLException {
        SqlDialect d = dialect;
        if (d != null) {
            return d;
        }
        d = SqlDialect.of(c);
        boolean pg = d == SqlDialect.POSTGRESQL;
        String ts = pg ? "timestamp(3)" : "datetime(3)";
        String t = d.quote(table);
        // the key is an opaque identifier: byte order is all the unique index needs, and on
        // PostgreSQL a locale collation (even C.UTF-8) makes every index comparison a strcoll
        // call; "C" made a 1M-row COPY a fifth faster (voip-cdr README)
        String ddl = "CREATE TABLE IF NOT EXISTS " + t + " ("
                + "dedup_key varchar(255) " + (pg ? "COLLATE \"C\" " : "") + "NOT NULL PRIMARY KEY, source varchar(1024) NOT NULL, "
                + "unique_id varchar(255) NOT NULL, linked_id varchar(255), direction varchar(8) NOT NULL, "
                + "caller varchar(255), called varchar(255), operator varchar(255), "
                + "call_start " + ts + " NOT NULL, answered_at " + ts + ", call_end " + ts + " NOT NULL, "
                + "duration_s bigint NOT NULL, billable_s bigint NOT NULL, disposition varchar(16) NOT NULL, "
                + "recording varchar(1024), contact_id varchar(255), account_code varchar(255), context varchar(255), "
                + "caller_id varchar(255), channel varchar(255), dst_channel varchar(255), last_app varchar(255), "
                + "last_data varchar(1024), user_field varchar(1024))"
                + (pg ? "" : " DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
        String index = "CREATE INDEX IF NOT EXISTS " + d.quote(table.replace('.', '_') + "_start") + " ON " + t
                + " (call_start)";
        boolean auto = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
            s.execute(index);
            if (!auto) {
                c.commit();
            }
        }
        dialect = d;
        return d;
    }

    @Override
    public int write(List<CallLogEntry> entries) {
        Checks.notNull(entries, "entries");
        if (entries.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < entries.size(); i++) {
            Checks.notNull(entries.get(i), "entries[" + i + "]");
        }
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            int stored = 0;
            try {
                PgCallLogWriter pg = d == SqlDialect.POSTGRESQL && PGJDBC ? pgWriter(d) : null;
                if (pg != null && pg.usable(c)) {
                    stored = pg.write(c, entries);     // commits its parts itself
                } else {
                    stored = insert(c, d, entries);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);                 // hand a pooled connection back as it came
            }
            return stored;
        } catch (InvalidRequestException e) {
            throw e;
        } catch (SQLException e) {
            throw new CdrImportException("cannot write " + entries.size() + " records to " + table + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the write path is {@code COPY} (PostgreSQL through PgJDBC) rather than multi-row {@code INSERT}s. */
    boolean usesCopy() {
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            return d == SqlDialect.POSTGRESQL && PGJDBC && pgWriter(d).usable(c);
        } catch (SQLException e) {
            throw new CdrImportException("cannot reach the database of " + table + ": " + e.getMessage(), e);
        }
    }

    /** The PostgreSQL writer, made on first use (only then are its classes, and PgJDBC's, loaded). */
    private PgCallLogWriter pgWriter(SqlDialect d) {
        PgCallLogWriter w = pgWriter;
        if (w == null) {
            synchronized (this) {
                w = pgWriter;
                if (w == null) {
                    w = new PgCallLogWriter(dataSource, d.quote(table), stage);
                    pgWriter = w;
                }
            }
        }
        return w;
    }

    private int insert(Connection c, SqlDialect d, List<CallLogEntry> entries) throws SQLException {
        int stored = 0;
        Object[] row = CallLogRows.newRow();
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            List<CallLogEntry> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement ps = c.prepareStatement(insert(d, chunk.size()))) {
                int p = 1;
                for (int i = 0; i < chunk.size(); i++) {
                    CallLogRows.values(chunk.get(i), from + i, row);
                    for (Object v : row) {
                        if (v instanceof Instant t) {
                            ps.setObject(p++, CallLogRows.utc(t));
                        } else if (v instanceof Long n) {
                            ps.setLong(p++, n);
                        } else if (v == null && isTime(p, row.length)) {
                            ps.setNull(p++, Types.TIMESTAMP);
                        } else {
                            ps.setString(p++, (String) v);
                        }
                    }
                }
                stored += ps.executeUpdate();
            }
        }
        return stored;
    }

    /** Whether bind position {@code p} (1-based, rows of {@code width}) is a timestamp column. */
    private static boolean isTime(int p, int width) {
        int column = (p - 1) % width;
        return column == 8 || column == 9 || column == 10;
    }

    private String insert(SqlDialect d, int rows) {
        StringBuilder sql = new StringBuilder(d == SqlDialect.POSTGRESQL ? "INSERT INTO " : "INSERT IGNORE INTO ");
        sql.append(d.quote(table)).append(" (").append(String.join(", ", CallLogRows.COLUMNS)).append(") VALUES ");
        String row = "(" + "?, ".repeat(CallLogRows.COLUMNS.length - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        if (d == SqlDialect.POSTGRESQL) {
            sql.append(" ON CONFLICT (dedup_key) DO NOTHING");
        }
        return sql.toString();
    }

    private static int time(PreparedStatement ps, int p, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(p, Types.TIMESTAMP);
        } else {
            ps.setObject(p, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        }
        return p + 1;
    }

    /**
     * Computed in SQL (sums and counts per group; the divisions in Java, so the figures equal the
     * in-memory ones to the millisecond).
     */
    @Override
    public List<CallStatistics> statistics(StatisticsQuery query) {
        Checks.notNull(query, "query");
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            String group = switch (query.grouping()) {
                case NONE -> "NULL";
                case OPERATOR -> "operator";
                case CONTEXT -> "context";
            };
            String answered = "(answered_at IS NOT NULL OR disposition = 'ANSWERED')";
            String sql = "SELECT " + group + " AS grp, COUNT(*), "
                    + "SUM(CASE WHEN " + answered + " THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN " + answered + " THEN duration_s - billable_s ELSE 0 END), "
                    + "SUM(CASE WHEN " + answered + " THEN billable_s ELSE 0 END), "
                    + "SUM(CASE WHEN " + answered + " AND duration_s - billable_s <= ? THEN 1 ELSE 0 END) "
                    + "FROM " + d.quote(table) + " WHERE call_start >= ? AND call_start < ?"
                    + (query.grouping() == StatisticsQuery.Grouping.NONE ? "" : " GROUP BY " + group);
            List<CallStatistics> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, query.serviceLevel().toSeconds());
                time(ps, 2, query.from());
                time(ps, 3, query.to());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(2) == 0) {
                            continue;                  // no GROUP BY: an empty period still gives one row
                        }
                        out.add(CallStatistics.of(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6)));
                    }
                }
            }
            out.sort(Comparator.comparing(CallStatistics::group, Comparator.nullsFirst(Comparator.naturalOrder())));
            return List.copyOf(out);
        } catch (SQLException e) {
            throw new CdrImportException("cannot compute statistics on " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<MissedCall> missedCalls(StatisticsQuery query, int limit) {
        Checks.notNull(query, "query");
        Checks.nonNegative(limit, "limit");
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            // byte order for the key, as Java's String order for ASCII keys
            String keyOrder = d == SqlDialect.POSTGRESQL ? "dedup_key COLLATE \"C\"" : "dedup_key";
            String sql = "SELECT dedup_key, call_start, caller, called, operator, contact_id FROM " + d.quote(table)
                    + " WHERE call_start >= ? AND call_start < ? AND answered_at IS NULL AND disposition <> 'ANSWERED'"
                    + " ORDER BY call_start, " + keyOrder + " LIMIT ?";
            List<MissedCall> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                time(ps, 1, query.from());
                time(ps, 2, query.to());
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MissedCall(rs.getString(1), rs.getObject(2, LocalDateTime.class)
                                .toInstant(ZoneOffset.UTC), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6)));
                    }
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw new CdrImportException("cannot list missed calls in " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcCallRecordSink[" + table + "]";
    }
}
