package io.voipkit.ami.log;

import io.voipkit.ami.LogBuffer;
import io.voipkit.ami.LogMinuteCount;
import io.voipkit.ami.LogQuery;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.event.RawFields;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogBufferTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");

    static LogLineReceived line(Instant at, LogLevel level, String source, String message) {
        return new LogLineReceived("pbx1", at, RawFields.empty(), level, "1", null, source, message, "full");
    }

    static LogLineReceived line(int n) {
        return line(T0.plusSeconds(n), LogLevel.VERBOSE, "pbx.c", "line " + n);
    }

    @Test
    void keepsTheLastCapacityLinesAndCountsEvictions() {
        LogBuffer buffer = new LogBuffer(3);

        for (int i = 1; i <= 5; i++) {
            buffer.add(line(i));
        }

        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.capacity()).isEqualTo(3);
        assertThat(buffer.evicted()).isEqualTo(2);
        assertThat(buffer.added()).isEqualTo(5);
        assertThat(buffer.recent(10)).extracting(LogLineReceived::message).containsExactly("line 3", "line 4", "line 5");
        assertThat(buffer.recent(2)).extracting(LogLineReceived::message).containsExactly("line 4", "line 5");
        assertThat(buffer.recent(0)).isEmpty();
    }

    @Test
    void defaultCapacityIsTenThousand() {
        assertThat(new LogBuffer().capacity()).isEqualTo(10_000);
    }

    @Test
    void countsPerLevelTotalAndBuffered() {
        LogBuffer buffer = new LogBuffer(2);

        buffer.add(line(T0, LogLevel.ERROR, "a.c", "e1"));
        buffer.add(line(T0, LogLevel.WARNING, "a.c", "w1"));
        buffer.add(line(T0, LogLevel.WARNING, "a.c", "w2")); // evicts e1

        Map<LogLevel, Long> total = buffer.totalCounts();
        Map<LogLevel, Long> buffered = buffer.bufferedCounts();
        assertThat(total).containsEntry(LogLevel.ERROR, 1L).containsEntry(LogLevel.WARNING, 2L).containsEntry(LogLevel.DEBUG, 0L)
                .hasSize(LogLevel.values().length);
        assertThat(buffered).containsEntry(LogLevel.ERROR, 0L).containsEntry(LogLevel.WARNING, 2L);
    }

    @Test
    void clearEmptiesTheBufferButKeepsTheStatistics() {
        Clock clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
        LogBuffer buffer = new LogBuffer(2, clock);
        buffer.add(line(T0, LogLevel.ERROR, "a.c", "e1"));
        buffer.add(line(T0, LogLevel.ERROR, "a.c", "e2"));
        buffer.add(line(T0, LogLevel.ERROR, "a.c", "e3"));

        buffer.clear();

        assertThat(buffer.size()).isZero();
        assertThat(buffer.recent(10)).isEmpty();
        assertThat(buffer.bufferedCounts()).containsEntry(LogLevel.ERROR, 0L);
        assertThat(buffer.totalCounts()).containsEntry(LogLevel.ERROR, 3L);
        assertThat(buffer.evicted()).isEqualTo(1);
        assertThat(buffer.linesPerMinute(1)).containsExactly(new LogMinuteCount(T0, 3));

        buffer.add(line(T0, LogLevel.NOTICE, "a.c", "after clear"));
        assertThat(buffer.recent(10)).extracting(LogLineReceived::message).containsExactly("after clear");
    }

    @Test
    void linesPerMinuteEndsAtTheClocksMinuteWithZerosForQuietMinutes() {
        Clock clock = Clock.fixed(T0.plusSeconds(3 * 60 + 10), ZoneOffset.UTC); // 20:03:10
        LogBuffer buffer = new LogBuffer(100, clock);
        buffer.add(line(T0.plusSeconds(5), LogLevel.VERBOSE, "a.c", "20:00:05"));
        buffer.add(line(T0.plusSeconds(59), LogLevel.VERBOSE, "a.c", "20:00:59"));
        buffer.add(line(T0.plusSeconds(2 * 60), LogLevel.VERBOSE, "a.c", "20:02:00"));
        buffer.add(line(T0.plusSeconds(3 * 60 + 1), LogLevel.VERBOSE, "a.c", "20:03:01"));
        buffer.add(line(T0.minusSeconds(3600), LogLevel.VERBOSE, "a.c", "an hour before"));

        List<LogMinuteCount> chart = buffer.linesPerMinute(4);

        assertThat(chart).containsExactly(
                new LogMinuteCount(T0, 2),
                new LogMinuteCount(T0.plusSeconds(60), 0),
                new LogMinuteCount(T0.plusSeconds(120), 1),
                new LogMinuteCount(T0.plusSeconds(180), 1));
        assertThat(buffer.linesPerMinute(64).get(0)).isEqualTo(new LogMinuteCount(T0.minusSeconds(3600), 1));
    }

    @Test
    void linesOlderThanTheRateHistoryDoNotOverwriteNewerMinutes() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        LogBuffer buffer = new LogBuffer(100, clock);
        buffer.add(line(T0, LogLevel.VERBOSE, "a.c", "now"));

        buffer.add(line(T0.minusSeconds(LogBuffer.RATE_HISTORY_MINUTES * 60L), LogLevel.VERBOSE, "a.c", "exactly a day before"));

        assertThat(buffer.linesPerMinute(1)).containsExactly(new LogMinuteCount(T0, 1));
    }

    @Test
    void queryReturnsTheMostRecentMatchesOldestFirstUpToTheLimit() {
        LogBuffer buffer = new LogBuffer(100);
        for (int i = 1; i <= 10; i++) {
            buffer.add(line(T0.plusSeconds(i), i % 2 == 0 ? LogLevel.ERROR : LogLevel.VERBOSE, "a.c", "m" + i));
        }

        List<LogLineReceived> errors = buffer.query(LogQuery.builder().levels(LogLevel.ERROR).limit(3).build());

        assertThat(errors).extracting(LogLineReceived::message).containsExactly("m6", "m8", "m10");
        assertThat(buffer.query(LogQuery.all())).hasSize(10);
    }

    @Test
    void queryBySectionEndpointsTextSourceAndTime() {
        LogBuffer buffer = new LogBuffer(100);
        buffer.add(line(T0, LogLevel.VERBOSE, "app_dial.c", "Called PJSIP/101-ep"));
        buffer.add(line(T0.plusSeconds(1), LogLevel.ERROR, "res_pjsip.c", "Endpoint '102-ep': Could not create dialog"));
        buffer.add(line(T0.plusSeconds(2), LogLevel.ERROR, "chan_pjsip.c", "Failed to create outgoing session to endpoint '101-ep'"));
        buffer.add(line(T0.plusSeconds(3), LogLevel.NOTICE, "manager.c", "127.0.0.1 failed to authenticate as 'monitor'"));
        buffer.add(line(T0.plusSeconds(4), LogLevel.VERBOSE, "app_dial.c", "Called PJSIP/1101-ep"));

        assertThat(messages(buffer, LogQuery.builder().endpoints(List.of("101-ep")).build()))
                .containsExactly("Called PJSIP/101-ep", "Failed to create outgoing session to endpoint '101-ep'");
        assertThat(messages(buffer, LogQuery.builder().endpoints(List.of("101-ep", "102-ep")).levels(LogLevel.ERROR).build()))
                .hasSize(2);
        assertThat(messages(buffer, LogQuery.builder().sources(List.of("PJSIP")).build())).hasSize(2);
        assertThat(messages(buffer, LogQuery.builder().sources(List.of("app_dial")).build())).hasSize(2);
        assertThat(messages(buffer, LogQuery.builder().sources(List.of("res_pjsip.c")).build())).hasSize(1);
        assertThat(messages(buffer, LogQuery.builder().text("AUTHENTICATE").build()))
                .containsExactly("127.0.0.1 failed to authenticate as 'monitor'");
        assertThat(messages(buffer, LogQuery.builder().text("manager").build())).hasSize(1); // matches the source
        assertThat(messages(buffer, LogQuery.builder().from(T0.plusSeconds(1)).until(T0.plusSeconds(3)).build())).hasSize(2);
        assertThat(messages(buffer, LogQuery.builder().files(List.of("messages")).build())).isEmpty();
        assertThat(messages(buffer, LogQuery.builder().files(List.of("full")).build())).hasSize(5);
    }

    private static List<String> messages(LogBuffer buffer, LogQuery q) {
        return buffer.query(q).stream().map(LogLineReceived::message).toList();
    }

    @Test
    void concurrentWritersAndReadersSeeAConsistentBuffer() throws Exception {
        LogBuffer buffer = new LogBuffer(1000);
        int writers = 4;
        int perWriter = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perWriter; i++) {
                    buffer.add(line(i));
                }
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            go.await();
            for (int i = 0; i < 200; i++) {
                assertThat(buffer.query(LogQuery.all()).size()).isLessThanOrEqualTo(1000);
                assertThat(buffer.recent(50).size()).isLessThanOrEqualTo(50);
            }
            return null;
        }));
        go.countDown();
        for (var f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(buffer.added()).isEqualTo((long) writers * perWriter);
        assertThat(buffer.size()).isEqualTo(1000);
        assertThat(buffer.evicted()).isEqualTo((long) writers * perWriter - 1000);
        assertThat(buffer.bufferedCounts().get(LogLevel.VERBOSE)).isEqualTo(1000);
        assertThat(buffer.totalCounts().get(LogLevel.VERBOSE)).isEqualTo((long) writers * perWriter);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new LogBuffer(0)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new LogBuffer(LogBuffer.MAX_CAPACITY + 1)).isInstanceOf(InvalidRequestException.class);
        LogBuffer buffer = new LogBuffer(1);
        assertThatThrownBy(() -> buffer.add(null)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("line");
        assertThatThrownBy(() -> buffer.recent(-1)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> buffer.query(null)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("query");
        assertThatThrownBy(() -> buffer.linesPerMinute(0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> buffer.linesPerMinute(LogBuffer.RATE_HISTORY_MINUTES + 1)).isInstanceOf(InvalidRequestException.class);
    }
}
