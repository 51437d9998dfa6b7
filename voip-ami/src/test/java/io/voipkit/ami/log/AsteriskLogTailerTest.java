package io.voipkit.ami.log;

import io.voipkit.ami.AsteriskLogTailer;
import io.voipkit.ami.LogBuffer;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AsteriskLogTailerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<LogLineReceived> received = new CopyOnWriteArrayList<>();
    private AsteriskLogTailer tailer;

    @AfterEach
    void close() {
        if (tailer != null) {
            tailer.close();
        }
    }

    private AsteriskLogTailer.Builder builder(Path... files) {
        AsteriskLogTailer.Builder b = AsteriskLogTailer.builder()
                .pbxId("pbx1")
                .pollInterval(Duration.ofMillis(10))
                .zone(ZoneOffset.UTC)
                .sink(received::add);
        for (Path f : files) {
            b.file(f);
        }
        return b;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<String> messages() {
        return received.stream().map(LogLineReceived::message).toList();
    }

    private static String entry(int n) {
        return "[2026-11-24 20:12:57.774] NOTICE[10530] loader.c: line " + n + "\n";
    }

    @Test
    void publishesAppendedLinesParsedToSinksAndBuffer() throws IOException {
        Path full = dir.resolve("full");
        append(full, entry(0));
        LogBuffer buffer = new LogBuffer(100);
        tailer = builder(full).buffer(buffer).build();
        tailer.start();

        append(full, "[Nov 24 20:16:39] VERBOSE[11138][C-00000001] app_dial.c: Called PJSIP/101-ep\n");

        await().atMost(WAIT).until(() -> received.size() == 1);
        LogLineReceived line = received.get(0);
        assertThat(line.pbxId()).isEqualTo("pbx1");
        assertThat(line.file()).isEqualTo("full");
        assertThat(line.level()).isEqualTo(LogLevel.VERBOSE);
        assertThat(line.callId()).isEqualTo("C-00000001");
        assertThat(line.source()).isEqualTo("app_dial.c");
        assertThat(line.message()).isEqualTo("Called PJSIP/101-ep");
        assertThat(line.timestamp().atZone(ZoneOffset.UTC).getMonthValue()).isEqualTo(11);
        assertThat(buffer.recent(10)).containsExactly(line);
        assertThat(tailer.linesRead()).isEqualTo(1);
    }

    @Test
    void anEventDispatcherCanBeTheSink() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        List<LogLineReceived> viaBus = new CopyOnWriteArrayList<>();
        try (EventDispatcher events = new EventDispatcher("pbx1")) {
            events.subscribe(LogLineReceived.class, viaBus::add);
            tailer = builder(full).sink(events::publish).build();
            tailer.start();

            append(full, entry(1) + entry(2));

            await().atMost(WAIT).until(() -> viaBus.size() == 2);
            assertThat(viaBus).extracting(LogLineReceived::message).containsExactly("line 1", "line 2");
        }
    }

    @Test
    void startAtBeginningReadsTheWholeFixtureFile() throws IOException {
        Path full = dir.resolve("full");
        Files.copy(io.voipkit.ami.internal.log.LogFixtures.log("asterisk-messages"), full);
        long lines = Files.readAllLines(full).size();
        LogBuffer buffer = new LogBuffer(1000);
        tailer = builder(full).startAtBeginning().buffer(buffer).build();
        tailer.start();

        await().atMost(WAIT).until(() -> received.size() == lines);
        assertThat(received.get(0).message()).startsWith("Asterisk 22.10.1");
        assertThat(buffer.size()).isEqualTo(lines);
        // The log pane of a section with phone 102-ep: its failed dial attempts, errors only.
        List<LogLineReceived> section = buffer.query(io.voipkit.ami.LogQuery.builder()
                .endpoints(List.of("102-ep")).levels(LogLevel.ERROR).sources(List.of("PJSIP")).build());
        assertThat(section).isNotEmpty().allSatisfy(l -> assertThat(l.message()).contains("'102-ep'"));
        assertThat(section).extracting(LogLineReceived::source).containsOnly("res_pjsip.c", "chan_pjsip.c");
    }

    @Test
    void aPartialLineIsPublishedOnlyOnceComplete() throws IOException {
        Path full = dir.resolve("full");
        Path messages = dir.resolve("messages");
        append(full, "");
        append(messages, "");
        tailer = builder(full, messages).build();
        tailer.start();

        append(full, "[2026-11-24 20:12:58.000] ERROR[1] a.c: hal");
        // Two marker lines in another file, each awaited: the tailer has polled "full" at least
        // once after the unfinished line was written.
        append(messages, entry(1));
        await().atMost(WAIT).until(() -> received.size() == 1);
        append(messages, entry(2));
        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(messages()).containsExactly("line 1", "line 2");

        append(full, "f a line\n");

        await().atMost(WAIT).until(() -> received.size() == 3);
        assertThat(received.get(2).message()).isEqualTo("half a line");
        assertThat(received.get(2).level()).isEqualTo(LogLevel.ERROR);
    }

    @Test
    void renameRotationLosesAndDuplicatesNothing() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        tailer = builder(full).build();
        tailer.start();

        for (int i = 0; i < 50; i++) {
            append(full, entry(i));
        }
        Files.move(full, dir.resolve("full.0"));
        append(dir.resolve("full.0"), entry(50)); // still written to the renamed file
        for (int i = 51; i < 100; i++) {
            append(full, entry(i));
        }

        await().atMost(WAIT).until(() -> received.size() >= 100);
        assertThat(messages()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 100).mapToObj(i -> "line " + i).toList());
        await().atMost(WAIT).until(() -> tailer.rotations() == 1);
    }

    @Test
    void truncationRestartsFromTheTop() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        tailer = builder(full).build();
        tailer.start();
        append(full, entry(1) + entry(2) + entry(3));
        await().atMost(WAIT).until(() -> received.size() == 3);

        try (RandomAccessFile raf = new RandomAccessFile(full.toFile(), "rw")) {
            raf.setLength(0);
        }
        append(full, entry(4));

        await().atMost(WAIT).until(() -> received.size() == 4);
        assertThat(messages()).containsExactly("line 1", "line 2", "line 3", "line 4");
        assertThat(tailer.rotations()).isEqualTo(1);
    }

    @Test
    void deletionThenRecreation() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        tailer = builder(full).build();
        tailer.start();
        append(full, entry(1));
        await().atMost(WAIT).until(() -> received.size() == 1);

        Files.delete(full);
        append(full, entry(2));

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(messages()).containsExactly("line 1", "line 2");
    }

    @Test
    void followsSeveralFilesAndAFileThatAppearsLater() throws IOException {
        Path full = dir.resolve("full");
        Path messages = dir.resolve("messages");
        append(full, "");
        tailer = builder(full, messages).build();
        tailer.start();

        append(messages, entry(1));
        append(full, entry(2));

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).extracting(LogLineReceived::file).containsExactlyInAnyOrder("full", "messages");
    }

    @Test
    void longLinesAreCutAndCounted() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        tailer = builder(full).maxLineBytes(1024).build();
        tailer.start();

        append(full, "[2026-11-24 20:12:57.774] ERROR[1] a.c: " + "x".repeat(1024 * 1024) + "\n" + entry(2));

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received.get(0).level()).isEqualTo(LogLevel.ERROR);
        assertThat(received.get(0).message()).contains("…[truncated ").hasSizeLessThan(1100);
        assertThat(received.get(1).message()).isEqualTo("line 2");
        assertThat(tailer.truncatedLines()).isEqualTo(1);
    }

    @Test
    void aThrowingSinkIsCountedAndKept() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        tailer = builder(full).sink(l -> {
            throw new IllegalStateException("boom");
        }).build();
        tailer.start();

        append(full, entry(1) + entry(2));

        await().atMost(WAIT).until(() -> received.size() == 2);
        await().atMost(WAIT).until(() -> tailer.sinkFailures() == 2);
    }

    @Test
    void runsOnOneNamedDaemonThreadAndCloseStopsIt() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        AtomicReference<Thread> thread = new AtomicReference<>();
        tailer = builder(full, dir.resolve("messages")).sink(l -> thread.set(Thread.currentThread())).build();
        tailer.start();
        append(full, entry(1));
        await().atMost(WAIT).until(() -> thread.get() != null);

        assertThat(thread.get().getName()).isEqualTo("voipkit-log-tailer-full+messages");
        assertThat(thread.get().isDaemon()).isTrue();
        assertThat(tailer.isRunning()).isTrue();

        tailer.close();

        assertThat(thread.get().isAlive()).isFalse();
        assertThat(tailer.isRunning()).isFalse();
        tailer.close(); // idempotent
    }

    @Test
    void lifecycleMisuseIsRejected() {
        tailer = builder(dir.resolve("full")).build();
        tailer.start();

        assertThatThrownBy(tailer::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        tailer.close();
        assertThatThrownBy(tailer::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void builderValidatesAndNamesTheField() {
        assertThatThrownBy(() -> AsteriskLogTailer.builder().file(dir.resolve("full")).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pbxId");
        assertThatThrownBy(() -> AsteriskLogTailer.builder().pbxId("p").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("files");
        assertThatThrownBy(() -> AsteriskLogTailer.builder().pbxId(" ")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AsteriskLogTailer.builder().pbxId("a\nb")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AsteriskLogTailer.builder().file(null)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("file");
        assertThatThrownBy(() -> AsteriskLogTailer.builder().pollInterval(Duration.ZERO))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> AsteriskLogTailer.builder().pollInterval(Duration.ofHours(1))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AsteriskLogTailer.builder().maxLineBytes(10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxLineBytes");
        assertThatThrownBy(() -> AsteriskLogTailer.builder().zone(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AsteriskLogTailer.builder().sink(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AsteriskLogTailer.builder().buffer(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void sameFileGivenTwiceIsFollowedOnce() {
        tailer = builder(dir.resolve("full"), dir.resolve("x/../full")).build();

        assertThat(tailer.files()).hasSize(1);
        assertThat(tailer.toString()).contains("pbx1").contains("full");
    }

    @Test
    void timestampsUseTheConfiguredZone() throws IOException {
        Path full = dir.resolve("full");
        append(full, "");
        tailer = builder(full).zone(java.time.ZoneId.of("Europe/Berlin")).build();
        tailer.start();

        append(full, "[2026-11-24 20:12:57.774] NOTICE[1] a.c: x\n");

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).timestamp()).isEqualTo(Instant.parse("2026-11-24T19:12:57.774Z"));
    }
}
