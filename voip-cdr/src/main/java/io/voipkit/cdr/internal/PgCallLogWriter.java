package io.voipkit.cdr.internal;

import io.voipkit.cdr.CallLogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The PostgreSQL write path of {@code JdbcCallRecordSink}: a batch is checked whole, cut into
 * parts, and the parts are stored with binary {@code COPY} by {@link PgCopyWriter} on the calling
 * thread's connection and, when the pool gives one, on a second connection from a helper thread.
 *
 * <p><b>Why two connections.</b> Nearly all the time of an import into PostgreSQL is the
 * server's: reading the rows, the heap insert, two index inserts and their WAL, in one backend
 * process that uses one CPU. A second connection is a second backend on another CPU; the parts are
 * independent (each its own transaction, insert-unless-present by the primary key), so the batch
 * is stored in about half the time when the server has a CPU to spare.
 *
 * <p><b>What a failure leaves.</b> Each part is committed on its own, so a batch that fails (the
 * database goes away mid-batch) may have some parts stored; the write throws, the importer's
 * checkpoint stays before the batch, and the next run writes it again, the stored parts counting
 * as duplicates. Nothing is stored twice and nothing is lost. Everything that can be known before
 * writing (NUL characters, times PostgreSQL cannot hold) is checked for the whole batch first, so
 * such a batch is refused before any part of it is stored.
 *
 * <p><b>The pool.</b> The helper asks the {@link DataSource} for its connection and only then
 * takes parts; the calling thread never waits for the pool, it takes whatever parts are left. With
 * a pool of one connection (or a busy pool) every part is written on the caller's connection, as a
 * single-connection writer would. The helper is one daemon thread per sink that ends after 30
 * seconds without work.
 *
 * <p><b>Direct or staged.</b> A part is first tried {@link PgCopyWriter.Outcome#DIRECT direct}
 * (straight into the call log; the unique index refuses it whole if any key is present) as long as
 * the parts before it were all new; after a part that held a duplicate the next parts go through
 * the staging table until one of them is all new again. A re-run over imported data thus costs one
 * refused part, and a fresh import never pays for the staging table.
 *
 * <p>Thread-safe: concurrent writes share the helper (one of them gets it).
 */
public final class PgCallLogWriter {
    /**
     * Connections one batch is written on: two backends, two CPUs of the server. The system
     * property {@code voipkit.cdr.pg.connections} ({@code 1} or {@code 2}, read when a sink first
     * writes) sets it for measurements (see voip-benchmarks' {@code CdrPostgresImportBenchmark});
     * it is no supported setting.
     */
    static final int CONNECTIONS = 2;
    /** Parts per connection: so the connection that started later still gets a fair share. */
    private static final int PARTS_PER_CONNECTION = 2;
    /** The smallest part worth a transaction of its own (a commit and a {@code COPY} start each). */
    static final int MIN_PART = 2_000;

    private final DataSource dataSource;
    private final String table;
    private final String stage;
    private final ThreadPoolExecutor helper;
    private final int connections;
    /** Whether the next part is tried directly (the last part held no duplicate). */
    private volatile boolean direct = true;
    /** Whether the table has the column types {@link PgCopyEncoder} writes; checked once. */
    private volatile Boolean binaryLayout;

    /**
     * A writer into {@code quotedTable} of {@code dataSource}, staging through a temporary table
     * named {@code stageName} (an unquoted identifier) when needed.
     */
    public PgCallLogWriter(DataSource dataSource, String quotedTable, String stageName) {
        this.dataSource = dataSource;
        this.table = quotedTable;
        this.stage = stageName;
        this.connections = Integer.getInteger("voipkit.cdr.pg.connections", CONNECTIONS) <= 1 ? 1 : CONNECTIONS;
        this.helper = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "voipkit-cdr-copy " + quotedTable);
            t.setDaemon(true);                        // never keeps an application from exiting
            return t;
        });
        helper.allowCoreThreadTimeOut(true);
    }

    /**
     * Whether batches for {@code c}'s database can go this way: {@code c} is a PgJDBC connection
     * and the table has the column types and the unique key of the call log as
     * {@code JdbcCallRecordSink} creates it (a table altered by hand is written with plain
     * {@code INSERT}s instead, which convert types, and need the unique key too).
     */
    public boolean usable(Connection c) throws SQLException {
        if (PgCopyWriter.copyManager(c) == null) {
            return false;
        }
        Boolean b = binaryLayout;
        if (b == null) {
            b = hasBinaryLayout(c);
            binaryLayout = b;
        }
        return b;
    }

    private boolean hasBinaryLayout(Connection c) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, atttypid::int FROM pg_attribute "
                + "WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        // the direct way relies on the unique index to refuse a stored key: without one (a table
        // made by hand) it would store duplicates, so such a table goes the INSERT way, which fails
        boolean uniqueKey;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_index i JOIN pg_attribute a "
                + "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = ?::regclass "
                + "AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1 AND i.indpred IS NULL "
                + "AND a.attname = 'dedup_key'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                uniqueKey = rs.next();
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        if (!uniqueKey) {
            return false;
        }
        for (int i = 0; i < CallLogRows.COLUMNS.length; i++) {
            Integer oid = types.get(CallLogRows.COLUMNS[i]);
            boolean ok = oid != null && switch (PgCopyEncoder.COLUMN_TYPES[i]) {
                case PgCopyEncoder.TEXT -> oid == 1043 || oid == 25;          // varchar, text
                case PgCopyEncoder.TIMESTAMP -> oid == 1114;                  // timestamp without time zone
                default -> oid == 20;                                         // bigint
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores the entries whose key is new, on {@code c} (auto-commit off, {@link #usable}) and
     * possibly a second connection; every part is committed when this returns.
     *
     * @return how many entries were new
     * @throws io.voipkit.core.InvalidRequestException naming the entry if one holds NUL or a time
     *                                                 PostgreSQL cannot store; nothing is written
     * @throws SQLException the first failure of a part (other parts may be stored)
     */
    public int write(Connection c, List<CallLogEntry> entries) throws SQLException {
        int parts = connections == 1 || entries.size() < 2 * MIN_PART ? 1
                : Math.min(connections * PARTS_PER_CONNECTION, entries.size() / MIN_PART);
        if (parts > 1) {
            // parts commit one by one: what would fail a later part must fail the batch now; one
            // part is one transaction, and PgCopyWriter makes the same checks as it encodes
            Object[] row = CallLogRows.newRow();
            for (int i = 0; i < entries.size(); i++) {
                CallLogRows.values(entries.get(i), i, row);
                PgCopyEncoder.check(row, i);
            }
        }
        Job job = new Job(entries, parts);
        if (parts > 1) {
            helper.execute(job::helperRun);
        }
        job.run(c, PgCopyWriter.copyManager(c));
        job.awaitHelper();
        if (job.error instanceof SQLException e) {
            throw e;
        }
        if (job.error instanceof RuntimeException e) {
            throw e;
        }
        if (job.error instanceof Error e) {
            throw e;
        }
        return job.stored.get();
    }

    /** One batch being written: its parts, who takes the next, what was stored, the first error. */
    private final class Job {
        private final List<CallLogEntry> entries;
        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger stored = new AtomicInteger();
        private final Object lock = new Object();
        private int helpers;
        private boolean closed;
        private volatile Throwable error;

        Job(List<CallLogEntry> entries, int parts) {
            this.entries = entries;
            this.parts = parts;
        }

        /** Takes parts until none is left or one failed. */
        void run(Connection c, Object copyManager) {
            PgCopyWriter w = new PgCopyWriter(table, stage);
            for (int p; error == null && (p = next.getAndIncrement()) < parts; ) {
                int from = (int) ((long) entries.size() * p / parts);
                int to = (int) ((long) entries.size() * (p + 1) / parts);
                List<CallLogEntry> part = entries.subList(from, to);
                try {
                    int n = w.write(c, copyManager, part, from, direct);
                    stored.addAndGet(n);
                    switch (w.outcome()) {
                        case FELL_BACK -> direct = false;
                        case STAGED -> direct = n == part.size();
                        default -> { }
                    }
                } catch (SQLException | RuntimeException | Error e) {
                    synchronized (lock) {
                        if (error == null) {
                            error = e;
                        } else if (error != e) {
                            error.addSuppressed(e);
                        }
                    }
                    next.set(parts);                 // the others stop after their current part
                }
            }
        }

        /** The helper's share: a connection of its own, then parts, if any are left by then. */
        void helperRun() {
            if (next.get() >= parts) {
                return;                              // the caller already did everything
            }
            try (Connection c = dataSource.getConnection()) {
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    helpers++;
                }
                try {
                    Object copyManager = PgCopyWriter.copyManager(c);
                    if (copyManager != null) {
                        boolean auto = c.getAutoCommit();
                        c.setAutoCommit(false);
                        try {
                            run(c, copyManager);
                        } finally {
                            c.setAutoCommit(auto);   // hand a pooled connection back as it came
                        }
                    }
                } finally {
                    synchronized (lock) {
                        helpers--;
                        lock.notifyAll();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // no second connection (pool empty or refusing): the caller writes the rest itself;
                // a failure inside a part was recorded by run() and fails the write
            }
        }

        /** Waits until the helper is done with the parts it took; later it takes none. */
        void awaitHelper() {
            boolean interrupted = false;
            synchronized (lock) {
                closed = true;
                while (helpers > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;          // a part in flight is finished, not abandoned
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
