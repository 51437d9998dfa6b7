package io.voipkit.cdr;

import io.voipkit.cdr.internal.AsteriskCsvMapper;
import io.voipkit.cdr.internal.CsvCursor;
import io.voipkit.cdr.internal.FreeSwitchCsvMapper;
import io.voipkit.cdr.internal.RecordCursor;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import java.nio.file.Path;
import java.util.List;

/**
 * Where call records come from: an Asterisk {@code Master.csv}, a FreeSWITCH {@code mod_cdr_csv}
 * file, or an Asterisk CDR database table ({@link CdrDatabase#asteriskCdrTable}). Created by the static
 * factories; immutable. The {@link #id()} is the key of the source's checkpoint.
 *
 * <pre>{@code
 * CdrSource master = CdrSource.asteriskCsv(Path.of("/var/log/asterisk/cdr-csv/Master.csv"));
 * CdrSource fs = CdrSource.freeSwitchCsv(Path.of("/var/log/freeswitch/cdr-csv/Master.csv"));
 * }</pre>
 */
public final class CdrSource {
    /** Opens a cursor from a checkpoint; package-private so that cursors stay internal. */
    interface Opener {
        RecordCursor open(String checkpoint, ImportOptions options) throws Exception;
    }

    private final String id;
    private final String name;
    private final Opener opener;

    CdrSource(String id, String name, Opener opener) {
        this.id = id;
        this.name = name;
        this.opener = opener;
    }

    /** An Asterisk {@code cdr_csv} file whose layout is recognised per row ({@link AsteriskCsvLayout#AUTO}). */
    public static CdrSource asteriskCsv(Path file) {
        return asteriskCsv(file, AsteriskCsvLayout.AUTO);
    }

    /** An Asterisk {@code cdr_csv} file with the given column layout. */
    public static CdrSource asteriskCsv(Path file, AsteriskCsvLayout layout) {
        Path f = file(file);
        Checks.notNull(layout, "layout");
        return new CdrSource("asterisk-csv:" + f, f.toString(), (checkpoint, o) -> new CsvCursor(f, checkpoint,
                new AsteriskCsvMapper(o.zone(), layout.seventeenthIsUniqueId(), layout.columns()),
                o.maxFieldBytes(), o.maxRecordBytes(), o.completeFile()));
    }

    /** A FreeSWITCH {@code mod_cdr_csv} file written with the default template. */
    public static CdrSource freeSwitchCsv(Path file) {
        return freeSwitchCsv(file, FreeSwitchCsvMapper.DEFAULT_TEMPLATE);
    }

    /**
     * A FreeSWITCH {@code mod_cdr_csv} file written with a custom template, given as the channel
     * variables of the template in order, for example {@code List.of("uuid", "caller_id_number",
     * "destination_number", "start_stamp", "answer_stamp", "end_stamp", "duration", "billsec",
     * "hangup_cause")}. It must include {@code uuid}, {@code start_stamp} and {@code end_stamp}.
     */
    public static CdrSource freeSwitchCsv(Path file, List<String> templateVariables) {
        Path f = file(file);
        List<String> columns = Checks.copyOf(templateVariables, "templateVariables");
        if (columns.isEmpty() || columns.size() > 64) {
            throw new InvalidRequestException("templateVariables", "must hold 1 to 64 names, was " + columns.size());
        }
        for (String c : columns) {
            Checks.wireText(c, "templateVariables[]");
        }
        FreeSwitchCsvMapper probe = new FreeSwitchCsvMapper(java.time.ZoneOffset.UTC, columns); // validates now
        return new CdrSource("freeswitch-csv:" + f, f.toString(), (checkpoint, o) -> new CsvCursor(f, checkpoint,
                probe.withZone(o.zone()), o.maxFieldBytes(), o.maxRecordBytes(), o.completeFile()));
    }

    private static Path file(Path file) {
        return Checks.notNull(file, "file").toAbsolutePath().normalize();
    }

    /** The checkpoint key: the kind of source and its location, for example {@code asterisk-csv:/var/log/...}. */
    public String id() {
        return id;
    }

    /** A name for reports and rejects, for example the file's path. */
    public String name() {
        return name;
    }

    RecordCursor open(String checkpoint, ImportOptions options) throws Exception {
        return opener.open(checkpoint, options);
    }

    @Override
    public String toString() {
        return id;
    }
}
