package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.testsupport.ItServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL write path with large batches on the real PostgreSQL 15: batches cut into parts
 * on two connections, parts copied straight into the call log while their keys are new and
 * through the staging table when one is not, the whole batch checked before any part is stored,
 * a pool of one connection, two writers storing the same keys at once, and a table whose column
 * types differ from the created ones. Tables are this test's own (random names, dropped afterwards).
 */
class CallLogParallelCopyIT {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.125Z");
    private static ItServices services;

    private final String table = "voip_call_log_par_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private CdrDatabase db;

    @BeforeAll
    static void services() {
        services = ItServices.require();
    }

    @AfterEach
    void dropTable() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        db.close();
    }

    private JdbcCallRecordSink log() {
        db = CdrDatabase.connect(services.postgresUrl(), services.postgresUser(), services.postgresPassword());
        return db.callLog(table);
    }

    private static CallLogEntry entry(int i) {
        return entry(i, T0.plusMillis(i * 1_001L));
    }

    private static CallLogEntry entry(int i, Instant start) {
        CallRecord r = CallRecord.builder().uniqueId("par-" + i).linkedId("link-" + i).source("+4930123" + i)
                .destination("200").destinationContext("from-pstn").callerId("\"Caller " + i + "\" <+4930123" + i + ">")
                .channel("PJSIP/trunk-" + i).destinationChannel("PJSIP/101-ep-" + i).lastApplication("Dial")
                .lastData("PJSIP/101-ep,30\ttab \\ \"q\" ü 😀").start(start)
                .answer(i % 3 == 0 ? null : start.plusSeconds(2)).end(start.plusSeconds(30))
                .duration(Duration.ofSeconds(30)).billableSeconds(Duration.ofSeconds(i % 3 == 0 ? 0 : 28))
                .disposition(i % 3 == 0 ? CallDisposition.NO_ANSWER : CallDisposition.ANSWERED).build();
        return new CallLogEntry("key-" + i, "it", r, CallDirection.INBOUND, r.source(), r.destination(), "101-ep",
                null, null);
    }

    private static List<CallLogEntry> entries(int from, int to) {
        List<CallLogEntry> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(entry(i));
        }
        return out;
    }

    private long count(String where) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT dedup_key) FROM " + table + " " + where)) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows = distinct keys").isEqualTo(rs.getLong(2));
            return rs.getLong(1);
        }
    }

    @Test
    void aLargeBatchIsStoredOnceAndAgainAsDuplicatesOnly() throws SQLException {
        JdbcCallRecordSink log = log();
        List<CallLogEntry> batch = entries(0, 10_000);
        assertThat(log.write(batch)).isEqualTo(10_000);
        assertThat(log.write(batch)).isZero();
        assertThat(log.write(batch)).isZero();
        assertThat(count("")).isEqualTo(10_000);
        // what was stored is what was written, for a row from each part
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT dedup_key, call_start, answered_at, last_data, caller_id, billable_s FROM "
                     + table + " WHERE dedup_key IN ('key-1', 'key-2999', 'key-5002', 'key-9998') ORDER BY call_start")) {
            for (int i : new int[] {1, 2999, 5002, 9998}) {            // none a multiple of 3: answered
                assertThat(rs.next()).isTrue();
                CallLogEntry e = entry(i);
                assertThat(rs.getString(1)).isEqualTo(e.key());
                assertThat(rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC)).isEqualTo(e.record().start());
                assertThat(rs.getObject(3, LocalDateTime.class)).isNotNull();
                assertThat(rs.getString(4)).isEqualTo(e.record().lastData());
                assertThat(rs.getString(5)).isEqualTo(e.record().callerId());
                assertThat(rs.getLong(6)).isEqualTo(28);
            }
        }
    }

    @Test
    void theKeyIsComparedByteForByteAndThePoolOpensOnlyWhatTheImportUses() throws SQLException {
        JdbcCallRecordSink log = log();
        log.migrate();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT collation_name FROM information_schema.columns WHERE table_name = '"
                     + table + "' AND column_name = 'dedup_key'")) {
            assertThat(rs.next()).isTrue();
            // "C": index comparisons are memcmp, not the locale's strcoll (a fifth of a COPY's server time)
            assertThat(rs.getString(1)).isEqualTo("C");
        }
        // keys that a locale would order differently still make one row each, in byte order
        List<CallLogEntry> mixed = new ArrayList<>();
        String[] keys = {"a-1", "B-1", "a_1", "\u00e4-1", "A-1", "b-1"};
        for (int i = 0; i < keys.length; i++) {
            CallLogEntry e = entry(i);
            mixed.add(new CallLogEntry(keys[i], e.source(), e.record(), e.direction(), e.caller(), e.called(),
                    e.operator(), e.recording(), e.contactId()));
        }
        assertThat(log.write(mixed)).isEqualTo(keys.length);
        assertThat(log.write(mixed)).isZero();
        List<String> stored = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT dedup_key FROM " + table + " ORDER BY dedup_key")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        assertThat(stored).containsExactly("A-1", "B-1", "a-1", "a_1", "b-1", "\u00e4-1");
        // the pool voipkit creates keeps one idle connection, not four (each opened one costs SCRAM's
        // key stretching on both sides while the import runs)
        assertThat(db.dataSource()).isInstanceOf(com.zaxxer.hikari.HikariDataSource.class);
        assertThat(((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getMinimumIdle()).isEqualTo(1);
    }

    @Test
    void aBatchOverlappingStoredKeysAndRepeatingItsOwnStoresEachKeyOnce() throws SQLException {
        JdbcCallRecordSink log = log();
        assertThat(log.write(entries(0, 5_000))).isEqualTo(5_000);
        // a resumed run: half of the batch is stored already, at its start
        List<CallLogEntry> resumed = entries(2_500, 12_500);
        assertThat(log.write(resumed)).isEqualTo(7_500);
        // keys repeated within the batch, far apart (other parts), and one key already stored at the end
        List<CallLogEntry> repeats = entries(20_000, 28_000);
        repeats.set(7_000, entry(20_100));
        repeats.set(3_000, entry(27_500));
        repeats.set(7_999, entry(42));
        assertThat(log.write(repeats)).isEqualTo(8_000 - 3);
        // and a fresh batch after that goes through as a whole again
        assertThat(log.write(entries(30_000, 40_000))).isEqualTo(10_000);
        assertThat(count("")).isEqualTo(12_500 + 7_997 + 10_000);
    }

    @Test
    void anEntryThatCannotBeStoredRefusesTheWholeBatchBeforeAnyPartIsWritten() throws SQLException {
        JdbcCallRecordSink log = log();
        List<CallLogEntry> nul = entries(0, 10_000);
        CallLogEntry last = entry(9_999);
        CallRecord bad = CallRecord.builder().uniqueId("par-9999").start(T0).end(T0.plusSeconds(1))
                .duration(Duration.ofSeconds(1)).billableSeconds(Duration.ZERO).disposition(CallDisposition.NO_ANSWER)
                .userField("nul\0inside").build();
        nul.set(9_999, new CallLogEntry(last.key(), "it", bad, CallDirection.INBOUND, null, null, null, null, null));
        assertThatThrownBy(() -> log.write(nul)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("entries[9999].user_field:").hasMessageContaining("NUL");

        List<CallLogEntry> farFuture = entries(0, 10_000);
        Instant year300000 = Instant.parse("+300000-01-01T00:00:00Z");
        farFuture.set(8_000, entry(8_000, year300000));
        assertThatThrownBy(() -> log.write(farFuture)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("entries[8000].call_start:").hasMessageContaining("timestamp range");
        // a small batch is one part, checked as it is encoded: the COPY is abandoned, nothing stays
        List<CallLogEntry> small = List.of(entry(1), entry(2), entry(3, year300000.plusSeconds(1)));
        assertThatThrownBy(() -> log.write(small)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("entries[2].call_start:");
        assertThat(count("")).isZero();
        assertThat(log.write(small.subList(0, 2))).isEqualTo(2);   // the session is usable afterwards
    }

    @Test
    void aPoolOfOneConnectionWritesEveryPartOnTheCallersConnection() throws SQLException {
        log();                                          // for the clean-up
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(services.postgresUrl());
        config.setUsername(services.postgresUser());
        config.setPassword(services.postgresPassword());
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);               // the helper's wait for the only connection ends soon
        HikariDataSource one = new HikariDataSource(config);
        toClose.add(one);
        JdbcCallRecordSink log = CdrDatabase.of("one", one).callLog(table);
        for (int from = 0; from < 30_000; from += 10_000) {
            assertThat(log.write(entries(from, from + 10_000))).isEqualTo(10_000);
        }
        assertThat(log.write(entries(5_000, 15_000))).isZero();
        assertThat(count("")).isEqualTo(30_000);
    }

    @Test
    void withOneConnectionABatchIsOnePartAndStillStoresEachKeyOnce() throws SQLException {
        System.setProperty("voipkit.cdr.pg.connections", "1");   // read when the sink first writes
        try {
            JdbcCallRecordSink log = log();
            assertThat(log.write(entries(0, 6_000))).isEqualTo(6_000);
            List<CallLogEntry> overlap = entries(5_000, 15_000);
            overlap.set(9_999, entry(5_001));                   // and one key twice in the batch
            assertThat(log.write(overlap)).isEqualTo(10_000 - 1_000 - 1);
            assertThat(log.write(entries(20_000, 30_000))).isEqualTo(10_000);
            assertThat(count("")).isEqualTo(6_000 + 8_999 + 10_000);
        } finally {
            System.clearProperty("voipkit.cdr.pg.connections");
        }
    }

    @Test
    void twoWritersStoringTheSameKeysAtOnceStoreEachOnce() throws Exception {
        JdbcCallRecordSink log = log();
        log.migrate();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        toClose.add(pool::shutdownNow);
        // the same 16,000 keys, one writer in order, the other from the end: parts cross each other
        List<CallLogEntry> forward = entries(0, 16_000);
        List<CallLogEntry> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        Future<Integer> a = pool.submit(() -> log.write(forward));
        Future<Integer> b = pool.submit(() -> log.write(backward));
        assertThat(a.get() + b.get()).isEqualTo(16_000);
        assertThat(count("")).isEqualTo(16_000);
    }

    @Test
    void aTableWithOtherColumnTypesIsWrittenWithInsertsThatConvert() throws SQLException {
        log();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // as an administrator might have altered it: times with zone, durations as integer
            s.execute("CREATE TABLE " + table + " (dedup_key varchar(255) NOT NULL PRIMARY KEY, source text NOT NULL, "
                    + "unique_id varchar(255) NOT NULL, linked_id varchar(255), direction varchar(8) NOT NULL, "
                    + "caller varchar(255), called varchar(255), operator varchar(255), call_start timestamptz NOT NULL, "
                    + "answered_at timestamptz, call_end timestamptz NOT NULL, duration_s integer NOT NULL, "
                    + "billable_s integer NOT NULL, disposition varchar(16) NOT NULL, recording varchar(1024), "
                    + "contact_id varchar(255), account_code varchar(255), context varchar(255), caller_id varchar(255), "
                    + "channel varchar(255), dst_channel varchar(255), last_app varchar(255), last_data varchar(1024), "
                    + "user_field varchar(1024))");
        }
        JdbcCallRecordSink log = db.callLog(table);
        assertThat(log.usesCopy()).isFalse();
        assertThat(log.write(entries(0, 5_000))).isEqualTo(5_000);
        assertThat(log.write(entries(4_000, 6_000))).isEqualTo(1_000);
        assertThat(count("WHERE billable_s = 28")).isEqualTo(4_000);
    }

    @Test
    void aTableWithoutTheUniqueKeyIsNeverCopiedIntoAndTheWriteFails() throws SQLException {
        log();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            // the created layout, but the key not unique: a direct COPY would store duplicates
            s.execute("CREATE TABLE " + table + " (dedup_key varchar(255) NOT NULL, source varchar(1024) NOT NULL, "
                    + "unique_id varchar(255) NOT NULL, linked_id varchar(255), direction varchar(8) NOT NULL, "
                    + "caller varchar(255), called varchar(255), operator varchar(255), call_start timestamp(3) NOT NULL, "
                    + "answered_at timestamp(3), call_end timestamp(3) NOT NULL, duration_s bigint NOT NULL, "
                    + "billable_s bigint NOT NULL, disposition varchar(16) NOT NULL, recording varchar(1024), "
                    + "contact_id varchar(255), account_code varchar(255), context varchar(255), caller_id varchar(255), "
                    + "channel varchar(255), dst_channel varchar(255), last_app varchar(255), last_data varchar(1024), "
                    + "user_field varchar(1024))");
        }
        JdbcCallRecordSink log = db.callLog(table);
        assertThat(log.usesCopy()).isFalse();
        assertThatThrownBy(() -> log.write(entries(0, 5_000))).isInstanceOf(CdrImportException.class)
                .hasMessageContaining("ON CONFLICT");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
