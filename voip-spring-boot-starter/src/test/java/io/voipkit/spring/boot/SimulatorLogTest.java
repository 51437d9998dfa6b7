package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.ami.LogBuffer;
import io.voipkit.ami.LogQuery;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Pbx;
import io.voipkit.core.event.LogLevel;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.spring.boot.internal.LogBufferFeed;
import io.voipkit.spring.boot.internal.SimulatorLogNoise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code voip.simulator.log-file}, {@code log-noise} and the {@link LogBuffer} bean ({@code voip.logs.*}). */
class SimulatorLogTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void simulatorLogFile_isTailedByThePbx_andItsLinesFillTheLogBuffer() {
        Path file = dir.resolve("sub/full");
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=2",
                        "voip.simulator.log-file=" + file, "voip.logs.buffer-lines=50")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(file).exists();
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    LogBuffer buffer = context.getBean(LogBuffer.class);
                    assertThat(buffer.capacity()).isEqualTo(50);
                    PbxSimulator simulator = context.getBean(PbxSimulator.class);
                    simulator.log("ERROR", "res_pjsip.c", "simulator-log-test for 101-ep");
                    await().atMost(WAIT).untilAsserted(() -> assertThat(
                            buffer.query(LogQuery.builder().text("simulator-log-test").build()))
                            .singleElement()
                            .satisfies(line -> {
                                assertThat(line.level()).isEqualTo(LogLevel.ERROR);
                                assertThat(line.pbxId()).isEqualTo("simulator");
                            }));
                    assertThat(Files.readString(file)).contains("simulator-log-test for 101-ep");
                });
    }

    @Test
    void simulatorLogFile_isEmptiedAtStart() throws Exception {
        Path file = dir.resolve("full");
        Files.writeString(file, "[2026-11-25 10:00:00] ERROR[1] old.c: from an earlier run\n");
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1", "voip.simulator.log-file=" + file)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(Files.readString(file)).doesNotContain("from an earlier run");
                });
    }

    @Test
    void simulatorLogFile_thatIsADirectory_failsNamingTheProperty() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.log-file=" + dir)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.simulator.log-file").hasMessageContaining("is a directory"));
    }

    @Test
    void noLogFiles_noLogBuffer() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(LogBuffer.class).doesNotHaveBean(LogBufferFeed.class);
                });
    }

    @Test
    void asteriskLogFiles_makeALogBuffer() {
        runner.withPropertyValues(VoipAutoConfigurationTest.asteriskOnClosedPort())
                .withPropertyValues("voip.asterisk.log-files=" + dir.resolve("full"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(LogBuffer.class).capacity()).isEqualTo(LogBuffer.DEFAULT_CAPACITY);
                    assertThat(context).hasSingleBean(LogBufferFeed.class);
                });
    }

    @Test
    void theApplicationsOwnLogBuffer_isFilledInstead() {
        LogBuffer own = new LogBuffer(7);
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1",
                        "voip.simulator.log-file=" + dir.resolve("full"))
                .withBean("myLogBuffer", LogBuffer.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(LogBuffer.class);
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    context.getBean(PbxSimulator.class).log("NOTICE", "chan_pjsip.c", "into my own buffer");
                    await().atMost(WAIT).until(() -> own.size() >= 1);
                });
    }

    @Test
    void invalidBufferLines_failNamingTheProperty() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1",
                        "voip.simulator.log-file=" + dir.resolve("full"), "voip.logs.buffer-lines=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.logs.buffer-lines"));
    }

    @Test
    void logNoise_withoutALogFile_failsNamingTheProperty() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1", "voip.simulator.log-noise=true")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("voip.simulator.log-noise").hasMessageContaining("voip.simulator.log-file"));
    }

    @Test
    void logNoise_isABeanOnlyWhenAskedFor() {
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1",
                        "voip.simulator.log-file=" + dir.resolve("full"))
                .run(context -> assertThat(context).doesNotHaveBean(SimulatorLogNoise.class));
        runner.withPropertyValues("voip.simulator.enabled=true", "voip.simulator.phones=1",
                        "voip.simulator.log-file=" + dir.resolve("full"), "voip.simulator.log-noise=true")
                .run(context -> assertThat(context).hasSingleBean(SimulatorLogNoise.class));
    }
}
