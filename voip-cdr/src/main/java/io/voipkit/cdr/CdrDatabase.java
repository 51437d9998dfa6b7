package io.voipkit.cdr;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.voipkit.cdr.internal.JdbcCallNotes;
import io.voipkit.cdr.internal.JdbcCdrCursor;
import io.voipkit.cdr.internal.JdbcCheckpointStore;
import io.voipkit.cdr.internal.SqlDialect;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A PostgreSQL or MariaDB/MySQL database holding Asterisk CDR tables and/or the voipkit call log.
 * Either the host's own {@link DataSource} ({@link #of}) or a HikariCP pool voipkit creates and
 * closes ({@link #connect}). The dialect is recognised from the connection.
 *
 * <pre>{@code
 * try (CdrDatabase db = CdrDatabase.connect("jdbc:postgresql://pbx-db/asterisk", "cdr_reader", password)) {
 *     CdrSource lastWeek = db.asteriskCdrTable("cdr", Instant.parse("2026-11-17T00:00:00Z"),
 *             Instant.parse("2026-11-24T00:00:00Z"));
 *     importer.importFrom(lastWeek, ImportOptions.builder().zone(ZoneId.of("Europe/Berlin")).build());
 * }
 * }</pre>
 *
 * <p>Thread-safe. The password is handed to the pool and never logged or shown by {@code toString()}.
 */
public final class CdrDatabase implements AutoCloseable {
    private final String name;
    private final DataSource dataSource;
    private final HikariDataSource ownPool;

    private CdrDatabase(String name, DataSource dataSource, HikariDataSource ownPool) {
        this.name = name;
        this.dataSource = dataSource;
        this.ownPool = ownPool;
    }

    /**
     * The host's data source; {@link #close()} leaves it open.
     *
     * @param name a short name for checkpoints and reports, for example {@code pbx-db}
     */
    public static CdrDatabase of(String name, DataSource dataSource) {
        return new CdrDatabase(Checks.identifier(name, "name"), Checks.notNull(dataSource, "dataSource"), null);
    }

    /**
     * A pool of at most 4 connections to {@code jdbcUrl} ({@code jdbc:postgresql:...} or
     * {@code jdbc:mariadb:...}), closed by {@link #close()}. Connects lazily.
     */
    public static CdrDatabase connect(String jdbcUrl, String user, String password) {
        Checks.wireText(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:mariadb:")
                && !jdbcUrl.startsWith("jdbc:mysql:")) {
            throw new InvalidRequestException("jdbcUrl", "must be a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(Checks.wireText(user, "user"));
        config.setPassword(Checks.notNull(password, "password"));
        config.setMaximumPoolSize(4);
        // an import uses one or two connections; a pool kept full would open (and authenticate,
        // SCRAM's key stretching on both sides) connections that take CPU from the import itself
        config.setMinimumIdle(1);
        config.setPoolName("voipkit-cdr");
        config.setInitializationFailTimeout(-1);     // connect lazily: a database that is down fails the import, not the constructor
        String host = jdbcUrl.replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("[/?].*$", "");
        String name = host.replaceAll("[^A-Za-z0-9._-]", "-");
        HikariDataSource pool = new HikariDataSource(config);
        return new CdrDatabase(name.isEmpty() ? "db" : name.substring(0, Math.min(64, name.length())), pool, pool);
    }

    /** The data source (the pool when voipkit created it). */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * An Asterisk CDR table as a source: the rows whose start ({@code start}, or {@code calldate}
     * in the classic layout) is in {@code [from, to)}, streamed in start order. Timestamps without
     * a zone are read in {@link ImportOptions#zone()}. The checkpoint is the last start second
     * read, so a rerun over the same range reads only later rows (and those of that second again,
     * which the sink recognises as duplicates).
     *
     * @param table the table, {@code name} or {@code schema.name} (letters, digits, {@code _})
     */
    public CdrSource asteriskCdrTable(String table, Instant from, Instant to) {
        String t = SqlDialect.tableName(table, "table");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidRequestException("to", "must be after from " + from + ", was " + to);
        }
        String id = "asterisk-db:" + name + ":" + t;
        return new CdrSource(id, name + ":" + t, (checkpoint, o) ->
                new JdbcCdrCursor(dataSource, t, from, to, checkpoint, o.zone()));
    }

    /** The call log in table {@code voip_call_log}, created if missing. */
    public JdbcCallRecordSink callLog() {
        return callLog("voip_call_log");
    }

    /** The call log in {@code table}, created if missing. */
    public JdbcCallRecordSink callLog(String table) {
        return new JdbcCallRecordSink(dataSource, SqlDialect.tableName(table, "table"));
    }

    /** Notes on calls in table {@code voip_call_note}, created if missing; times from the system clock. */
    public CallNotes callNotes() {
        return callNotes("voip_call_note", Clock.systemUTC());
    }

    /** Notes on calls in {@code table}, created if missing, timed by {@code clock}. */
    public CallNotes callNotes(String table, Clock clock) {
        return new JdbcCallNotes(dataSource, SqlDialect.tableName(table, "table"), Checks.notNull(clock, "clock"));
    }

    /** Checkpoints kept in table {@code voip_cdr_checkpoint} of this database, created if missing. */
    public CheckpointStore checkpoints() {
        return checkpoints("voip_cdr_checkpoint");
    }

    /** Checkpoints kept in {@code table} of this database, created if missing. */
    public CheckpointStore checkpoints(String table) {
        return new JdbcCheckpointStore(dataSource, SqlDialect.tableName(table, "table"));
    }

    /** Closes the pool voipkit created; a data source given to {@link #of} stays open. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    @Override
    public String toString() {
        return "CdrDatabase[" + name + "]";
    }
}
