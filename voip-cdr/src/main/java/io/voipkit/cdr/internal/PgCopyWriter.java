package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallLogEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes a batch of call-log entries to PostgreSQL with {@code COPY}: into a session-local
 * staging table, then {@code INSERT ... SELECT ... ON CONFLICT (dedup_key) DO NOTHING} into the
 * call log, in the caller's transaction. Why: a multi-row {@code INSERT} with 24 bound parameters
 * per row spends most of its time binding and parsing; {@code COPY} streams rows as text, and the
 * final {@code INSERT ... SELECT} keeps the insert-unless-present rule (the same entries written
 * twice, or by two importers at once, are stored once).
 *
 * <p>The staging table is a {@code TEMPORARY} table created once per database session (pooled
 * connections keep it) with {@code ON COMMIT DELETE ROWS}, so it is empty at the start of every
 * transaction and never shared between sessions. Values are sent in CSV format: every text
 * quoted (quotes doubled; commas, tabs, backslashes and line breaks are literal inside quotes),
 * SQL {@code NULL} as an unquoted empty value. NUL characters never get here
 * ({@link CallLogRows#values} rejects them).
 *
 * <p>This is the only class that names PgJDBC types; it is loaded only when the connection is
 * PgJDBC's (see {@link #copyManager}), so voip-cdr works without PgJDBC on the class path.
 */
public final class PgCopyWriter {
    private static final int CHUNK = 64 * 1024;

    private final String table;
    private final String stage;
    private final String columnList;
    private byte[] buf = new byte[CHUNK + 16 * 1024];
    private int len;

    /**
     * A writer into {@code quotedTable} (already quoted), staging through a temporary table
     * named after {@code stageName} (an identifier; unquoted).
     */
    public PgCopyWriter(String quotedTable, String stageName) {
        this.table = quotedTable;
        this.stage = stageName;
        this.columnList = String.join(", ", CallLogRows.COLUMNS);
    }

    /** PgJDBC's COPY API of {@code c}, or {@code null} when {@code c} is not a PgJDBC connection. */
    public static Object copyManager(Connection c) throws SQLException {
        if (!c.isWrapperFor(PGConnection.class)) {
            return null;
        }
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    /**
     * Copies {@code entries} and inserts those whose key is new, in {@code c}'s current
     * transaction (auto-commit off; the caller commits or rolls back).
     *
     * @param copyManager what {@link #copyManager} returned for {@code c}
     * @return how many entries were new
     */
    public int write(Connection c, Object copyManager, List<CallLogEntry> entries) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage + " (LIKE " + table
                    + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        }
        CopyIn in = ((CopyManager) copyManager).copyIn("COPY " + stage + " (" + columnList
                + ") FROM STDIN WITH (FORMAT csv)");
        try {
            Object[] row = CallLogRows.newRow();
            for (int i = 0; i < entries.size(); i++) {
                CallLogRows.values(entries.get(i), i, row);
                appendRow(row);
                if (len >= CHUNK) {
                    in.writeToCopy(buf, 0, len);
                    len = 0;
                }
            }
            if (len > 0) {
                in.writeToCopy(buf, 0, len);
                len = 0;
            }
            in.endCopy();
        } catch (SQLException | RuntimeException e) {
            len = 0;
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw e;
        }
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("INSERT INTO " + table + " (" + columnList + ") SELECT " + columnList + " FROM "
                    + stage + " ON CONFLICT (dedup_key) DO NOTHING");
        }
    }

    private void appendRow(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            Object v = row[i];
            if (v == null) {
                continue;                              // unquoted empty: NULL in CSV format
            }
            if (v instanceof String s) {
                text(s);
            } else if (v instanceof Instant t) {
                timestamp(t);
            } else {
                number((Long) v);
            }
        }
        put((byte) '\n');
    }

    /** A quoted CSV value, UTF-8, quotes doubled. */
    private void text(String s) {
        ensure(s.length() * 3 + 2 * s.length() + 2);   // worst case: every char 3 bytes, or every char a quote
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                if (ch == '"') {
                    b[p++] = '"';
                }
                b[p++] = (byte) ch;
            } else if (ch < 0x800) {
                b[p++] = (byte) (0xc0 | (ch >> 6));
                b[p++] = (byte) (0x80 | (ch & 0x3f));
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                b[p++] = (byte) (0xf0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(ch)) {
                b[p++] = '?';                           // a lone surrogate is no text: as String.getBytes does
            } else {
                b[p++] = (byte) (0xe0 | (ch >> 12));
                b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (ch & 0x3f));
            }
        }
        b[p++] = '"';
        len = p;
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC, as the {@code timestamp(3)} column reads it (it rounds to ms). */
    private void timestamp(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        ensure(32);
        int year = d.getYear();
        if (year < 1000 || year > 9999) {
            ascii(d.toString().replace('T', ' '));     // rare: let PostgreSQL read ISO text
            return;
        }
        digits(year, 4);
        put((byte) '-');
        digits(d.getMonthValue(), 2);
        put((byte) '-');
        digits(d.getDayOfMonth(), 2);
        put((byte) ' ');
        digits(d.getHour(), 2);
        put((byte) ':');
        digits(d.getMinute(), 2);
        put((byte) ':');
        digits(d.getSecond(), 2);
        if (t.getNano() != 0) {
            put((byte) '.');
            digits(t.getNano() / 1000, 6);
        }
    }

    private void number(long v) {
        ascii(Long.toString(v));
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void digits(int v, int count) {
        for (int i = len + count - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += count;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
