package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.testsupport.ItServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The call log's {@code COPY} path on the real PostgreSQL 15 (hostile texts survive byte for
 * byte, insert-unless-present holds, NUL is refused), the same texts through MariaDB's multi-row
 * inserts, and call notes on both databases. Tables are this test's own (random names, dropped
 * afterwards).
 */
class CallLogCopyAndNotesIT {
    private static final Path MASTER = ItServices.fixtures().resolve("cdr/asterisk-Master.csv");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.125Z");
    /** Texts that break naive COPY/CSV encoders: delimiters, quotes, backslashes, line breaks, non-ASCII. */
    private static final List<String> HOSTILE = List.of("tab\there", "quote \" and \"\" two", "back\\slash \\N \\.",
            "line\nbreak\r\nand CR", "comma, semicolon; pipe|", "\\.", "", " ", "ünïcödé €, 😀 and 中文",
            "'single' quotes", "NULL", "\"");

    private static ItServices services;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String logTable = "voip_call_log_cp_" + suffix;
    private final String noteTable = "voip_call_note_it_" + suffix;
    private CdrDatabase db;

    @BeforeAll
    static void services() {
        services = ItServices.require();
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (db != null) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + logTable);
                s.execute("DROP TABLE IF EXISTS " + noteTable);
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

    private static CallLogEntry entry(int i, String text) {
        CallRecord r = CallRecord.builder().uniqueId("copy-" + i).linkedId("link-" + i).accountCode(text)
                .source("+4930123456" + i).destination("200").destinationContext("from-pstn").callerId(text)
                .channel("PJSIP/trunk-0000000" + i).destinationChannel("PJSIP/101-ep-0000001" + i)
                .lastApplication("Dial").lastData(text).start(T0.plusSeconds(i)).answer(i % 2 == 0 ? T0.plusSeconds(i + 2) : null)
                .end(T0.plusSeconds(i + 30)).duration(Duration.ofSeconds(30))
                .billableSeconds(Duration.ofSeconds(i % 2 == 0 ? 28 : 0))
                .disposition(i % 2 == 0 ? CallDisposition.ANSWERED : CallDisposition.NO_ANSWER).userField(text).build();
        return new CallLogEntry("key-" + i + "/" + text.length(), "it", r, CallDirection.INBOUND, r.source(),
                r.destination(), "101-ep", text.isBlank() ? null : "rec-" + text, null);
    }

    private List<CallLogEntry> hostileEntries() {
        List<CallLogEntry> out = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            out.add(entry(i, HOSTILE.get(i)));
        }
        return out;
    }

    @Test
    void postgresqlWritesWithCopyAndKeepsEveryCharacter() throws SQLException {
        JdbcCallRecordSink log = postgres().callLog(logTable);
        assertThat(log.usesCopy()).isTrue();
        hostileTextsRoundTrip(log);
    }

    @Test
    void mariadbKeepsTheSameTextsThroughMultiRowInserts() throws SQLException {
        JdbcCallRecordSink log = mariadb().callLog(logTable);
        assertThat(log.usesCopy()).isFalse();
        hostileTextsRoundTrip(log);
    }

    private void hostileTextsRoundTrip(JdbcCallRecordSink log) throws SQLException {
        List<CallLogEntry> entries = hostileEntries();
        assertThat(log.write(entries)).isEqualTo(entries.size());
        assertThat(log.write(entries)).isZero();                              // insert-unless-present
        List<CallLogEntry> again = new ArrayList<>(entries.subList(0, 3));
        again.add(entry(99, "new"));
        again.add(entry(99, "new"));                                          // twice in one batch
        assertThat(log.write(again)).isEqualTo(1);

        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account_code, caller_id, last_data, user_field, recording,"
                     + " call_start, answered_at, duration_s, billable_s, disposition, direction FROM " + logTable
                     + " WHERE dedup_key = ?")) {
            for (CallLogEntry e : entries) {
                ps.setString(1, e.key());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as(e.key()).isTrue();
                    String text = e.record().lastData();                       // blank texts are null in a CallRecord
                    assertThat(rs.getString(1)).as(e.key()).isEqualTo(text);
                    assertThat(rs.getString(2)).isEqualTo(text);
                    assertThat(rs.getString(3)).isEqualTo(text);
                    assertThat(rs.getString(4)).isEqualTo(text);
                    assertThat(rs.getString(5)).isEqualTo(e.recording());
                    assertThat(rs.getObject(6, java.time.LocalDateTime.class).toInstant(ZoneOffset.UTC))
                            .isEqualTo(e.record().start());                  // milliseconds kept
                    assertThat(rs.getObject(7, java.time.LocalDateTime.class) == null).isEqualTo(e.record().answer() == null);
                    assertThat(rs.getLong(8)).isEqualTo(30);
                    assertThat(rs.getLong(9)).isEqualTo(e.record().billableSeconds().toSeconds());
                    assertThat(rs.getString(10)).isEqualTo(e.record().disposition().name());
                    assertThat(rs.getString(11)).isEqualTo("INBOUND");
                }
            }
        }
        assertThat(log.statistics(StatisticsQuery.between(T0, T0.plusSeconds(3600))))
                .singleElement().satisfies(s -> assertThat(s.total()).isEqualTo(entries.size() + 1));
    }

    @Test
    void aNulCharacterIsRefusedBeforeAnythingIsWritten() throws SQLException {
        for (CdrDatabase d : List.of(postgres(), mariadb())) {
            db = d;
            JdbcCallRecordSink log = d.callLog(logTable);
            List<CallLogEntry> batch = List.of(entry(1, "fine"), entry(2, "nul\0inside"));
            assertThatThrownBy(() -> log.write(batch)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("entries[1].recording:").hasMessageContaining("NUL");
            try (Connection c = d.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + logTable)) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            dropTables();
        }
        db = null;
    }

    @Test
    void aRealMasterCsvImportsThroughCopyOnceEach() throws SQLException {
        JdbcCallRecordSink log = postgres().callLog(logTable);
        CdrImporter importer = CdrImporter.builder().sink(log).build();
        ImportReport first = importer.importFrom(CdrSource.asteriskCsv(MASTER),
                ImportOptions.builder().batchSize(100).build());
        assertThat(first.imported()).isEqualTo(712);
        // a fresh importer (no checkpoint) reads it all again: all duplicates
        ImportReport second = CdrImporter.builder().sink(log).build().importFrom(CdrSource.asteriskCsv(MASTER));
        assertThat(second.imported()).isZero();
        assertThat(second.duplicates()).isEqualTo(712);
    }

    @Test
    void notesAreStoredPerCallOnBothDatabases() throws SQLException {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T09:30:00.123456Z"), ZoneOffset.UTC);
        for (CdrDatabase d : List.of(postgres(), mariadb())) {
            db = d;
            CallNotes notes = d.callNotes(noteTable, clock);
            CallNote a = notes.add("call-1", "alice", "Called back.\nWants a quote for 20 seats, \"urgent\" \\ ü 😀");
            CallNote b = notes.add("call-1", null, "Quote sent.");
            notes.add("call-2", "bob", "x".repeat(CallNotes.MAX_TEXT));

            assertThat(a.createdAt()).isEqualTo(Instant.parse("2026-11-25T09:30:00.123Z"));
            assertThat(notes.notesOf("call-1")).containsExactly(a, b);
            assertThat(notes.notesOf("call-2")).singleElement()
                    .satisfies(n -> assertThat(n.text()).hasSize(CallNotes.MAX_TEXT));
            assertThat(notes.notesOf("nobody")).isEmpty();
            assertThat(notes.delete(a.id())).isTrue();
            assertThat(notes.delete(a.id())).isFalse();
            assertThat(notes.notesOf("call-1")).containsExactly(b);

            assertThatThrownBy(() -> notes.add("call-1", "alice", "x".repeat(CallNotes.MAX_TEXT + 1)))
                    .hasMessageStartingWith("text:");
            assertThatThrownBy(() -> notes.add("call-1", "alice", "nul\0")).hasMessageStartingWith("text:");
            assertThatThrownBy(() -> notes.add("call-1", "al\nice", "x")).hasMessageStartingWith("author:");
            assertThatThrownBy(() -> notes.add(" ", "alice", "x")).hasMessageStartingWith("callKey:");
            dropTables();
        }
        db = null;
    }
}
