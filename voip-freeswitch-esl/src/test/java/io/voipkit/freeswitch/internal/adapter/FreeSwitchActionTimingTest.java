package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.ActionObserver.Outcome;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.freeswitch.internal.EslInboundClient;
import io.voipkit.simulator.esl.FreeSwitchSimulator;
import io.voipkit.testsupport.RecordingActionObserver;
import io.voipkit.testsupport.RecordingActionObserver.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@link PbxConfig#actionObserver()} on FreeSWITCH, against the simulator: every {@code api},
 * {@code bgapi} and {@code sendmsg} the façades send is reported exactly once under the command's
 * first word, with the outcome the caller saw.
 */
class FreeSwitchActionTimingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PbxConfig FAST = PbxConfig.builder().actionTimeout(Duration.ofSeconds(5))
            .reconnectInitialDelay(Duration.ofMillis(100)).reconnectMaxDelay(Duration.ofMillis(500)).build();

    private FreeSwitchSimulator sim;
    private Pbx pbx;
    private final RecordingActionObserver observer = new RecordingActionObserver();
    private final List<Timing> timings = observer.all();

    @BeforeEach
    void start() {
        sim = FreeSwitchSimulator.builder().heartbeat(Duration.ZERO).build().start();
    }

    @AfterEach
    void stop() {
        if (pbx != null) {
            pbx.close();
        }
        sim.close();
    }

    private Pbx build(PbxConfig config) {
        pbx = FreeSwitchPbx.builder().id("fs").host("127.0.0.1").port(sim.port()).password("ClueCon").config(config)
                .build();
        return pbx;
    }

    private Pbx connected() {
        build(FAST.toBuilder().actionObserver(observer).build()).connect();
        return pbx;
    }

    private List<Timing> of(String action) {
        return observer.of(action);
    }

    @Test
    void loginAndStateSyncAreNotActionsOfTheApplication() {
        connected();
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(timings).isEmpty();
    }

    @Test
    void apiCommandsAreTimedUnderTheirFirstWordOnTheCallingThread() {
        connected();
        assertThat(pbx.health().checkConnection().status()).isEqualTo(HealthStatus.UP);
        pbx.calls().activeChannels();
        // synchronous api: reported before the call returned
        assertThat(timings).extracting(Timing::pbx, Timing::action, Timing::outcome)
                .containsExactly(tuple("fs", "status", Outcome.SUCCESS), tuple("fs", "show", Outcome.SUCCESS));
        assertThat(timings).allSatisfy(t -> assertThat(t.latency()).isGreaterThanOrEqualTo(Duration.ZERO)
                .isLessThan(FAST.actionTimeout()));
    }

    @Test
    void bgapiOriginateIsTimedUntilItsJobResult() {
        connected();
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("loopback/9000/default", "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("result %s", r).isTrue();
        await().atMost(WAIT).until(() -> !of("originate").isEmpty());
        assertThat(of("originate")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);

        pbx.calls().hangup(r.uniqueId());
        assertThat(of("uuid_kill")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);
    }

    @Test
    void aFailedOriginateJobIsFailed() {
        connected();
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("user/1019", "park", null)
                .timeout(Duration.ofSeconds(5)).build());
        assertThat(r.success()).isFalse();
        await().atMost(WAIT).until(() -> !of("originate").isEmpty());
        assertThat(of("originate")).extracting(Timing::outcome).containsExactly(Outcome.FAILED);
    }

    @Test
    void freeSwitchsErrReplyIsFailed() {
        connected();
        assertThatThrownBy(() -> pbx.calls().hangup("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(PbxActionFailedException.class);
        assertThat(timings).extracting(Timing::action, Timing::outcome).containsExactly(tuple("uuid_kill", Outcome.FAILED));
    }

    @Test
    void anActionBeforeConnectIsNotConnected() {
        build(PbxConfig.builder().actionObserver(observer).build());
        assertThatThrownBy(() -> pbx.calls().hangup("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(PbxNotConnectedException.class);
        assertThat(timings).extracting(Timing::action, Timing::outcome)
                .containsExactly(tuple("uuid_kill", Outcome.NOT_CONNECTED));
    }

    @Test
    void aRequestRejectedBeforeSendingIsNoAction() {
        connected();
        assertThatThrownBy(() -> pbx.calls().hangup("loopback/7700-a\napi fsctl shutdown"))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(timings).isEmpty();
    }

    @Test
    void anUnansweredCommandIsOneTimeoutAndItsLateReplyAddsNothing() {
        PbxConfig config = FAST.toBuilder().actionTimeout(Duration.ofMillis(500)).actionObserver(observer).build();
        try (FreeSwitchComponents c = components(config)) {
            c.connect();
            // the simulator, like FreeSWITCH, answers msleep only after sleeping
            assertThatThrownBy(() -> c.supervisor().api("msleep", "1500")).isInstanceOf(PbxTimeoutException.class);
            assertThat(timings).extracting(Timing::action, Timing::outcome).containsExactly(tuple("msleep", Outcome.TIMEOUT));
            assertThat(timings.get(0).latency()).isGreaterThanOrEqualTo(Duration.ofMillis(500));

            // the late reply is consumed by the connection; the next command works and is the only new timing
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

    @Test
    void aThrowingObserverDoesNotChangeWhatTheActionDoes() {
        AtomicInteger told = new AtomicInteger();
        build(FAST.toBuilder().actionObserver((p, a, l, o) -> {
            told.incrementAndGet();
            throw new IllegalStateException("observer bug");
        }).build()).connect();
        assertThatThrownBy(() -> pbx.calls().hangup("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(PbxActionFailedException.class);
        assertThat(pbx.health().checkConnection().status()).isEqualTo(HealthStatus.UP);
        assertThat(told).hasValue(2);
    }

    @Test
    void theProviderTakesTheObserverFromItsBaseConfiguration() {
        PbxConfig base = PbxConfig.builder().actionObserver(observer).build();
        try (Pbx p = new FreeSwitchPbxProvider().create("fs", Map.of("host", "127.0.0.1", "port",
                Integer.toString(sim.port()), "password", "ClueCon", "action-timeout", "4s"), base)) {
            assertThat(p.config().actionObserver()).isSameAs(observer);
            assertThat(p.config().actionTimeout()).isEqualTo(Duration.ofSeconds(4));
            p.connect();
            p.health().checkConnection();
            assertThat(timings).extracting(Timing::action, Timing::outcome).containsExactly(tuple("status", Outcome.SUCCESS));
        }
    }

    private FreeSwitchComponents components(PbxConfig config) {
        FsSupervisor.Target target = new FsSupervisor.Target("127.0.0.1", sim.port(), "ClueCon".toCharArray(),
                EslInboundClient.Format.PLAIN, List.of("CHANNEL_CREATE", "CHANNEL_HANGUP_COMPLETE", "BACKGROUND_JOB"));
        return new FreeSwitchComponents("fs", target, config, EndpointNaming.standard(), "voipkit", 6001, 6099, null,
                Clock.systemUTC());
    }
}
