package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.testsupport.ItServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on the real Asterisk 22: a call placed through its CLI ends up in the
 * {@code Master.csv} that {@code cdr_csv} writes, and a resumed import picks up exactly the new
 * rows. Other tests may place calls at the same time, so the call is found by its destination and
 * start time rather than by counting rows.
 */
class AsteriskMasterCsvIT {
    private static ItServices services;

    @BeforeAll
    static void services() {
        services = ItServices.require();
    }

    @Test
    void aCallPlacedOnTheRealAsteriskIsImportedFromTheMasterCsvItWrites() {
        Path master = services.asteriskLogDir().resolve("cdr-csv/Master.csv");
        InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
        CdrImporter importer = CdrImporter.builder().sink(sink).build();
        CdrSource source = CdrSource.asteriskCsv(master);
        if (Files.exists(master)) {
            importer.importFrom(source);                       // catch up: the checkpoint is now at the end
        }
        int before = sink.size();
        Instant placed = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        services.asteriskCli("channel originate Local/201@test application Wait 3");   // 201 answers, hangs up after 1 s

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (Files.exists(master)) {
                importer.importFrom(source);
            }
            return !ours(sink, placed).isEmpty();
        });
        List<CallLogEntry> ours = ours(sink, placed);
        assertThat(ours).allSatisfy(e -> {
            CallRecord r = e.record();
            assertThat(r.uniqueId()).matches("\\d+\\.\\d+");
            assertThat(r.disposition()).isEqualTo(CallDisposition.ANSWERED);
            assertThat(r.answer()).isNotNull();
            assertThat(r.end()).isAfterOrEqualTo(r.start());
            assertThat(r.destinationContext()).isEqualTo("test");
        });
        assertThat(ours).extracting(e -> e.record().channel()).anySatisfy(c -> assertThat(c).startsWith("Local/201@test-"));
        assertThat(sink.size() - before).isGreaterThanOrEqualTo(ours.size());

        ImportReport again = importer.importFrom(source);
        assertThat(again.duplicates()).isZero();              // nothing is read twice
        assertThat(again.rejected()).isZero();
    }

    private static List<CallLogEntry> ours(InMemoryCallRecordSink sink, Instant placed) {
        return sink.entries().stream()
                .filter(e -> "201".equals(e.record().destination()) && !e.record().start().isBefore(placed))
                .toList();
    }
}
