package io.voipkit.spring.boot;

import io.voipkit.cdr.CallRecordSink;
import io.voipkit.cdr.CdrDatabase;
import io.voipkit.cdr.CdrImporter;
import io.voipkit.cdr.CdrSource;
import io.voipkit.cdr.CheckpointStore;
import io.voipkit.cdr.ContactLinker;
import io.voipkit.cdr.ContactLookup;
import io.voipkit.cdr.ImportOptions;
import io.voipkit.cdr.InMemoryCallRecordSink;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.spring.boot.internal.CdrConnections;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Call-record import from the {@code voip.cdr.*} properties ({@link VoipCdrProperties}), when
 * {@code voip-cdr} is on the classpath:
 *
 * <ul>
 *   <li>{@link CallRecordSink} ({@code voipCallRecordSink}): the call log in its own database
 *       ({@code voip.cdr.sink.url}), else in the application's {@link DataSource}, else in memory;</li>
 *   <li>{@link CheckpointStore} ({@code voipCdrCheckpointStore}): files in
 *       {@code voip.cdr.checkpoint-dir}, else a table next to a JDBC call log, else memory;</li>
 *   <li>{@link CdrImporter} ({@code voipCdrImporter}), linking contacts through the application's
 *       {@link ContactLookup} bean when there is one;</li>
 *   <li>{@link CdrImportRunner} ({@code voipCdrImportRunner}): imports {@code voip.cdr.source.*}
 *       every {@code voip.cdr.schedule} (off by default) and logs each report.</li>
 * </ul>
 *
 * <p>Each backs off when the application defines a bean of the same type (for the runner: a
 * {@link CdrSource} bean replaces the configured source). Turned off with
 * {@code voip.cdr.enabled=false}.
 */
@AutoConfiguration(after = VoipAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(CdrImporter.class)
@ConditionalOnProperty(prefix = "voip.cdr", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VoipCdrProperties.class)
public final class VoipCdrAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(VoipCdrAutoConfiguration.class);

    /** For Spring. */
    VoipCdrAutoConfiguration() {
    }

    /** The pools opened for {@code voip.cdr.source.url} and {@code voip.cdr.sink.url}; closed on shutdown. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    static CdrConnections voipCdrConnections() {
        return new CdrConnections();
    }

    /** The call log: its own database, the application's data source, or memory. */
    @Bean
    @ConditionalOnMissingBean
    static CallRecordSink voipCallRecordSink(VoipCdrProperties properties, CdrConnections connections,
                                             ObjectProvider<DataSource> dataSource) {
        CdrDatabase db = sinkDatabase(properties, connections, dataSource);
        if (db == null) {
            log.info("voipkit cdr: call log kept in memory (set voip.cdr.sink.url or define a DataSource to keep it)");
            return new InMemoryCallRecordSink();
        }
        try {
            return db.callLog(properties.sink().table());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("voip.cdr.sink.table", e.getMessage());
        }
    }

    private static CdrDatabase sinkDatabase(VoipCdrProperties properties, CdrConnections connections,
                                            ObjectProvider<DataSource> dataSource) {
        VoipCdrProperties.Sink sink = properties.sink();
        if (sink.url() != null && !sink.url().isBlank()) {
            return connections.connect(sink.url(), sink.username(), sink.password() == null ? "" : sink.password(),
                    "voip.cdr.sink.url");
        }
        DataSource ds = sink.useApplicationDataSource() ? dataSource.getIfUnique() : null;
        return ds == null ? null : CdrDatabase.of("app", ds);
    }

    /** Where each source's import position is kept. */
    @Bean
    @ConditionalOnMissingBean
    static CheckpointStore voipCdrCheckpointStore(VoipCdrProperties properties, CdrConnections connections,
                                                  ObjectProvider<DataSource> dataSource) {
        if (properties.checkpointDir() != null) {
            return CheckpointStore.directory(properties.checkpointDir());
        }
        CdrDatabase db = sinkDatabase(properties, connections, dataSource);
        if (db != null) {
            return db.checkpoints();
        }
        if (!properties.source().type().equals(VoipCdrProperties.SourceType.NONE)) {
            log.warn("voipkit cdr: import checkpoints kept in memory: after a restart the source is read from the "
                    + "start again (the call log drops the duplicates); set voip.cdr.checkpoint-dir to avoid that");
        }
        return CheckpointStore.inMemory();
    }

    /** The importer, linking contacts when the application provides a {@link ContactLookup}. */
    @Bean
    @ConditionalOnMissingBean
    static CdrImporter voipCdrImporter(CallRecordSink sink, CheckpointStore checkpoints,
                                       ObjectProvider<ContactLookup> contacts) {
        CdrImporter.Builder b = CdrImporter.builder().sink(sink).checkpoints(checkpoints);
        ContactLookup lookup = contacts.getIfUnique();
        if (lookup != null) {
            b.contacts(ContactLinker.builder(lookup).build());
        }
        return b.build();
    }

    /** Imports the configured source on a schedule (off unless {@code voip.cdr.schedule > 0}). */
    @Bean
    @ConditionalOnMissingBean
    static CdrImportRunner voipCdrImportRunner(CdrImporter importer, VoipCdrProperties properties,
                                               CdrConnections connections, ObjectProvider<CdrSource> userSource) {
        CdrSource own = userSource.getIfUnique();
        Supplier<CdrSource> source = own != null ? () -> own : configuredSource(properties, connections);
        return new CdrImportRunner(importer, source, options(properties), properties.schedule(),
                properties.initialDelay());
    }

    static ImportOptions options(VoipCdrProperties properties) {
        ImportOptions.Builder b = ImportOptions.builder().zone(zone(properties.zone()));
        try {
            b.trunks(properties.trunks());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("voip.cdr.trunks", e.getMessage());
        }
        try {
            b.inboundContexts(properties.inboundContexts());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("voip.cdr.inbound-contexts", e.getMessage());
        }
        return b.build();
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new InvalidRequestException("voip.cdr.zone", "not a time zone: " + e.getMessage());
        }
    }

    private static Supplier<CdrSource> configuredSource(VoipCdrProperties properties, CdrConnections connections) {
        VoipCdrProperties.Source s = properties.source();
        switch (s.type()) {
            case NONE:
                return null;
            case ASTERISK_CSV: {
                CdrSource csv = CdrSource.asteriskCsv(requirePath(s), s.layout());
                return () -> csv;
            }
            case FREESWITCH_CSV: {
                CdrSource csv = CdrSource.freeSwitchCsv(requirePath(s));
                return () -> csv;
            }
            case DATABASE: {
                if (s.url() == null || s.url().isBlank()) {
                    throw new InvalidRequestException("voip.cdr.source.url", "is required for source type database");
                }
                CdrDatabase db = connections.connect(s.url(), s.username(), s.password() == null ? "" : s.password(),
                        "voip.cdr.source.url");
                String table = s.table();
                Duration lookBack = s.lookBack();
                Clock clock = Clock.systemUTC();
                try {
                    db.asteriskCdrTable(table, clock.instant().minus(lookBack), clock.instant().plusSeconds(60));
                } catch (InvalidRequestException e) {
                    throw new InvalidRequestException("voip.cdr.source.table", e.getMessage());
                }
                // A new range per run: the window moves with time; the checkpoint skips what was read.
                return () -> {
                    Instant now = clock.instant();
                    return db.asteriskCdrTable(table, now.minus(lookBack), now.plusSeconds(60));
                };
            }
            default:
                throw new IllegalStateException("unknown source type " + s.type());
        }
    }

    private static java.nio.file.Path requirePath(VoipCdrProperties.Source s) {
        if (s.path() == null) {
            throw new InvalidRequestException("voip.cdr.source.path", "is required for source type "
                    + s.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return s.path();
    }
}
