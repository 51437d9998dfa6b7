package io.voipkit.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.core.CallDisposition;
import io.voipkit.cdr.CallLogEntry;
import io.voipkit.core.CallRecord;
import io.voipkit.cdr.CallStatistics;
import io.voipkit.cdr.CdrImporter;
import io.voipkit.cdr.CdrSource;
import io.voipkit.cdr.ImportReport;
import io.voipkit.cdr.InMemoryCallRecordSink;
import io.voipkit.cdr.StatisticsQuery;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import io.voipkit.testsupport.ItServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CDR database source and the JDBC call log through the starter, against the real PostgreSQL
 * 15 and MariaDB 10.11 of {@code scripts/services.sh}: a Spring Boot application configured only
 * with {@code voip.cdr.*} (and, for PostgreSQL, its own {@link DataSource}) imports an Asterisk
 * CDR table this test creates and fills with the real {@code Master.csv} rows (712 calls of
 * 2026-11-24; {@code voip.cdr.source.look-back} reaches back to them), in the
 * layouts {@code cdr_pgsql} (start/answer/end) and the classic MySQL {@code calldate}.
 * Every table has a random name and is dropped afterwards.
 */
class StarterCdrDatabaseIT {
    private static final Path MASTER = ItServices.fixtures().resolve("cdr/asterisk-Master.csv");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ItServices services;
    /** The fixture's records. */
    private static List<CallRecord> records;
    /**
     * Whole days the fixture's calls are moved forward when they are written into the test's CDR
     * table, so they always lie in the last few days, however old the recording gets.
     */
    private static Duration shift;
    /** Days from the (shifted) first call to tomorrow: the look-back and the statistics' period. */
    private static long days;
    /** The same records imported in memory: the expected statistics, computed without SQL. */
    private static InMemoryCallRecordSink expected;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String cdrTable = "cdr_starter_it_" + suffix;
    private final String logTable = "voip_call_log_starter_it_" + suffix;
    private ConfigurableApplicationContext app;
    private String url;
    private String user;
    private String password;

    @BeforeAll
    static void readFixture() {
        services = ItServices.require();
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
        CdrImporter.builder().sink(sink).build().importFrom(CdrSource.asteriskCsv(MASTER));
        assertThat(sink.entries()).hasSize(712);
        records = sink.entries().stream().map(CallLogEntry::record).toList();
        expected = sink;
        // The fixture was recorded on 2026-11-24: its calls are moved by whole days to just before
        // today, so the look-back and the statistics' period (at most 366 days) always reach them.
        Instant earliest = records.stream().map(CallRecord::start).min(Instant::compareTo).orElseThrow();
        shift = Duration.ofDays(Math.max(0, ChronoUnit.DAYS.between(earliest, Instant.now()) - 2));
        days = ChronoUnit.DAYS.between(earliest.plus(shift), Instant.now()) + 2;
    }

    @AfterEach
    void dropTables() throws SQLException {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (url != null) {
                try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + cdrTable);
                    s.execute("DROP TABLE IF EXISTS " + logTable);
                }
                // The starter keeps checkpoints in the shared voip_cdr_checkpoint table next to the
                // call log (id asterisk-db:<database>:<table>); remove this test's row.
                try (Connection c = DriverManager.getConnection(url, user, password);
                     PreparedStatement ps = c.prepareStatement("DELETE FROM voip_cdr_checkpoint WHERE source_id LIKE ?")) {
                    ps.setString(1, "asterisk-db:%:" + cdrTable);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    // Absent when the import never ran: nothing to remove.
                }
            }
        }
    }

    /**
     * PostgreSQL: source {@code voip.cdr.source.*} (its own pool), call log in the application's
     * {@link DataSource}, one scheduled run, a second run that imports nothing, and
     * {@code /voip/stats/} answering from the call-log table.
     */
    @Test
    void postgres_scheduledRunImportsTheCdrTableIntoTheApplicationsDataSource_andStatsAnswerFromIt() throws Exception {
        url = services.postgresUrl();
        user = services.postgresUser();
        password = services.postgresPassword();
        createTable(true);
        String webUser = "voipkit-it";
        String webPassword = UUID.randomUUID().toString();
        Map<String, Object> p = common();
        p.put("voip.cdr.source.type", "database");
        p.put("voip.cdr.source.url", url);
        p.put("voip.cdr.source.username", user);
        p.put("voip.cdr.source.password", password);
        p.put("voip.cdr.source.table", cdrTable);
        p.put("voip.cdr.sink.table", logTable);
        p.put("voip.web.enabled", "true");
        p.put("server.address", "127.0.0.1");
        p.put("server.port", "0");
        p.put("spring.security.user.name", webUser);
        p.put("spring.security.user.password", webPassword);
        app = new SpringApplicationBuilder(CdrApplication.class, PostgresDataSource.class)
                .web(WebApplicationType.SERVLET).properties(p).run();

        CdrImportRunner runner = app.getBean(CdrImportRunner.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.runs() + runner.failedRuns() >= 1);
        assertThat(runner.lastError()).isNull();
        assertThat(runner.failedRuns()).isZero();
        assertThat(runner.imported()).isEqualTo(712);
        assertThat(rowsIn(logTable)).isEqualTo(712);

        ImportReport second = runner.runOnce();
        assertThat(second.imported()).isZero();
        assertThat(rowsIn(logTable)).isEqualTo(712);

        String auth = "Basic " + Base64.getEncoder().encodeToString((webUser + ":" + webPassword)
                .getBytes(StandardCharsets.UTF_8));
        URI stats = URI.create("http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port")
                + "/voip/stats/?period=" + days);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(stats).header("Authorization", auth)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        Instant from = Instant.parse(body.get("from").asString());
        Instant to = Instant.parse(body.get("to").asString());
        // The expected figures come from the unshifted records: move the period back instead.
        List<CallStatistics> all = expected.statistics(StatisticsQuery.between(from.minus(shift), to.minus(shift)));
        assertThat(all).hasSize(1);
        CallStatistics want = all.get(0);
        assertThat(want.total()).isPositive();
        assertThat(body.get("total").asLong()).isEqualTo(want.total());
        assertThat(body.get("answered").asLong()).isEqualTo(want.answered());
        assertThat(body.get("missed").asLong()).isEqualTo(want.missed());
        assertThat(body.get("operators").isArray()).isTrue();

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(stats).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** MariaDB: source in the classic {@code calldate} layout, call log through {@code voip.cdr.sink.url}. */
    @Test
    void mariadb_scheduledRunImportsTheCalldateTableIntoTheSinkUrl_andASecondRunImportsNothing() throws Exception {
        url = services.mariadbUrl();
        user = services.mariadbUser();
        password = services.mariadbPassword();
        createTable(false);
        Map<String, Object> p = common();
        p.put("voip.cdr.source.type", "database");
        p.put("voip.cdr.source.url", url);
        p.put("voip.cdr.source.username", user);
        p.put("voip.cdr.source.password", password);
        p.put("voip.cdr.source.table", cdrTable);
        p.put("voip.cdr.sink.url", url);
        p.put("voip.cdr.sink.username", user);
        p.put("voip.cdr.sink.password", password);
        p.put("voip.cdr.sink.table", logTable);
        app = new SpringApplicationBuilder(CdrApplication.class).web(WebApplicationType.NONE).properties(p).run();

        CdrImportRunner runner = app.getBean(CdrImportRunner.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> runner.runs() + runner.failedRuns() >= 1);
        assertThat(runner.lastError()).isNull();
        assertThat(runner.imported()).isEqualTo(712);
        assertThat(rowsIn(logTable)).isEqualTo(712);
        assertThat(app.getEnvironment().toString()).doesNotContain(password);

        ImportReport second = runner.runOnce();
        assertThat(second.imported()).isZero();
        assertThat(rowsIn(logTable)).isEqualTo(712);
    }

    private Map<String, Object> common() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.main.banner-mode", "off");
        // One scheduled run right after start-up; the next one would be an hour later.
        p.put("voip.cdr.schedule", "1h");
        p.put("voip.cdr.initial-delay", "0s");
        p.put("voip.cdr.source.look-back", days + "d");
        return p;
    }

    private long rowsIn(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code cdr_pgsql}'s start/answer/end layout, or the classic MySQL calldate layout. */
    private void createTable(boolean startAnswerEnd) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            if (startAnswerEnd) {
                s.execute("CREATE TABLE " + cdrTable + " (accountcode varchar(80), src varchar(80), dst varchar(80), "
                        + "dcontext varchar(80), clid varchar(80), channel varchar(80), dstchannel varchar(80), "
                        + "lastapp varchar(80), lastdata varchar(80), start timestamp, answer timestamp, \"end\" timestamp, "
                        + "duration integer, billsec integer, disposition varchar(45), amaflags varchar(45), "
                        + "userfield varchar(256), uniqueid varchar(150), linkedid varchar(150), peeraccount varchar(80), "
                        + "sequence integer)");
                insert(c, "INSERT INTO " + cdrTable + " (accountcode, src, dst, dcontext, clid, channel, dstchannel, "
                        + "lastapp, lastdata, start, answer, \"end\", duration, billsec, disposition, amaflags, userfield, "
                        + "uniqueid, sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", true);
            } else {
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
                insert(c, "INSERT INTO " + cdrTable + " (accountcode, src, dst, dcontext, clid, channel, dstchannel, "
                        + "lastapp, lastdata, calldate, duration, billsec, disposition, amaflags, userfield, uniqueid, "
                        + "sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", false);
            }
        }
    }

    private static void insert(Connection c, String sql, boolean withAnswerAndEnd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int seq = 0;
            for (CallRecord r : records) {
                int i = 1;
                ps.setString(i++, nz(r.accountCode()));
                ps.setString(i++, nz(r.source()));
                ps.setString(i++, nz(r.destination()));
                ps.setString(i++, nz(r.destinationContext()));
                ps.setString(i++, nz(r.callerId()));
                ps.setString(i++, nz(r.channel()));
                ps.setString(i++, nz(r.destinationChannel()));
                ps.setString(i++, nz(r.lastApplication()));
                ps.setString(i++, nz(r.lastData()));
                ps.setObject(i++, utc(r.start().plus(shift)));
                if (withAnswerAndEnd) {
                    ps.setObject(i++, r.answer() == null ? null : utc(r.answer().plus(shift)));
                    ps.setObject(i++, utc(r.end().plus(shift)));
                }
                ps.setLong(i++, r.duration().toSeconds());
                ps.setLong(i++, r.billableSeconds().toSeconds());
                ps.setString(i++, r.disposition() == CallDisposition.NO_ANSWER ? "NO ANSWER" : r.disposition().name());
                if (withAnswerAndEnd) {
                    ps.setString(i++, r.amaFlags());
                } else {
                    ps.setInt(i++, 3);                       // DOCUMENTATION, as the number MySQL layouts store
                }
                ps.setString(i++, nz(r.userField()));
                ps.setString(i++, r.uniqueId());
                ps.setInt(i++, seq++);
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

    /** Nothing but auto-configuration: what the starter wires from {@code voip.cdr.*}. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class CdrApplication {
    }

    /** The application's own {@link DataSource} (PostgreSQL), where the call log goes without {@code sink.url}. */
    static class PostgresDataSource {
        @Bean
        DataSource applicationDataSource() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(services.postgresUrl());
            ds.setUser(services.postgresUser());
            ds.setPassword(services.postgresPassword());
            return ds;
        }
    }
}
