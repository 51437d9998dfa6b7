package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.cdr.CallRecordSink;
import io.voipkit.cdr.CdrImporter;
import io.voipkit.cdr.CdrSource;
import io.voipkit.cdr.CheckpointStore;
import io.voipkit.cdr.ImportReport;
import io.voipkit.cdr.InMemoryCallRecordSink;
import io.voipkit.cdr.JdbcCallRecordSink;
import io.voipkit.spring.boot.internal.CdrConnections;
import io.voipkit.spring.boot.internal.CdrImportRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Conditions, back-off, sources, sinks, checkpoints and the scheduled import of {@link VoipCdrAutoConfiguration}. */
class VoipCdrAutoConfigurationTest {

    /** Three rows as a real Asterisk 22 writes them (the first rows of ../shared/fixtures/cdr/asterisk-Master.csv). */
    static byte[] masterCsvRows() throws IOException {
        try (var in = VoipCdrAutoConfigurationTest.class.getResourceAsStream("/voipkit/Master-3-rows.csv")) {
            return in.readAllBytes();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipCdrAutoConfiguration.class));

    @TempDir
    Path dir;

    Path masterCsv() throws IOException {
        Path f = dir.resolve("Master.csv");
        Files.write(f, masterCsvRows());
        return f;
    }

    @Test
    void defaults_memorySinkMemoryCheckpointsAndAnUnscheduledRunner() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CdrImporter.class).hasSingleBean(CdrImportRunner.class);
            assertThat(context.getBean(CallRecordSink.class)).isInstanceOf(InMemoryCallRecordSink.class);
            CdrImportRunner r = context.getBean(CdrImportRunner.class);
            assertThat(r.hasSource()).isFalse();
            assertThat(r.scheduled()).isFalse();
        });
    }

    @Test
    void asteriskCsvSource_importsOnce_andTheCheckpointSkipsWhatWasRead() throws IOException {
        Path csv = masterCsv();
        runner.withPropertyValues("voip.cdr.source.type=asterisk-csv", "voip.cdr.source.path=" + csv,
                "voip.cdr.zone=Europe/Berlin").run(context -> {
                    CdrImportRunner r = context.getBean(CdrImportRunner.class);
                    ImportReport first = r.runOnce();
                    assertThat(first.imported()).isEqualTo(3);
                    assertThat(first.rejected()).isZero();
                    ImportReport second = r.runOnce();
                    assertThat(second.rowsRead()).isZero();
                    assertThat(((InMemoryCallRecordSink) context.getBean(CallRecordSink.class)).size()).isEqualTo(3);
                    assertThat(r.imported()).isEqualTo(3);
                    assertThat(r.runs()).isEqualTo(2);
                });
    }

    @Test
    void schedule_importsInTheBackground() throws IOException {
        Path csv = masterCsv();
        runner.withPropertyValues("voip.cdr.source.type=asterisk-csv", "voip.cdr.source.path=" + csv,
                "voip.cdr.schedule=200ms", "voip.cdr.initial-delay=0s").run(context -> {
                    CdrImportRunner r = context.getBean(CdrImportRunner.class);
                    assertThat(r.scheduled()).isTrue();
                    await().atMost(Duration.ofSeconds(20)).until(() -> r.imported() == 3);
                    assertThat(r.lastReport()).isPresent();
                });
    }

    @Test
    void checkpointDir_keepsTheCheckpointsInFiles() throws IOException {
        Path csv = masterCsv();
        Path checkpoints = dir.resolve("checkpoints");
        runner.withPropertyValues("voip.cdr.source.type=asterisk-csv", "voip.cdr.source.path=" + csv,
                "voip.cdr.checkpoint-dir=" + checkpoints).run(context -> {
                    context.getBean(CdrImportRunner.class).runOnce();
                    try (var files = Files.list(checkpoints)) {
                        assertThat(files.toList()).hasSize(1);
                    }
                });
        // A new application finds the checkpoint: nothing is read again.
        runner.withPropertyValues("voip.cdr.source.type=asterisk-csv", "voip.cdr.source.path=" + csv,
                "voip.cdr.checkpoint-dir=" + checkpoints).run(context ->
                assertThat(context.getBean(CdrImportRunner.class).runOnce().rowsRead()).isZero());
    }

    @Test
    void applicationDataSource_holdsTheCallLog() {
        runner.withUserConfiguration(AppDataSource.class).run(context -> {
            assertThat(context.getBean(CallRecordSink.class)).isInstanceOf(JdbcCallRecordSink.class);
            assertThat(((JdbcCallRecordSink) context.getBean(CallRecordSink.class)).table()).isEqualTo("voip_call_log");
        });
        runner.withUserConfiguration(AppDataSource.class)
                .withPropertyValues("voip.cdr.sink.use-application-data-source=false").run(context ->
                        assertThat(context.getBean(CallRecordSink.class)).isInstanceOf(InMemoryCallRecordSink.class));
    }

    @Test
    void sinkUrl_opensAPoolOfItsOwn_closedWithTheContext_andHidesThePassword() {
        runner.withPropertyValues("voip.cdr.sink.url=jdbc:postgresql://127.0.0.1:1/crm", "voip.cdr.sink.username=crm",
                "voip.cdr.sink.password=pa55-word", "voip.cdr.sink.table=calls").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(((JdbcCallRecordSink) context.getBean(CallRecordSink.class)).table()).isEqualTo("calls");
                    assertThat(context.getBean(CdrConnections.class).toString()).contains("127.0.0.1");
                    assertThat(context.getBean(VoipCdrProperties.class).toString()).doesNotContain("pa55-word");
                });
    }

    @Test
    void userSinkAndSource_backOffOurs() throws IOException {
        Path csv = masterCsv();
        runner.withUserConfiguration(UserSinkAndSource.class)
                .withBean("csvPath", Path.class, () -> csv).run(context -> {
                    assertThat(context.getBean(CallRecordSink.class)).isSameAs(context.getBean("mySink"));
                    CdrImportRunner r = context.getBean(CdrImportRunner.class);
                    assertThat(r.hasSource()).isTrue();
                    assertThat(r.runOnce().imported()).isEqualTo(3);
                    assertThat(((InMemoryCallRecordSink) context.getBean("mySink")).size()).isEqualTo(3);
                });
    }

    @Test
    void userCheckpointStoreAndImporter_backOffOurs() {
        runner.withBean("myStore", CheckpointStore.class, CheckpointStore::inMemory)
                .withBean("myImporter", CdrImporter.class, () -> CdrImporter.builder().sink(new InMemoryCallRecordSink()).build())
                .run(context -> {
                    assertThat(context).hasSingleBean(CheckpointStore.class).hasSingleBean(CdrImporter.class);
                    assertThat(context.getBean(CdrImporter.class)).isSameAs(context.getBean("myImporter"));
                });
    }

    @Test
    void missingSettings_failTheStartUpNamingTheProperty() {
        runner.withPropertyValues("voip.cdr.source.type=asterisk-csv").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.cdr.source.path");
        });
        runner.withPropertyValues("voip.cdr.source.type=database").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.cdr.source.url");
        });
        runner.withPropertyValues("voip.cdr.source.type=database", "voip.cdr.source.url=jdbc:oracle:thin:@x",
                "voip.cdr.source.username=u", "voip.cdr.source.password=p").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.cdr.source.url");
                });
        runner.withPropertyValues("voip.cdr.zone=Mars/Olympus").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.cdr.zone");
        });
        runner.withPropertyValues("voip.cdr.schedule=-5s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.cdr.schedule");
        });
    }

    @Test
    void databaseSource_isValidatedAtStartUp_withoutConnecting() {
        runner.withPropertyValues("voip.cdr.source.type=database", "voip.cdr.source.url=jdbc:postgresql://127.0.0.1:1/pbx",
                "voip.cdr.source.username=reader", "voip.cdr.source.password=x", "voip.cdr.source.table=cdr")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CdrImportRunner.class).hasSource()).isTrue();
                });
        runner.withPropertyValues("voip.cdr.source.type=database", "voip.cdr.source.url=jdbc:postgresql://127.0.0.1:1/pbx",
                "voip.cdr.source.username=reader", "voip.cdr.source.password=x", "voip.cdr.source.table=cdr; drop table x")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("voip.cdr.source.table");
                });
    }

    @Test
    void disabledOrAbsent_createsNothing() {
        runner.withPropertyValues("voip.cdr.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(CdrImporter.class).doesNotHaveBean(CdrImportRunner.class));
        runner.withClassLoader(new FilteredClassLoader(CdrImporter.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("voipCdrImporter"));
    }

    @Configuration(proxyBeanMethods = false)
    static class AppDataSource {
        @Bean
        DataSource dataSource() {
            return Mockito.mock(DataSource.class);   // never asked for a connection: the sink connects on first write
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSinkAndSource {
        @Bean
        CallRecordSink mySink() {
            return new InMemoryCallRecordSink();
        }

        @Bean
        CdrSource mySource(Path csvPath) {
            return CdrSource.asteriskCsv(csvPath);
        }
    }
}
