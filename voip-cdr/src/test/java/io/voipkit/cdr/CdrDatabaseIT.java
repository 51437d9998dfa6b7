package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.testsupport.ItServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Asterisk CDR tables and the voipkit call log on the real PostgreSQL 15 and MariaDB 10.11: the
 * tables are this test's own (random names, dropped afterwards), filled with the rows of the real
 * {@code Master.csv} fixture, in the layouts {@code cdr_pgsql} (start/answer/end) and
 * {@code cdr_adaptive_odbc} on MySQL (the classic {@code calldate} layout) write.
 */
class CdrDatabaseIT {
    private static final Path MASTER = ItServices.fixtures().resolve("cdr/asterisk-Master.csv");
    private static final Instant FROM = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T00:00:00Z");

    private static ItServices services;
    private static List<CallLogEntry> fromCsv;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String cdrTable = "cdr_it_" + suffix;
    private final String logTable = "voip_call_log_it_" + suffix;
    private final String checkpointTable = "voip_cdr_checkpoint_it_" + suffix;
    private CdrDatabase db;

    @BeforeAll
    static void services() {
        services = ItServices.require();
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
        CdrImporter.builder().sink(sink).build().importFrom(CdrSource.asteriskCsv(MASTER));
        fromCsv = sink.entries();
        assertThat(fromCsv).hasSize(712);
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (db != null) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + cdrTable);
                s.execute("DROP TABLE IF EXISTS " + logTable);
                s.execute("DROP TABLE IF EXISTS " + checkpointTable);
            }
            db.close();
        }
    }

    private CdrDatabase postgres() {
        db = CdrDatabase.connect(services.postgresUrl(), services.postgresUser(), services.postgresPassword());
        return db;
    }

    private CdrDatabase mariadb() {
        db = CdrDatabase.connect(services.mariadbUrl(), services.mariadbUser(), services.mariadbPassword());
        return db;
    }

    /** The cdr_pgsql layout of scripts/services/postgres.sh, filled with the fixture. */
    private void createPgsqlLayout() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + cdrTable + " (accountcode varchar(80), src varchar(80), dst varchar(80), "
                    + "dcontext varchar(80), clid varchar(80), channel varchar(80), dstchannel varchar(80), "
                    + "lastapp varchar(80), lastdata varchar(80), start timestamp, answer timestamp, \"end\" timestamp, "
                    + "duration integer, billsec integer, disposition varchar(45), amaflags varchar(45), "
                    + "userfield varchar(256), uniqueid varchar(150), linkedid varchar(150), peeraccount varchar(80), "
                    + "sequence integer)");
            insert(c, "INSERT INTO " + cdrTable + " (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, "
                    + "lastdata, start, answer, \"end\", duration, billsec, disposition, amaflags, userfield, uniqueid, "
                    + "sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", true);
        }
    }

    /** The classic MySQL layout (cdr_adaptive_odbc / cdr_mysql): calldate, no answer or end. */
    private void createMysqlLayout() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + cdrTable + " (calldate datetime NOT NULL DEFAULT '0000-00-00 00:00:00', "
                    + "clid varchar(80) NOT NULL DEFAULT '', src varchar(80) NOT NULL DEFAULT '', "
                    + "dst varchar(80) NOT NULL DEFAULT '', dcontext varchar(80) NOT NULL DEFAULT '', "
                    + "channel varchar(80) NOT NULL DEFAULT '', dstchannel varchar(80) NOT NULL DEFAULT '', "
                    + "lastapp varchar(80) NOT NULL DEFAULT '', lastdata varchar(80) NOT NULL DEFAULT '', "
                    + "duration int(11) NOT NULL DEFAULT 0, billsec int(11) NOT NULL DEFAULT 0, "
                    + "disposition varchar(45) NOT NULL DEFAULT '', amaflags int(11) NOT NULL DEFAULT 0, "
                    + "accountcode varchar(20) NOT NULL DEFAULT '', uniqueid varchar(32) NOT NULL DEFAULT '', "
                    + "userfield varchar(255) NOT NULL DEFAULT '', linkedid varchar(32) NOT NULL DEFAULT '', "
                    + "sequence int NOT NULL DEFAULT 0, KEY calldate (calldate)) DEFAULT CHARSET = utf8mb4");
            insert(c, "INSERT INTO " + cdrTable + " (accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, "
                    + "lastdata, calldate, duration, billsec, disposition, amaflags, userfield, uniqueid, sequence) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", false);
        }
    }

    private void insert(Connection c, String sql, boolean withAnswerAndEnd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int seq = 0;
            for (CallLogEntry e : fromCsv) {
                CallRecord r = e.record();
                int p = 1;
                ps.setString(p++, nz(r.accountCode()));
                ps.setString(p++, nz(r.source()));
                ps.setString(p++, nz(r.destination()));
                ps.setString(p++, nz(r.destinationContext()));
                ps.setString(p++, nz(r.callerId()));
                ps.setString(p++, nz(r.channel()));
                ps.setString(p++, nz(r.destinationChannel()));
                ps.setString(p++, nz(r.lastApplication()));
                ps.setString(p++, nz(r.lastData()));
                ps.setObject(p++, utc(r.start()));
                if (withAnswerAndEnd) {
                    ps.setObject(p++, r.answer() == null ? null : utc(r.answer()));
                    ps.setObject(p++, utc(r.end()));
                }
                ps.setLong(p++, r.duration().toSeconds());
                ps.setLong(p++, r.billableSeconds().toSeconds());
                ps.setString(p++, r.disposition() == CallDisposition.NO_ANSWER ? "NO ANSWER" : r.disposition().name());
                if (withAnswerAndEnd) {
                    ps.setString(p++, r.amaFlags());
                } else {
                    ps.setInt(p++, 3);                       // DOCUMENTATION as the number MySQL layouts store
                }
                ps.setString(p++, nz(r.userField()));
                ps.setString(p++, r.uniqueId());
                ps.setInt(p++, seq++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Set<String> keys(List<CallLogEntry> entries) {
        return entries.stream().map(CallLogEntry::key).collect(Collectors.toSet());
    }

    @Test
    void aCdrPgsqlTableOnPostgresImportsTheSameRecordsAsMasterCsv() throws SQLException {
        postgres();
        createPgsqlLayout();
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();

        ImportReport r = CdrImporter.builder().sink(sink).build()
                .importFrom(db.asteriskCdrTable(cdrTable, FROM, TO), ImportOptions.builder().batchSize(100).build());

        assertThat(r.rejected()).isZero();
        assertThat(r.imported()).isEqualTo(712);
        assertThat(keys(sink.entries())).isEqualTo(keys(fromCsv));
        CallRecord first = sink.entries().stream().filter(e -> e.record().uniqueId().equals("1795551427.4"))
                .findFirst().orElseThrow().record();
        assertThat(first.answer()).isEqualTo(Instant.parse("2026-11-24T20:17:07Z"));
        assertThat(first.lastData()).isEqualTo("support,t,,,60");
        assertThat(first.extra()).containsKey("sequence");
    }

    @Test
    void aCallImportedFromTheDatabaseAndFromMasterCsvIsStoredOnce() throws SQLException {
        postgres();
        createPgsqlLayout();
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
        CdrImporter importer = CdrImporter.builder().sink(sink).build();

        importer.importFrom(db.asteriskCdrTable(cdrTable, FROM, TO));
        ImportReport csv = importer.importFrom(CdrSource.asteriskCsv(MASTER));

        assertThat(csv.imported()).isZero();
        assertThat(csv.duplicates()).isEqualTo(712);
    }

    @Test
    void aDateRangeSelectsItsRowsAndTheCheckpointSkipsThemNextTime() throws SQLException {
        postgres();
        createPgsqlLayout();
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
        CdrImporter importer = CdrImporter.builder().sink(sink).build();
        Instant from = Instant.parse("2026-11-24T20:17:00Z");
        Instant to = Instant.parse("2026-11-24T20:20:00Z");
        long expected = fromCsv.stream().filter(e -> !e.record().start().isBefore(from)
                && e.record().start().isBefore(to)).count();

        ImportReport first = importer.importFrom(db.asteriskCdrTable(cdrTable, from, to));
        ImportReport second = importer.importFrom(db.asteriskCdrTable(cdrTable, from, to));

        assertThat(expected).isBetween(1L, 711L);
        assertThat(first.imported()).isEqualTo(expected);
        assertThat(sink.entries()).allSatisfy(e -> assertThat(e.record().start()).isBetween(from, to));
        assertThat(second.imported()).isZero();
        assertThat(second.rowsRead()).isLessThan(first.rowsRead());   // only the last second again
    }

    @Test
    void theClassicCalldateLayoutOnMariadbImportsWithDerivedAnswerAndEnd() throws SQLException {
        mariadb();
        createMysqlLayout();
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();

        ImportReport r = CdrImporter.builder().sink(sink).build()
                .importFrom(db.asteriskCdrTable(cdrTable, FROM, TO));

        assertThat(r.rejected()).isZero();
        assertThat(r.imported()).isEqualTo(712);
        assertThat(keys(sink.entries())).isEqualTo(keys(fromCsv));
        CallRecord answered = sink.entries().stream().filter(e -> e.record().uniqueId().equals("1795551427.4"))
                .findFirst().orElseThrow().record();
        assertThat(answered.end()).isEqualTo(Instant.parse("2026-11-24T20:17:28Z"));
        assertThat(answered.answer()).isEqualTo(Instant.parse("2026-11-24T20:17:07Z"));
        CallRecord unanswered = sink.entries().get(0).record().disposition() == CallDisposition.NO_ANSWER
                ? sink.entries().get(0).record() : sink.entries().stream()
                .filter(e -> e.record().disposition() == CallDisposition.NO_ANSWER).findFirst().orElseThrow().record();
        assertThat(unanswered.answer()).isNull();
    }

    @Test
    void theCallLogOnPostgresStoresEachRecordOnceAcrossRuns() throws SQLException {
        postgres();
        callLogStoresEachRecordOnce();
    }

    @Test
    void theCallLogOnMariadbStoresEachRecordOnceAcrossRuns() throws SQLException {
        mariadb();
        callLogStoresEachRecordOnce();
    }

    private void callLogStoresEachRecordOnce() throws SQLException {
        JdbcCallRecordSink log = db.callLog(logTable);
        CdrSource source = CdrSource.asteriskCsv(MASTER);

        ImportReport first = CdrImporter.builder().sink(log).build().importFrom(source,
                ImportOptions.builder().batchSize(300).build());
        ImportReport again = CdrImporter.builder().sink(log).build().importFrom(source);

        assertThat(first.imported()).isEqualTo(712);
        assertThat(again.imported()).isZero();
        assertThat(again.duplicates()).isEqualTo(712);
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), sum(duration_s), count(answered_at) FROM " + logTable)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(712);
            assertThat(rs.getLong(2)).isEqualTo(fromCsv.stream().mapToLong(e -> e.record().duration().toSeconds()).sum());
            assertThat(rs.getLong(3)).isEqualTo(fromCsv.stream().filter(e -> e.record().answer() != null).count());
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT caller_id, call_start, direction, operator FROM "
                     + logTable + " WHERE dedup_key = ?")) {
            ps.setString(1, fromCsv.get(0).key());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("\"Customer\" <+15551234567>");
                assertThat(rs.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.parse("2026-11-24T20:16:39"));
                assertThat(rs.getString(3)).isEqualTo("INBOUND");
                assertThat(rs.getString(4)).isEqualTo("101-ep");
            }
        }
    }

    @Test
    void statisticsInSqlOnPostgresEqualTheInMemoryOnes() {
        postgres();
        statisticsInSqlEqualInMemory();
    }

    @Test
    void statisticsInSqlOnMariadbEqualTheInMemoryOnes() {
        mariadb();
        statisticsInSqlEqualInMemory();
    }

    private void statisticsInSqlEqualInMemory() {
        JdbcCallRecordSink log = db.callLog(logTable);
        InMemoryCallRecordSink memory = new InMemoryCallRecordSink();
        CdrImporter.builder().sink(log).build().importFrom(CdrSource.asteriskCsv(MASTER));
        CdrImporter.builder().sink(memory).build().importFrom(CdrSource.asteriskCsv(MASTER));

        for (StatisticsQuery.Grouping g : StatisticsQuery.Grouping.values()) {
            for (StatisticsQuery q : List.of(StatisticsQuery.between(FROM, TO),
                    StatisticsQuery.between(Instant.parse("2026-11-24T20:17:00Z"), Instant.parse("2026-11-24T20:30:00Z")))) {
                StatisticsQuery grouped = q.groupBy(g).serviceLevel(java.time.Duration.ofSeconds(1));
                assertThat(log.statistics(grouped)).as(g + " " + q).isEqualTo(memory.statistics(grouped)).isNotEmpty();
            }
        }
        StatisticsQuery empty = StatisticsQuery.between(TO, TO.plusSeconds(3600));
        assertThat(log.statistics(empty)).isEqualTo(memory.statistics(empty)).isEmpty();
        StatisticsQuery day = StatisticsQuery.between(FROM, TO);
        assertThat(log.missedCalls(day, 1000)).isEqualTo(memory.missedCalls(day, 1000)).hasSize(14);
        assertThat(log.missedCalls(day, 3)).isEqualTo(memory.missedCalls(day, 3));
        assertThat(memory.statistics(day).get(0).total()).isEqualTo(712);
    }

    @Test
    void checkpointsInPostgresAndMariadbLetAResumedImportReadNothingTwice() throws SQLException {
        for (CdrDatabase d : List.of(postgres(), mariadb())) {
            db = d;
            CheckpointStore checkpoints = d.checkpoints(checkpointTable);
            CdrSource source = CdrSource.asteriskCsv(MASTER);
            InMemoryCallRecordSink sink = new InMemoryCallRecordSink();

            CdrImporter.builder().sink(sink).checkpoints(checkpoints).build().importFrom(source);
            ImportReport again = CdrImporter.builder().sink(sink).checkpoints(d.checkpoints(checkpointTable)).build()
                    .importFrom(source);

            assertThat(again.rowsRead()).as(d.toString()).isZero();
            assertThat(checkpoints.load(source.id())).hasValueSatisfying(p -> assertThat(p).startsWith("csv1:155547:"));
            checkpoints.save(source.id(), "csv1:0:1:0:0");
            assertThat(checkpoints.load(source.id())).contains("csv1:0:1:0:0");
            dropTables();                              // drops this database's tables and closes its pool
        }
        db = null;
    }

    @Test
    void tableNamesThatCouldInjectSqlAreRefused() {
        postgres();
        assertThatThrownBy(() -> db.asteriskCdrTable("cdr; DROP TABLE cdr", FROM, TO))
                .hasMessageStartingWith("table:");
        assertThatThrownBy(() -> db.asteriskCdrTable("cdr", TO, FROM)).hasMessageStartingWith("to:");
        assertThatThrownBy(() -> db.callLog("log\"x")).hasMessageStartingWith("table:");
    }

    @Test
    void aTableThatIsNotACdrTableFailsWithItsColumns() throws SQLException {
        postgres();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + cdrTable + " (id integer)");
        }
        assertThatThrownBy(() -> CdrImporter.builder().sink(new InMemoryCallRecordSink()).build()
                .importFrom(db.asteriskCdrTable(cdrTable, FROM, TO)))
                .isInstanceOf(CdrImportException.class).hasMessageContaining("not an Asterisk CDR table");
    }
}
