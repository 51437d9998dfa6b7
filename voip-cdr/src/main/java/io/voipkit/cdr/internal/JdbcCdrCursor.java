package io.voipkit.cdr.internal;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Streams an Asterisk CDR table for a date range. Both layouts are read, recognised by their
 * columns: {@code start}/{@code answer}/{@code end} (what {@code cdr_pgsql} and
 * {@code cdr_adaptive_odbc} write when the table has those columns) or the classic
 * {@code calldate} (the start; answer and end are derived from billsec and duration). Optional
 * columns ({@code uniqueid}, {@code linkedid}, {@code sequence}, {@code peeraccount},
 * {@code userfield}) are used when present.
 *
 * <p>Rows come ordered by start time, a fetch size makes the driver stream them (PostgreSQL needs
 * a transaction for that, so auto-commit is turned off on this read-only connection), and the
 * checkpoint is {@code db1:<epoch second>} of the last start read; a resumed run starts at that
 * second (inclusive: rows of that second are read again and are duplicates for the sink).
 */
public final class JdbcCdrCursor implements RecordCursor {
    private static final List<String> TEXT = List.of("accountcode", "src", "dst", "dcontext", "clid", "channel",
            "dstchannel", "lastapp", "lastdata", "disposition", "amaflags", "uniqueid", "userfield", "linkedid",
            "peeraccount", "sequence");

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final ZoneId zone;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Boolean> withZone = new HashMap<>();
    private final String timeColumn;
    private long row;
    private CallRecord record;
    private String reason;
    private int column;
    private Instant lastStart;
    private Instant markedStart;

    /**
     * Opens the query.
     *
     * @param checkpoint where the last run stopped, or {@code null}
     */
    public JdbcCdrCursor(DataSource dataSource, String table, Instant from, Instant to, String checkpoint,
                         ZoneId zone) throws SQLException {
        this.zone = zone.normalized();
        Instant lower = from;
        Instant resume = parse(checkpoint);
        if (resume != null && resume.isAfter(lower)) {
            lower = resume;
        }
        this.lastStart = resume;
        Connection c = dataSource.getConnection();
        PreparedStatement ps = null;
        try {
            SqlDialect dialect = SqlDialect.of(c);
            String quoted = dialect.quote(table);
            List<String> present = new ArrayList<>();
            try (Statement probe = c.createStatement();
                 ResultSet empty = probe.executeQuery("SELECT * FROM " + quoted + " WHERE 1 = 0")) {
                ResultSetMetaData md = empty.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    present.add(name);
                    String type = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
                    withZone.put(name, md.getColumnType(i) == java.sql.Types.TIMESTAMP_WITH_TIMEZONE
                            || type.equals("timestamptz") || type.contains("with time zone"));
                }
            }
            timeColumn = present.contains("start") ? "start" : present.contains("calldate") ? "calldate" : null;
            if (timeColumn == null || !present.contains("duration") || !present.contains("billsec")) {
                throw new SQLException("table " + table + " is not an Asterisk CDR table: it needs start or calldate, "
                        + "duration and billsec; it has " + present);
            }
            List<String> select = new ArrayList<>();
            for (String name : present) {
                if (TEXT.contains(name) || name.equals("start") || name.equals("answer") || name.equals("end")
                        || name.equals("calldate") || name.equals("duration") || name.equals("billsec")) {
                    select.add(name);
                    index.put(name, select.size());
                }
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < select.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(dialect.quote(select.get(i)));
            }
            String t = dialect.quote(timeColumn);
            sql.append(" FROM ").append(quoted).append(" WHERE ").append(t).append(" >= ? AND ").append(t)
                    .append(" < ? ORDER BY ").append(t);
            if (dialect == SqlDialect.POSTGRESQL) {
                c.setAutoCommit(false);        // without a transaction the PostgreSQL driver ignores the fetch size
            }
            c.setReadOnly(true);
            ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(dialect.streamingFetchSize());
            bind(ps, 1, lower, withZone.get(timeColumn));
            bind(ps, 2, to, withZone.get(timeColumn));
            this.rows = ps.executeQuery();
        } catch (SQLException | RuntimeException e) {
            if (ps != null) {
                ps.close();
            }
            c.close();
            throw e;
        }
        this.connection = c;
        this.statement = ps;
    }

    private void bind(PreparedStatement ps, int i, Instant at, boolean zoned) throws SQLException {
        if (zoned) {
            ps.setObject(i, at.atOffset(ZoneOffset.UTC));
        } else {
            ps.setObject(i, LocalDateTime.ofInstant(at, zone));
        }
    }

    private static Instant parse(String checkpoint) {
        if (checkpoint == null || !checkpoint.startsWith("db1:")) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(checkpoint.substring(4)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean next() throws SQLException {
        if (!rows.next()) {
            return false;
        }
        row++;
        try {
            record = map();
            reason = null;
            column = 0;
            lastStart = record.start();
            String nul = CallLogRows.nulField(record);
            if (nul != null) {
                // MariaDB can hold it, PostgreSQL and the call log cannot: a reject, not a failed batch
                record = null;
                reason = nul + " holds a NUL character (U+0000)";
                column = index.getOrDefault(nul, 0);
            }
        } catch (RowRejected e) {
            record = null;
            reason = e.getMessage();
            column = e.column();
        }
        return true;
    }

    private CallRecord map() throws RowRejected, SQLException {
        Instant start = time(timeColumn, true);
        long duration = seconds("duration");
        long billsec = seconds("billsec");
        if (billsec > duration) {
            throw new RowRejected(index.get("billsec"), "billsec " + billsec + " exceeds duration " + duration);
        }
        CallDisposition disposition = CallDisposition.parse(text("disposition"));
        Instant end;
        Instant answer;
        if (index.containsKey("end")) {
            end = time("end", true);
            answer = index.containsKey("answer") ? time("answer", false) : null;
            if (answer != null && answer.getEpochSecond() <= 0) {
                answer = null;             // some writers store "not answered" as the epoch
            }
        } else {
            end = start.plusSeconds(duration);
            answer = billsec > 0 || disposition == CallDisposition.ANSWERED ? end.minusSeconds(billsec) : null;
        }
        if (end.isBefore(start)) {
            throw new RowRejected(index.get("end"), "end " + end + " is before start " + start);
        }
        if (answer != null && (answer.isBefore(start) || answer.isAfter(end))) {
            throw new RowRejected(index.getOrDefault("answer", 0), "answer " + answer + " is not between start "
                    + start + " and end " + end);
        }
        String uniqueId = text("uniqueid");
        if (uniqueId == null || uniqueId.isBlank()) {
            uniqueId = "db-" + Hashing.hex(Hashing.hash(0xdb, start.toString(), text("channel"), text("dstchannel"),
                    text("lastapp"), text("lastdata"), Long.toString(duration), text("src"), text("dst")));
        }
        try {
            CallRecord.Builder b = CallRecord.builder()
                    .uniqueId(uniqueId.strip()).linkedId(text("linkedid")).accountCode(text("accountcode"))
                    .source(text("src")).destination(text("dst")).destinationContext(text("dcontext"))
                    .callerId(text("clid")).channel(text("channel")).destinationChannel(text("dstchannel"))
                    .lastApplication(text("lastapp")).lastData(text("lastdata"))
                    .start(start).answer(answer).end(end)
                    .duration(Duration.ofSeconds(duration)).billableSeconds(Duration.ofSeconds(billsec))
                    .disposition(disposition).amaFlags(text("amaflags")).userField(text("userfield"));
            for (String extra : List.of("sequence", "peeraccount")) {
                String v = text(extra);
                if (v != null && !v.isBlank()) {
                    b.extra(extra, v);
                }
            }
            return b.build();
        } catch (InvalidRequestException e) {
            throw new RowRejected(0, e.getMessage());
        }
    }

    private String text(String name) throws SQLException {
        Integer i = index.get(name);
        return i == null ? null : rows.getString(i);
    }

    private long seconds(String name) throws SQLException, RowRejected {
        int i = index.get(name);
        long v = rows.getLong(i);
        if (rows.wasNull()) {
            throw new RowRejected(i, name + " is required, was NULL");
        }
        if (v < 0) {
            throw new RowRejected(i, name + " must not be negative, was " + v);
        }
        return v;
    }

    private Instant time(String name, boolean required) throws SQLException, RowRejected {
        int i = index.get(name);
        Instant v;
        try {
            if (withZone.get(name)) {
                OffsetDateTime t = rows.getObject(i, OffsetDateTime.class);
                v = t == null ? null : t.toInstant();
            } else {
                LocalDateTime t = rows.getObject(i, LocalDateTime.class);
                v = t == null ? null : t.atZone(zone).toInstant();
            }
        } catch (SQLException e) {
            String raw = rows.getString(i);
            if (raw != null && raw.startsWith("0000-00-00")) {
                v = null;                  // MySQL's zero date: "no value"
            } else {
                throw new RowRejected(i, name + " is not a valid timestamp: " + raw);
            }
        }
        if (v == null && required) {
            throw new RowRejected(i, name + " is required, was NULL");
        }
        return v;
    }

    @Override
    public CallRecord record() {
        return record;
    }

    @Override
    public long line() {
        return row;
    }

    @Override
    public int column() {
        return column;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public String position() {
        return lastStart == null ? "" : "db1:" + lastStart.getEpochSecond();
    }

    @Override
    public void markPosition() {
        markedStart = lastStart;
    }

    @Override
    public String markedPosition() {
        return markedStart == null ? "" : "db1:" + markedStart.getEpochSecond();
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public long totalBytes() {
        return -1;
    }

    @Override
    public long pendingBytes() {
        return 0;
    }

    @Override
    public void close() throws SQLException {
        try (connection; statement; rows) {
            if (!connection.getAutoCommit()) {
                connection.rollback();     // read-only: nothing to keep, and the pool gets a clean connection
            }
        }
    }
}
