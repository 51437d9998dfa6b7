package io.voipkit.spring.boot;

import io.voipkit.cdr.AsteriskCsvLayout;
import io.voipkit.core.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code voip.cdr.*} properties: where call records are imported from, where they go, and
 * how often. Immutable; bound once at start-up. {@link #toString()} never shows the passwords.
 *
 * <pre>
 * voip.cdr.source.type=asterisk-csv
 * voip.cdr.source.path=/var/log/asterisk/cdr-csv/Master.csv
 * voip.cdr.zone=Europe/Berlin
 * voip.cdr.schedule=1m
 * voip.cdr.checkpoint-dir=/var/lib/crm/cdr-checkpoints
 * </pre>
 *
 * @param enabled         Whether to create the {@code CdrImporter} beans when {@code voip-cdr} is on the classpath
 * @param source          Where the call records come from
 * @param zone            The zone of timestamps without one (Asterisk CSV, {@code timestamp} columns), for
 *                        example {@code Europe/Berlin}; empty means UTC
 * @param schedule        The pause between two scheduled imports of the source (fixed delay); 0 turns the
 *                        scheduled import off
 * @param initialDelay    The wait before the first scheduled import after start-up
 * @param checkpointDir   A directory for the import checkpoints (one small file per source); without it the
 *                        checkpoints go into the call-log database when there is one, else they are kept
 *                        in memory (a restart then imports everything again, and the sink drops the duplicates)
 * @param trunks          Endpoints that are trunks: calls in on them are inbound, out on them outbound
 * @param inboundContexts Dialplan contexts where outside calls arrive: such calls are inbound
 * @param sink            Where imported records are stored
 */
@ConfigurationProperties("voip.cdr")
public record VoipCdrProperties(@DefaultValue("true") boolean enabled, @DefaultValue Source source, String zone,
                                @DefaultValue("0s") Duration schedule, @DefaultValue("10s") Duration initialDelay,
                                Path checkpointDir, List<String> trunks, List<String> inboundContexts,
                                @DefaultValue Sink sink) {

    /** Validates the durations; copies the lists. */
    public VoipCdrProperties {
        if (schedule == null || schedule.isNegative() || (!schedule.isZero() && schedule.toMillis() < 100)) {
            throw new InvalidRequestException("voip.cdr.schedule", "must be 0 (off) or at least 100ms, was " + schedule);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new InvalidRequestException("voip.cdr.initial-delay", "must not be negative, was " + initialDelay);
        }
        trunks = trunks == null ? List.of() : List.copyOf(trunks);
        inboundContexts = inboundContexts == null ? List.of() : List.copyOf(inboundContexts);
        if (source == null) {
            source = new Source(SourceType.NONE, null, AsteriskCsvLayout.AUTO, null, null, null, "cdr", Duration.ofDays(7));
        }
        if (sink == null) {
            sink = new Sink(null, null, null, "voip_call_log", true);
        }
    }

    /** The kinds of source. */
    public enum SourceType {
        /** No source: the importer bean exists, nothing is imported on a schedule. */
        NONE,
        /** An Asterisk {@code cdr_csv} file ({@code Master.csv}). */
        ASTERISK_CSV,
        /** A FreeSWITCH {@code mod_cdr_csv} file written with the default template. */
        FREESWITCH_CSV,
        /** An Asterisk CDR table on PostgreSQL or MariaDB/MySQL. */
        DATABASE
    }

    /**
     * The {@code voip.cdr.source.*} properties.
     *
     * @param type     The kind of source: {@code none}, {@code asterisk-csv}, {@code freeswitch-csv} or {@code database}
     * @param path     The CSV file (for {@code asterisk-csv} and {@code freeswitch-csv})
     * @param layout   The column layout of an Asterisk CSV file; {@code auto} recognises it per row
     * @param url      The JDBC URL of the CDR database ({@code jdbc:postgresql:...}, {@code jdbc:mariadb:...})
     * @param username The database user (read access to the CDR table is enough)
     * @param password The database user's password; never logged
     * @param table    The CDR table ({@code name} or {@code schema.name})
     * @param lookBack How far back each database import reaches; the checkpoint makes a run read only rows
     *                 after the previous run's last one
     */
    public record Source(@DefaultValue("none") SourceType type, Path path,
                         @DefaultValue("auto") AsteriskCsvLayout layout, String url, String username,
                         String password, @DefaultValue("cdr") String table,
                         @DefaultValue("7d") Duration lookBack) {

        /** Validates the look-back. */
        public Source {
            if (lookBack == null || lookBack.isNegative() || lookBack.isZero()) {
                throw new InvalidRequestException("voip.cdr.source.look-back", "must be positive, was " + lookBack);
            }
        }

        @Override
        public String toString() {
            return "Source[type=" + type + ", path=" + path + ", layout=" + layout + ", url=" + url + ", username="
                    + username + ", password=" + (password == null ? "<none>" : "<hidden>") + ", table=" + table
                    + ", lookBack=" + lookBack + "]";
        }
    }

    /**
     * The {@code voip.cdr.sink.*} properties. Without a URL the call log goes into the
     * application's {@code DataSource} when there is one (and {@code use-application-data-source}),
     * else into memory.
     *
     * @param url                      The JDBC URL of a database of its own for the call log
     * @param username                 That database's user
     * @param password                 That user's password; never logged
     * @param table                    The call-log table, created if missing
     * @param useApplicationDataSource Whether the application's {@code DataSource} bean holds the call log
     *                                 when no URL is set
     */
    public record Sink(String url, String username, String password, @DefaultValue("voip_call_log") String table,
                       @DefaultValue("true") boolean useApplicationDataSource) {

        @Override
        public String toString() {
            return "Sink[url=" + url + ", username=" + username + ", password="
                    + (password == null ? "<none>" : "<hidden>") + ", table=" + table
                    + ", useApplicationDataSource=" + useApplicationDataSource + "]";
        }
    }
}
