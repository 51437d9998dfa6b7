package io.voipkit.ami.log;

import io.voipkit.ami.LogQuery;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogQueryTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");

    @Test
    void emptyQueryMatchesEverything() {
        LogLineReceived l = LogBufferTest.line(T0, LogLevel.UNKNOWN, null, "");

        assertThat(LogQuery.all().matches(l)).isTrue();
        assertThat(LogQuery.all().limit()).isEqualTo(LogQuery.DEFAULT_LIMIT);
    }

    @Test
    void criteriaAreAndedAndValuesOred() {
        LogQuery q = LogQuery.builder().levels(LogLevel.ERROR, LogLevel.WARNING).sources(List.of("res_pjsip", "app_dial")).build();

        assertThat(q.matches(LogBufferTest.line(T0, LogLevel.ERROR, "res_pjsip.c", "x"))).isTrue();
        assertThat(q.matches(LogBufferTest.line(T0, LogLevel.WARNING, "app_dial.c", "x"))).isTrue();
        assertThat(q.matches(LogBufferTest.line(T0, LogLevel.NOTICE, "app_dial.c", "x"))).isFalse();
        assertThat(q.matches(LogBufferTest.line(T0, LogLevel.ERROR, "pbx.c", "x"))).isFalse();
        assertThat(q.matches(LogBufferTest.line(T0, LogLevel.ERROR, null, "x"))).isFalse();
    }

    @Test
    void blankTextMeansNoTextFilter() {
        assertThat(LogQuery.builder().text("  ").build().text()).isNull();
        assertThat(LogQuery.builder().text(null).build().text()).isNull();
    }

    @Test
    void settingACriterionAgainReplacesIt() {
        LogQuery q = LogQuery.builder().endpoints(List.of("101-ep")).endpoints(List.of("102-ep")).build();

        assertThat(q.endpoints()).containsExactly("102-ep");
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> LogQuery.builder().limit(0)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> LogQuery.builder().endpoints(Arrays.asList("101-ep", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("endpoints[1]");
        assertThatThrownBy(() -> LogQuery.builder().sources(List.of(" "))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("sources[0]");
        assertThatThrownBy(() -> LogQuery.builder().text("a\nb")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("text");
        assertThatThrownBy(() -> LogQuery.builder().text("x".repeat(2000))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> LogQuery.builder().from(T0.plusSeconds(1)).until(T0).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> LogQuery.builder().levels((LogLevel[]) null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> LogQuery.all().matches(null)).isInstanceOf(InvalidRequestException.class);
    }
}
