package io.voipkit.ami.adapter;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.ami.internal.adapter.AsteriskPbxProvider;
import io.voipkit.core.ActionObserver;
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
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.testsupport.RecordingActionObserver;
import io.voipkit.testsupport.RecordingActionObserver.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link PbxConfig#actionObserver()} on Asterisk, against the simulator: every AMI action the
 * façades send is reported exactly once, under its AMI name, with the outcome the caller saw.
 */
class AsteriskPbxActionTimingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private PbxSimulator sim;
    private AsteriskPbx pbx;
    private final RecordingActionObserver observer = new RecordingActionObserver();
    private final List<Timing> timings = observer.all();

    @BeforeEach
    void start() {
        sim = PbxSimulator.builder().endpoints(5).build().start();
    }

    @AfterEach
    void stop() {
        if (pbx != null) {
            pbx.close();
        }
        sim.close();
    }

    private AsteriskPbx build(PbxConfig config) {
        pbx = AsteriskPbx.builder().id("office").host("127.0.0.1").port(sim.amiPort()).username("voipkit")
                .secret("voipkit").config(config).build();
        return pbx;
    }

    private AsteriskPbx connected() {
        build(AsteriskPbxSimulatorTest.FAST.toBuilder().actionObserver(observer).build()).connect();
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
    void aSuccessfulOriginateIsOneTimingUnderItsAmiName() {
        connected();
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/200@test", "Wait", "1")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("result %s", r).isTrue();

        await().atMost(WAIT).until(() -> !of("Originate").isEmpty());
        Timing t = of("Originate").get(0);
        assertThat(t.pbx()).isEqualTo("office");
        assertThat(t.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(t.latency()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(AsteriskPbxSimulatorTest.FAST.actionTimeout());
        // only what the application asked for: no arguments, no resync actions
        assertThat(timings).extracting(Timing::action).containsOnly("Originate");
    }

    @Test
    void aListActionIsTimedUntilItsListIsComplete() {
        connected();
        pbx.queues().queues();
        await().atMost(WAIT).until(() -> !of("QueueStatus").isEmpty());
        assertThat(of("QueueStatus")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);
    }

    @Test
    void thePbxsErrorReplyIsFailed() {
        connected();
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/nobody-00000000"))
                .isInstanceOf(PbxActionFailedException.class);
        await().atMost(WAIT).until(() -> !of("Hangup").isEmpty());
        assertThat(of("Hangup")).extracting(Timing::outcome).containsExactly(Outcome.FAILED);
    }

    @Test
    void anActionBeforeConnectIsNotConnectedAndReportedAtOnce() {
        build(PbxConfig.builder().actionObserver(observer).build());
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/101-ep-00000001")).isInstanceOf(PbxNotConnectedException.class);
        // reported on the calling thread, before the exception: no waiting needed
        assertThat(timings).extracting(Timing::action, Timing::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Hangup", Outcome.NOT_CONNECTED));
    }

    @Test
    void aRequestRejectedBeforeSendingIsNoAction() {
        connected();
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/101\r\nAction: Originate"))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(timings).isEmpty();
    }

    @Test
    void anUnansweredActionIsOneTimeoutEvenWhenTheLateAnswerArrives() {
        build(AsteriskPbxSimulatorTest.FAST.toBuilder().actionTimeout(Duration.ofMillis(500)).actionObserver(observer)
                .build()).connect();
        sim.stall(Duration.ofSeconds(2));
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/nobody-00000000")).isInstanceOf(PbxTimeoutException.class);
        await().atMost(WAIT).until(() -> !of("Hangup").isEmpty());
        assertThat(of("Hangup").get(0).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(of("Hangup").get(0).latency()).isGreaterThanOrEqualTo(Duration.ofMillis(500));

        // after the stall the simulator answers the old Hangup; a later Ping proves that answer was read
        await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED
                && pbx.health().checkConnection().status() == HealthStatus.UP);
        await().atMost(WAIT).until(() -> of("Ping").stream().anyMatch(t -> t.outcome() == Outcome.SUCCESS));
        assertThat(of("Hangup")).hasSize(1);
    }

    @Test
    void aThrowingObserverDoesNotChangeWhatTheActionDoes() {
        AtomicInteger told = new AtomicInteger();
        build(AsteriskPbxSimulatorTest.FAST.toBuilder().actionObserver((p, a, l, o) -> {
            told.incrementAndGet();
            throw new IllegalStateException("observer bug");
        }).build()).connect();

        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/nobody-00000000"))
                .isInstanceOf(PbxActionFailedException.class);
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/200@test", "Wait", "1")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).isTrue();
        await().atMost(WAIT).until(() -> told.get() >= 2);
    }

    @Test
    void theProviderTakesTheObserverFromItsBaseConfiguration() {
        PbxConfig base = PbxConfig.builder().actionObserver(observer).build();
        try (Pbx p = new AsteriskPbxProvider().create("office", Map.of("host", "127.0.0.1", "port",
                Integer.toString(sim.amiPort()), "username", "voipkit", "secret", "voipkit", "action-timeout", "4s"), base)) {
            assertThat(p.config().actionObserver()).isSameAs(observer);
            assertThat(p.config().actionTimeout()).isEqualTo(Duration.ofSeconds(4));
            p.connect();
            p.health().checkConnection();
            await().atMost(WAIT).until(() -> !of("Ping").isEmpty());
            assertThat(of("Ping")).extracting(Timing::outcome).containsExactly(Outcome.SUCCESS);
        }
        try (Pbx plain = new AsteriskPbxProvider().create("office", Map.of("host", "h", "username", "u", "secret", "s"))) {
            assertThat(plain.config().actionObserver()).isSameAs(ActionObserver.NONE);
        }
    }
}
