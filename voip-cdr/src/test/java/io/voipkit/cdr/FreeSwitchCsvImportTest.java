package io.voipkit.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.testsupport.ItServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeSwitchCsvImportTest {
    private static final Path MASTER = ItServices.fixtures().resolve("cdr/freeswitch-Master.csv");

    private final InMemoryCallRecordSink sink = new InMemoryCallRecordSink();
    private final CdrImporter importer = CdrImporter.builder().sink(sink).build();

    @Test
    void theRealFileImportsEveryRowWithDerivedDispositions() {
        ImportReport r = importer.importFrom(CdrSource.freeSwitchCsv(MASTER));

        assertThat(r.imported()).isEqualTo(346);
        assertThat(r.rejected()).isZero();
        Map<CallDisposition, Long> byDisposition = sink.entries().stream()
                .collect(Collectors.groupingBy(e -> e.record().disposition(), Collectors.counting()));
        assertThat(byDisposition).containsExactlyInAnyOrderEntriesOf(Map.of(CallDisposition.ANSWERED, 252L,
                CallDisposition.NO_ANSWER, 90L, CallDisposition.BUSY, 4L));
    }

    @Test
    void theFirstRowMapsToTheRecord() {
        importer.importFrom(CdrSource.freeSwitchCsv(MASTER),
                ImportOptions.builder().zone(ZoneId.of("UTC")).build());
        CallRecord r = sink.entries().get(0).record();

        assertThat(r.uniqueId()).isEqualTo("a8e7aa14-4f22-47bf-b3fa-4da20830fa8d");
        assertThat(r.callerId()).isEqualTo("\"Customer Name\" <+79161234567>");
        assertThat(r.source()).isEqualTo("+79161234567");
        assertThat(r.destination()).isEqualTo("9000");
        assertThat(r.destinationContext()).isEqualTo("default");
        assertThat(r.start()).isEqualTo(Instant.parse("2026-11-24T20:26:44Z"));
        assertThat(r.answer()).isNull();
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.extra()).containsExactly(Map.entry("hangup_cause", "NORMAL_CLEARING"),
                Map.entry("read_codec", "L16"), Map.entry("write_codec", "L16"));
        assertThat(sink.entries().get(0).direction()).isEqualTo(CallDirection.INBOUND);
    }

    @Test
    void aCustomTemplateIsMappedByVariableName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("custom.csv");
        Files.writeString(f, "\"u-1\",\"2026-11-24 20:00:00\",\"2026-11-24 20:00:05\",\"2026-11-24 20:01:00\","
                + "\"101\",\"+15551234567\",\"bridge\"\n");
        List<String> template = List.of("uuid", "start_stamp", "answer_stamp", "end_stamp", "caller_id_number",
                "destination_number", "last_app");

        ImportReport report = importer.importFrom(CdrSource.freeSwitchCsv(f, template));

        assertThat(report.rejected()).isZero();
        CallLogEntry e = sink.entries().get(0);
        assertThat(e.record().duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(e.record().billableSeconds()).isEqualTo(Duration.ofSeconds(55));
        assertThat(e.record().disposition()).isEqualTo(CallDisposition.ANSWERED);
        assertThat(e.record().lastApplication()).isEqualTo("bridge");
        assertThat(e.direction()).isEqualTo(CallDirection.OUTBOUND);
    }

    @Test
    void rowsOfTheWrongWidthOrWithoutUuidAreRejected(@TempDir Path dir) throws IOException {
        String row = Files.readAllLines(MASTER).get(0);
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, row.replace("\"a8e7aa14-4f22-47bf-b3fa-4da20830fa8d\"", "\"\"") + "\n"
                + row.substring(0, row.lastIndexOf(',')) + "\n" + row + "\n");

        ImportReport r = importer.importFrom(CdrSource.freeSwitchCsv(f));

        assertThat(r.imported()).isEqualTo(1);
        assertThat(r.rejects()).extracting(x -> x.line() + ":" + x.column()).containsExactly("1:11", "2:0");
    }
}
