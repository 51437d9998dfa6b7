package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.ActionObserver;
import io.voipkit.core.ActionObserver.Outcome;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.freeswitch.internal.EslInboundClient;
import io.voipkit.freeswitch.internal.RealFreeSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@link PbxConfig#actionObserver()} against the real FreeSWITCH 1.10.12 of {@code ../shared/pbx}
 * ({@link RealFreeSwitch}: skipped with the reason where it is absent or cannot run): the same
 * outcomes as against the simulator ({@code FreeSwitchActionTimingTest}), with FreeSWITCH's own
 * replies and its own {@code msleep}.
 */
class FreeSwitchActionTimingRealIT {

    record Timing(String action, Duration latency, Outcome outcome) {
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RealFreeSwitch fs;
    private final List<Timing> timings = new CopyOnWriteArrayList<>();
    private final ActionObserver observer = (p, a, l, o) -> timings.add(new Timing(a, l, o));
    private PbxConfig config;

    @BeforeAll
    static void start() throws Exception {
        fs = RealFreeSwitch.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @BeforeEach
    void observed() {
        config = PbxConfig.builder().connectTimeout(Duration.ofSeconds(10)).actionTimeout(Duration.ofSeconds(15))
                .actionObserver(observer).build();
    }

    private List<Timing> of(String action) {
        return timings.stream().filter(t -> t.action().equals(action)).toList();
    }

    @Test
    void everyActionOnceUnderItsCommandWithFreeSwitchsOutcome() {
        try (FreeSwitchPbx pbx = FreeSwitchPbx.builder().id("fs").host("127.0.0.1").port(fs.eslPort)
                .password(fs.password).config(config).build()) {
            pbx.connect();
            assertThat(timings).as("login and resync are not actions").isEmpty();

            assertThat(pbx.health().checkConnection().status()).isEqualTo(HealthStatus.UP);
            assertThat(of("status")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);

            OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("loopback/7703/default", "park", null)
                    .timeout(Duration.ofSeconds(10)).build());
            assertThat(r.success()).as("%s", r).isTrue();
            await().atMost(WAIT).until(() -> !of("originate").isEmpty());
            assertThat(of("originate")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);

            pbx.calls().hangup(r.uniqueId());
            assertThat(of("uuid_kill")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);
            assertThatThrownBy(() -> pbx.calls().hangup("00000000-0000-0000-0000-000000000000"))
                    .isInstanceOf(PbxActionFailedException.class);
            assertThat(of("uuid_kill")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS, Outcome.FAILED);
            assertThat(timings).allSatisfy(t -> assertThat(t.latency()).isGreaterThanOrEqualTo(Duration.ZERO));
        }
    }

    @Test
    void aCommandPastTheTimeoutIsOneTimeoutAndTheLateReplyAddsNothing() {
        PbxConfig fast = config.toBuilder().actionTimeout(Duration.ofMillis(500)).build();
        FsSupervisor.Target target = new FsSupervisor.Target("127.0.0.1", fs.eslPort, fs.password.toCharArray(),
                EslInboundClient.Format.PLAIN, List.of("CHANNEL_CREATE", "CHANNEL_HANGUP_COMPLETE", "BACKGROUND_JOB"));
        try (FreeSwitchComponents c = new FreeSwitchComponents("fs", target, fast, EndpointNaming.standard(), "voipkit",
                6001, 6099, null, Clock.systemUTC())) {
            c.connect();
            assertThatThrownBy(() -> c.supervisor().api("msleep", "1500")).isInstanceOf(PbxTimeoutException.class);
            assertThat(timings).extracting(Timing::action, Timing::outcome).containsExactly(tuple("msleep", Outcome.TIMEOUT));
            await().atMost(WAIT).until(() -> {
                try {
                    c.supervisor().api("status", null);
                    return true;
                } catch (PbxTimeoutException e) {
                    return false;
                }
            });
            assertThat(of("msleep")).hasSize(1);
            assertThat(of("status")).extracting(Timing::outcome).endsWith(Outcome.SUCCESS);
        }
    }
}
