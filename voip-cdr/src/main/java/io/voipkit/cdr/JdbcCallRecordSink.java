package io.voipkit.cdr;

import io.voipkit.cdr.internal.SqlDialect;
import io.voipkit.core.CallRecord;
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
 * <p>Each {@link #write} is one transaction of multi-row {@code INSERT}s that skip keys already
 * present ({@code ON CONFLICT DO NOTHING} on PostgreSQL, {@code INSERT IGNORE} on MariaDB), so
 * writing the same entries twice, from two importers at once, or after a crash stores each once.
 * Times are stored in UTC ({@code timestamp(3)} / {@code datetime(3)}); texts longer than their
 * column are shortened rather than failing the batch.
 *
 * <p>Columns: {@code dedup_key} (primary key), {@code source}, {@code unique_id}, {@code linked_id},
 * {@code direction}, {@code caller}, {@code called}, {@code operator}, {@code call_start}
 * (indexed), {@code answered_at}, {@code call_end}, {@code duration_s}, {@code billable_s},
 * {@code disposition}, {@code recording}, {@code contact_id}, {@code account_code},
 * {@code context}, {@code caller_id}, {@code channel}, {@code dst_channel}, {@code last_app},
 * {@code last_data}, {@code user_field}. Thread-safe.
 */
public final class JdbcCallRecordSink implements CallRecordSink, CallLogStatistics {
    private static final int ROWS_PER_STATEMENT = 500;
    private static final String[] COLUMNS = {"dedup_key", "source", "unique_id", "linked_id", "direction", "caller",
        "called", "operator", "call_start", "answered_at", "call_end", "duration_s", "billable_s", "disposition",
        "recording", "contact_id", "account_code", "context", "caller_id", "channel", "dst_channel", "last_app",
        "last_data", "user_field"};

    private final DataSource dataSource;
    private final String table;
    private volatile SqlDialect dialect;

    JdbcCallRecordSink(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
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
        String ddl = "CREATE TABLE IF NOT EXISTS " + t + " ("
                + "dedup_key varchar(255) NOT NULL PRIMARY KEY, source varchar(1024) NOT NULL, "
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
        try (Connection c = dataSource.getConnection()) {
            SqlDialect d = migrate(c);
            c.setAutoCommit(false);
            int stored = 0;
            try {
                for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
                    List<CallLogEntry> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
                    try (PreparedStatement ps = c.prepareStatement(insert(d, chunk.size()))) {
                        int p = 1;
                        for (CallLogEntry e : chunk) {
                            p = bind(ps, p, e);
                        }
                        stored += ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return stored;
        } catch (SQLException e) {
            throw new CdrImportException("cannot write " + entries.size() + " records to " + table + ": "
                    + e.getMessage(), e);
        }
    }

    private String insert(SqlDialect d, int rows) {
        StringBuilder sql = new StringBuilder(d == SqlDialect.POSTGRESQL ? "INSERT INTO " : "INSERT IGNORE INTO ");
        sql.append(d.quote(table)).append(" (").append(String.join(", ", COLUMNS)).append(") VALUES ");
        String row = "(" + "?, ".repeat(COLUMNS.length - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        if (d == SqlDialect.POSTGRESQL) {
            sql.append(" ON CONFLICT (dedup_key) DO NOTHING");
        }
        return sql.toString();
    }

    private static int bind(PreparedStatement ps, int p, CallLogEntry e) throws SQLException {
        CallRecord r = e.record();
        ps.setString(p++, cut(e.key(), 255));
        ps.setString(p++, cut(e.source(), 1024));
        ps.setString(p++, cut(r.uniqueId(), 255));
        ps.setString(p++, cut(r.linkedId(), 255));
        ps.setString(p++, e.direction().name());
        ps.setString(p++, cut(e.caller(), 255));
        ps.setString(p++, cut(e.called(), 255));
        ps.setString(p++, cut(e.operator(), 255));
        p = time(ps, p, r.start());
        p = time(ps, p, r.answer());
        p = time(ps, p, r.end());
        ps.setLong(p++, r.duration().toSeconds());
        ps.setLong(p++, r.billableSeconds().toSeconds());
        ps.setString(p++, r.disposition().name());
        ps.setString(p++, cut(e.recording(), 1024));
        ps.setString(p++, cut(e.contactId(), 255));
        ps.setString(p++, cut(r.accountCode(), 255));
        ps.setString(p++, cut(r.destinationContext(), 255));
        ps.setString(p++, cut(r.callerId(), 255));
        ps.setString(p++, cut(r.channel(), 255));
        ps.setString(p++, cut(r.destinationChannel(), 255));
        ps.setString(p++, cut(r.lastApplication(), 255));
        ps.setString(p++, cut(r.lastData(), 1024));
        ps.setString(p++, cut(r.userField(), 1024));
        return p;
    }

    private static int time(PreparedStatement ps, int p, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(p, Types.TIMESTAMP);
        } else {
            ps.setObject(p, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        }
        return p + 1;
    }

    /** Shortens to {@code max} characters without splitting a surrogate pair. */
    private static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
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
