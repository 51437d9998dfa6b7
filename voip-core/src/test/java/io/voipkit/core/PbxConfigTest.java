package io.voipkit.core;

import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.SubscriptionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PbxConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        PbxConfig c = PbxConfig.defaults();

        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.actionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.reconnectInitialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.reconnectMultiplier()).isEqualTo(2.0);
        assertThat(c.eventQueueCapacity()).isEqualTo(8192);
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
        assertThat(c.maxFrameLineLength()).isEqualTo(8192);
        assertThat(c.maxHeadersPerFrame()).isEqualTo(1024);
        assertThat(c.maxFrameBytes()).isEqualTo(1024 * 1024);
        assertThat(c.resyncTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(PbxConfig.builder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        PbxConfig c = PbxConfig.builder().connectTimeout(Duration.ofSeconds(2)).actionTimeout(Duration.ofSeconds(3))
                .reconnectInitialDelay(Duration.ofMillis(200)).reconnectMaxDelay(Duration.ofSeconds(7))
                .reconnectMultiplier(1.5).eventQueueCapacity(100).overflowPolicy(OverflowPolicy.DROP_OLDEST)
                .maxFrameLineLength(1000).maxHeadersPerFrame(50).maxFrameBytes(4096).resyncTimeout(Duration.ofSeconds(9))
                .build();

        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c).isNotEqualTo(PbxConfig.defaults());
        assertThat(c.toBuilder().actionTimeout(Duration.ofSeconds(4)).build()).isNotEqualTo(c);
        assertThat(c.toString()).contains("actionTimeout=PT3S", "overflowPolicy=DROP_OLDEST");
    }

    @Test
    void actionObserverIsNoneByDefaultAndKeptByToBuilderAndProperties() {
        ActionObserver observer = (pbx, action, latency, outcome) -> { };
        PbxConfig c = PbxConfig.builder().actionTimeout(Duration.ofSeconds(3)).actionObserver(observer).build();

        assertThat(PbxConfig.defaults().actionObserver()).isSameAs(ActionObserver.NONE);
        assertThat(c.actionObserver()).isSameAs(observer);
        assertThat(c.toBuilder().build().actionObserver()).isSameAs(observer);
        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        // properties() has no key for it and must not reset it
        assertThat(c.toBuilder().properties(Map.of("action-timeout", "4s")).build().actionObserver()).isSameAs(observer);
        // behaviour differs, so the configs differ
        assertThat(c).isNotEqualTo(c.toBuilder().actionObserver(ActionObserver.NONE).build());
        assertThat(c.toBuilder().actionObserver((pbx, action, latency, outcome) -> { }).build()).isNotEqualTo(c);
    }

    @Test
    void toStringNamesTheObserversClassNeverItsText() {
        ActionObserver chatty = new ActionObserver() {
            @Override
            public void actionCompleted(String pbxId, String action, Duration latency, Outcome outcome) {
            }

            @Override
            public String toString() {
                return "observer with token s3cr3t";
            }
        };
        assertThat(PbxConfig.defaults().toString()).contains("actionObserver=none");
        assertThat(PbxConfig.builder().actionObserver(chatty).build().toString())
                .contains("actionObserver=" + chatty.getClass().getName()).doesNotContain("s3cr3t");
    }

    @Test
    void aNullActionObserverIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> PbxConfig.builder().actionObserver(null))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("actionObserver:");
    }

    @Test
    void subscriptionDefaultsFollowTheConfig() {
        PbxConfig c = PbxConfig.builder().eventQueueCapacity(64).overflowPolicy(OverflowPolicy.FAIL).build();
        SubscriptionOptions o = c.subscriptionDefaults();
        assertThat(o.queueCapacity()).isEqualTo(64);
        assertThat(o.overflowPolicy()).isEqualTo(OverflowPolicy.FAIL);
        assertThat(o.executor()).isNull();
    }

    @Test
    void reconnectDelayGrowsByTheMultiplierUpToTheMaximum() {
        PbxConfig c = PbxConfig.defaults();
        assertThat(c.reconnectDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.reconnectDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.reconnectDelay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(c.reconnectDelay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.reconnectDelay(10_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PbxConfig.builder().reconnectMultiplier(1.0).build().reconnectDelay(50)).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> c.reconnectDelay(0)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void invalidValuesAreRejectedNamingTheSetting() {
        assertField(() -> PbxConfig.builder().connectTimeout(Duration.ZERO), "connectTimeout");
        assertField(() -> PbxConfig.builder().actionTimeout(Duration.ofSeconds(-1)), "actionTimeout");
        assertField(() -> PbxConfig.builder().actionTimeout(null), "actionTimeout");
        assertField(() -> PbxConfig.builder().resyncTimeout(Duration.ofHours(2)), "resyncTimeout");
        assertField(() -> PbxConfig.builder().reconnectInitialDelay(Duration.ZERO), "reconnectInitialDelay");
        assertField(() -> PbxConfig.builder().reconnectMultiplier(0.5), "reconnectMultiplier");
        assertField(() -> PbxConfig.builder().reconnectMultiplier(Double.NaN), "reconnectMultiplier");
        assertField(() -> PbxConfig.builder().eventQueueCapacity(0), "eventQueueCapacity");
        assertField(() -> PbxConfig.builder().eventQueueCapacity(SubscriptionOptions.MAX_QUEUE_CAPACITY + 1), "eventQueueCapacity");
        assertField(() -> PbxConfig.builder().overflowPolicy(null), "overflowPolicy");
        assertField(() -> PbxConfig.builder().maxFrameLineLength(10), "maxFrameLineLength");
        assertField(() -> PbxConfig.builder().maxHeadersPerFrame(0), "maxHeadersPerFrame");
        assertField(() -> PbxConfig.builder().maxFrameBytes(-1), "maxFrameBytes");
    }

    @Test
    void relationsBetweenSettingsAreCheckedOnBuild() {
        assertField(() -> PbxConfig.builder().reconnectInitialDelay(Duration.ofSeconds(10))
                .reconnectMaxDelay(Duration.ofSeconds(5)).build(), "reconnectMaxDelay");
        assertField(() -> PbxConfig.builder().maxFrameLineLength(8192).maxFrameBytes(4096).build(), "maxFrameBytes");
    }

    @Test
    void propertiesInKebabOrCamelCaseAreApplied() {
        Map<String, String> p = new HashMap<>();
        p.put("host", "127.0.0.1");                 // an adapter setting: ignored here
        p.put("connect-timeout", "2s");
        p.put("actionTimeout", "PT3S");
        p.put("reconnect-initial-delay", "250");    // plain number: milliseconds
        p.put("reconnect-max-delay", "1m");
        p.put("reconnect-multiplier", "1.5");
        p.put("event-queue-capacity", "16_384");
        p.put("overflow-policy", "drop-oldest");
        p.put("max-frame-line-length", "4096");
        p.put("max-headers-per-frame", "100");
        p.put("max-frame-bytes", "65536");
        p.put("resync-timeout", "1h");

        PbxConfig c = PbxConfig.builder().properties(p).build();

        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.actionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.reconnectInitialDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.reconnectMultiplier()).isEqualTo(1.5);
        assertThat(c.eventQueueCapacity()).isEqualTo(16_384);
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(c.maxFrameLineLength()).isEqualTo(4096);
        assertThat(c.maxHeadersPerFrame()).isEqualTo(100);
        assertThat(c.maxFrameBytes()).isEqualTo(65536);
        assertThat(c.resyncTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void snakeCaseAndDottedKeysAreAppliedNotSilentlyDropped() {
        PbxConfig c = PbxConfig.builder().properties(Map.of("action_timeout", "4s", "reconnect.max.delay", "2m",
                "EVENT_QUEUE_CAPACITY", "2048")).build();

        assertThat(c.actionTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.reconnectMaxDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.eventQueueCapacity()).isEqualTo(2048);
        assertField(() -> PbxConfig.builder().properties(Map.of("action_timeout", "soon")), "action_timeout");
    }

    @ParameterizedTest
    @CsvSource({"action-timeout,soon", "action-timeout,5 parsecs", "action-timeout,-5s", "event-queue-capacity,lots",
            "overflow-policy,SOMETIMES", "reconnect-multiplier,x", "max-frame-bytes,1e9"})
    void unparsablePropertiesAreRejectedNamingTheKey(String key, String value) {
        assertField(() -> PbxConfig.builder().properties(Map.of(key, value)), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5s", "5000", "5000ms", "PT5S", "pt5s", " 5s "})
    void durationsAreReadInEveryDocumentedForm(String text) {
        assertThat(PbxConfig.builder().properties(Map.of("action-timeout", text)).build().actionTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    private static void assertField(Runnable r, String field) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
