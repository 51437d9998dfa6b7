package io.voipkit.core.internal;

import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.ChannelsCheck;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthReport;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.MemberState;
import io.voipkit.core.PbxKind;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueHealth;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueuesCheck;
import io.voipkit.core.SystemInfo;
import io.voipkit.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HealthReportsTest {
    private final MutableClock clock = new MutableClock();

    private static QueueMember member(MemberState state, boolean paused) {
        return new QueueMember("m", "Local/agent@agents/n-" + state + paused, null, "static", 0, 0, null, state, paused,
                null, false);
    }

    private static QueueStatus queue(String name, List<QueueMember> members, Duration... waits) {
        QueueCaller[] callers = new QueueCaller[waits.length];
        for (int i = 0; i < waits.length; i++) {
            callers[i] = new QueueCaller(i + 1, "Local/100@test-" + i + ";2", null, null, null, waits[i]);
        }
        return QueueStatus.empty(name).withMembers(members).withCallers(List.of(callers));
    }

    private SystemInfo info() {
        return new SystemInfo(PbxKind.ASTERISK, "22.10.1", Duration.ofHours(1), null, 0, 0, null, "11.0.0", Map.of());
    }

    @Test
    void connectionCheckTimesThePing() {
        HealthCheckResult r = HealthReports.checkConnection(ConnectionState.CONNECTED, () -> { }, clock);
        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.responseTime()).isNotNull();
        assertThat(r.responseTime().isNegative()).isFalse();
        assertThat(r.checkedAt()).isEqualTo(clock.instant());
    }

    @Test
    void connectionCheckIsDownWithoutPingingWhenNotConnected() {
        AtomicInteger pings = new AtomicInteger();
        HealthCheckResult r = HealthReports.checkConnection(ConnectionState.RECONNECTING, pings::incrementAndGet, clock);
        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).contains("reconnecting");
        assertThat(r.responseTime()).isNull();
        assertThat(pings).hasValue(0);
    }

    @Test
    void connectionCheckIsDownWhenThePingFails() {
        HealthCheckResult r = HealthReports.checkConnection(ConnectionState.CONNECTED, () -> {
            throw new PbxTimeoutException("Ping", Duration.ofSeconds(10));
        }, clock);
        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.message()).startsWith("ping failed: PBX did not answer Ping");
    }

    @Test
    void channelsCheckCountsAndJudges() {
        LiveStateStore store = new LiveStateStore(EndpointNaming.standard(), clock);
        store.updateEndpointStatus("101-ep", EndpointStatus.ONLINE, null);
        store.updateEndpointStatus("102-ep", EndpointStatus.OFFLINE, null);
        store.updateEndpointStatus("103-ep", EndpointStatus.UNKNOWN, null);
        store.channelCreated(new Channel("PJSIP/101-ep-00000001", "1.1", "1.1", ChannelState.UP, null, null, null, null,
                null, clock.instant(), null));
        store.channelCreated(new Channel("Local/200@test-00000001;1", "1.2", "1.1", ChannelState.UP, null, null, null,
                null, null, clock.instant(), null));

        ChannelsCheck stale = HealthReports.channelsCheck(store);
        assertThat(stale.status()).as("not current yet").isEqualTo(HealthStatus.DEGRADED);
        store.markCurrent();

        ChannelsCheck c = HealthReports.channelsCheck(store);
        assertThat(c).isEqualTo(new ChannelsCheck(HealthStatus.UP, 2, 1, 1, 1, 1));

        store.updateEndpointStatus("101-ep", EndpointStatus.OFFLINE, null);
        assertThat(HealthReports.channelsCheck(store).status()).as("none online").isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void channelsCheckWithoutEndpointsIsUp() {
        LiveStateStore store = new LiveStateStore(EndpointNaming.standard(), clock);
        store.markCurrent();
        assertThat(HealthReports.channelsCheck(store).status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void queueWithCallersAndNoAvailableAgentIsDegraded() {
        QueueHealth h = HealthReports.queueHealth(queue("support", List.of(member(MemberState.NOT_IN_USE, true),
                member(MemberState.IN_USE, false)), Duration.ofSeconds(5)), HealthReports.DEFAULT_LONG_WAIT);

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.callersWaiting()).isEqualTo(1);
        assertThat(h.availableAgents()).isZero();
        assertThat(h.loggedInAgents()).isEqualTo(2);
        assertThat(h.problem()).contains("1 caller waits", "no agent is available", "2 logged in");
    }

    @Test
    void queueWithALongWaitIsDegradedEvenWithAgents() {
        QueueHealth h = HealthReports.queueHealth(queue("support", List.of(member(MemberState.NOT_IN_USE, false)),
                Duration.ofMinutes(3)), Duration.ofMinutes(2));
        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.problem()).contains("longest wait 180 s exceeds 120 s");
        assertThat(h.longestWait()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void emptyQueueWithoutAgentsIsUp() {
        QueueHealth h = HealthReports.queueHealth(QueueStatus.empty("night"), HealthReports.DEFAULT_LONG_WAIT);
        assertThat(h.status()).isEqualTo(HealthStatus.UP);
        assertThat(h.problem()).isNull();
    }

    @Test
    void queuesCheckIsSortedAndTakesTheWorst() {
        QueuesCheck c = HealthReports.queuesCheck(List.of(
                queue("support", List.of(), Duration.ofSeconds(1)),
                queue("billing", List.of(member(MemberState.NOT_IN_USE, false)))), HealthReports.DEFAULT_LONG_WAIT);

        assertThat(c.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(c.queues()).extracting(QueueHealth::queue).containsExactly("billing", "support");
        assertThat(c.problems()).extracting(QueueHealth::queue).containsExactly("support");
        assertThat(HealthReports.queuesCheck(List.of(), HealthReports.DEFAULT_LONG_WAIT).status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void worstOfStatuses() {
        assertThat(HealthReports.worst()).isEqualTo(HealthStatus.UP);
        assertThat(HealthReports.worst(HealthStatus.UP, null, HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthReports.worst(HealthStatus.DOWN, HealthStatus.UP)).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void fullReportWhenAllIsWell() {
        HealthCheckResult up = HealthCheckResult.up(Duration.ofMillis(2), clock.instant());
        ChannelsCheck channels = new ChannelsCheck(HealthStatus.UP, 0, 0, 1, 0, 0);
        QueuesCheck queues = new QueuesCheck(HealthStatus.UP, List.of());

        HealthReport r = HealthReports.fullReport(up, this::info, () -> channels, () -> queues, clock);

        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.problems()).isEmpty();
        assertThat(r.system()).isEqualTo(info());
        assertThat(r.channels()).isSameAs(channels);
        assertThat(r.queues()).isSameAs(queues);
        assertThat(r.checkedAt()).isEqualTo(clock.instant());
    }

    @Test
    void fullReportIsDownAndSkipsTheRestWhenTheConnectionIsDown() {
        AtomicInteger ran = new AtomicInteger();
        HealthCheckResult down = HealthCheckResult.down(ConnectionState.RECONNECTING, "not connected (reconnecting)",
                clock.instant());

        HealthReport r = HealthReports.fullReport(down, () -> {
            ran.incrementAndGet();
            return info();
        }, () -> {
            ran.incrementAndGet();
            return null;
        }, () -> {
            ran.incrementAndGet();
            return null;
        }, clock);

        assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(r.problems()).containsExactly("connection: not connected (reconnecting)");
        assertThat(r.system()).isNull();
        assertThat(ran).hasValue(0);
    }

    @Test
    void aFailingCheckDegradesTheReportAndTheOthersStillRun() {
        HealthCheckResult up = HealthCheckResult.up(Duration.ofMillis(2), clock.instant());
        QueuesCheck badQueues = HealthReports.queuesCheck(List.of(queue("support", List.of(), Duration.ofSeconds(1))),
                HealthReports.DEFAULT_LONG_WAIT);

        HealthReport r = HealthReports.fullReport(up, () -> {
            throw new PbxTimeoutException("CoreStatus", Duration.ofSeconds(10));
        }, () -> new ChannelsCheck(HealthStatus.DEGRADED, 0, 0, 0, 3, 0), () -> badQueues, clock);

        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.system()).isNull();
        assertThat(r.channels()).isNotNull();
        assertThat(r.problems()).hasSize(3);
        assertThat(r.problems().get(0)).startsWith("system info: PBX did not answer CoreStatus");
        assertThat(r.problems().get(1)).isEqualTo("channels: none of 3 endpoints is online");
        assertThat(r.problems().get(2)).startsWith("queue support: 1 caller waits and no agent is available");
    }

    @Test
    void aCheckReturningNothingIsAProblem() {
        HealthCheckResult up = HealthCheckResult.up(Duration.ofMillis(2), clock.instant());
        HealthReport r = HealthReports.fullReport(up, this::info, () -> null,
                () -> new QueuesCheck(HealthStatus.UP, List.of()), clock);
        assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(r.problems()).containsExactly("channels: check returned nothing");
    }
}
