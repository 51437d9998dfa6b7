package io.voipkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records the API returns: required values, copied collections, blank-to-null normalisation. */
class ValueRecordsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:16:39Z");
    private static final Duration S1 = Duration.ofSeconds(1);
    private static final Duration NEG = Duration.ofSeconds(-1);

    static QueueMember member(String iface, MemberState state, boolean paused, boolean inCall) {
        return new QueueMember("Agent", iface, null, "static", 0, 0, null, state, paused, null, inCall);
    }

    @Test
    void channelInfoRequiresIdentityAndNormalisesBlanks() {
        ChannelInfo c = new ChannelInfo("PJSIP/101-ep-00000000", "1795551399.2", "", ChannelState.UP, " ", null, "", null,
                "test", "300", 1, "Dial", "", S1, "", null);
        assertThat(c.linkedId()).isNull();
        assertThat(c.callerIdNum()).isNull();
        assertThat(c.applicationData()).isNull();
        assertThat(c.bridgeId()).isNull();

        assertField(() -> new ChannelInfo(" ", "1", null, ChannelState.UP, null, null, null, null, null, null, 0, null,
                null, S1, null, null), "channel");
        assertField(() -> new ChannelInfo("PJSIP/1", null, null, ChannelState.UP, null, null, null, null, null, null, 0,
                null, null, S1, null, null), "uniqueId");
        assertField(() -> new ChannelInfo("PJSIP/1", "1", null, null, null, null, null, null, null, null, 0, null, null,
                S1, null, null), "state");
        assertField(() -> new ChannelInfo("PJSIP/1", "1", null, ChannelState.UP, null, null, null, null, null, null, -1,
                null, null, S1, null, null), "priority");
        assertField(() -> new ChannelInfo("PJSIP/1", "1", null, ChannelState.UP, null, null, null, null, null, null, 0,
                null, null, NEG, null, null), "duration");
    }

    @Test
    void queueMemberAvailabilityFollowsAsteriskQueueSummary() {
        assertThat(member("a", MemberState.NOT_IN_USE, false, false).isAvailable()).isTrue();
        assertThat(member("a", MemberState.UNKNOWN, false, false).isAvailable()).isTrue();
        assertThat(member("a", MemberState.NOT_IN_USE, true, false).isAvailable()).isFalse();
        assertThat(member("a", MemberState.NOT_IN_USE, false, true).isAvailable()).isFalse();
        assertThat(member("a", MemberState.IN_USE, false, false).isAvailable()).isFalse();
        assertThat(member("a", MemberState.UNAVAILABLE, false, false).isLoggedIn()).isFalse();
        assertThat(member("a", MemberState.INVALID, false, false).isLoggedIn()).isFalse();
        assertThat(member("a", MemberState.IN_USE, true, true).isLoggedIn()).isTrue();
    }

    @Test
    void queueMemberValidation() {
        QueueMember m = new QueueMember("", "PJSIP/101-ep", "", "", 0, 0, null, MemberState.NOT_IN_USE, true, "", false);
        assertThat(m.name()).as("a member without a name is shown by its interface").isEqualTo("PJSIP/101-ep");
        assertThat(m.pausedReason()).isNull();
        assertField(() -> new QueueMember("a", null, null, null, 0, 0, null, MemberState.UNKNOWN, false, null, false),
                "interfaceName");
        assertField(() -> new QueueMember("a", "x\r\ny", null, null, 0, 0, null, MemberState.UNKNOWN, false, null, false),
                "interfaceName");
        assertField(() -> new QueueMember("a", "b", null, null, -1, 0, null, MemberState.UNKNOWN, false, null, false),
                "penalty");
        assertField(() -> new QueueMember("a", "b", null, null, 0, -1, null, MemberState.UNKNOWN, false, null, false),
                "callsTaken");
        assertField(() -> new QueueMember("a", "b", null, null, 0, 0, null, null, false, null, false), "status");
    }

    @Test
    void queueCallerValidation() {
        assertField(() -> new QueueCaller(0, "Local/1", null, null, null, S1), "position");
        assertField(() -> new QueueCaller(1, "", null, null, null, S1), "channel");
        assertField(() -> new QueueCaller(1, "Local/1", null, null, null, NEG), "waitTime");
    }

    @Test
    void queueStatusCopiesListsAndValidates() {
        List<QueueMember> members = new ArrayList<>(List.of(member("a", MemberState.NOT_IN_USE, false, false)));
        QueueStatus q = new QueueStatus("support", "rrmemory", 10, 0, S1, S1, 1, 0, Duration.ofSeconds(20), 100.0, 0,
                members, List.of());
        members.clear();
        assertThat(q.members()).hasSize(1);
        assertThatThrownBy(() -> q.members().clear()).isInstanceOf(UnsupportedOperationException.class);

        assertField(() -> new QueueStatus("support", null, 0, 0, S1, S1, 0, 0, S1, 100.5, 0, List.of(), List.of()),
                "serviceLevelPerf");
        assertField(() -> new QueueStatus("support", null, 0, 0, S1, S1, 0, 0, S1, Double.NaN, 0, List.of(), List.of()),
                "serviceLevelPerf");
        assertField(() -> new QueueStatus("support", null, 0, 0, NEG, S1, 0, 0, S1, 0, 0, List.of(), List.of()),
                "holdTime");
        assertField(() -> new QueueStatus("support", null, -1, 0, S1, S1, 0, 0, S1, 0, 0, List.of(), List.of()), "max");
        assertField(() -> new QueueStatus("support", null, 0, 0, S1, S1, 0, 0, S1, 0, 0, Arrays.asList((QueueMember) null),
                List.of()), "members[0]");
        assertField(() -> new QueueStatus("support", null, 0, 0, S1, S1, 0, 0, S1, 0, 0, List.of(), null), "callers");
    }

    @Test
    void queueStatusHelpers() {
        QueueStatus q = QueueStatus.empty("support")
                .withMembers(List.of(member("a", MemberState.NOT_IN_USE, false, false),
                        member("b", MemberState.IN_USE, false, true)))
                .withCallers(List.of(new QueueCaller(1, "Local/1", "1.1", null, null, Duration.ofSeconds(40)),
                        new QueueCaller(2, "Local/2", "1.2", null, null, Duration.ofSeconds(5))));

        assertThat(q.calls()).isEqualTo(2);
        assertThat(q.longestWait()).isEqualTo(Duration.ofSeconds(40));
        assertThat(q.availableMembers()).extracting(QueueMember::interfaceName).containsExactly("a");
        assertThat(q.member("b")).isPresent();
        assertThat(q.member("zzz")).isEmpty();
        assertThat(QueueStatus.empty("x").longestWait()).isZero();
    }

    @Test
    void queueSummaryIsComputedFromStatusLikeAsterisk() {
        QueueStatus q = new QueueStatus("support", "rrmemory", 10, 1, Duration.ofSeconds(3), Duration.ofSeconds(21), 7, 2,
                Duration.ofSeconds(20), 87.5, 0,
                List.of(member("a", MemberState.NOT_IN_USE, false, false),
                        member("b", MemberState.NOT_IN_USE, true, false),
                        member("c", MemberState.IN_USE, false, true),
                        member("d", MemberState.UNAVAILABLE, false, false)),
                List.of(new QueueCaller(1, "Local/1", null, null, null, Duration.ofSeconds(12))));

        QueueSummary s = QueueSummary.from(q);

        assertThat(s).isEqualTo(new QueueSummary("support", 3, 1, 1, Duration.ofSeconds(3), Duration.ofSeconds(21),
                Duration.ofSeconds(12), 7, 2, 87.5));
    }

    @Test
    void queueSummaryValidation() {
        assertField(() -> new QueueSummary("q", 1, 2, 0, S1, S1, S1, 0, 0, 0), "available");
        assertField(() -> new QueueSummary("q", 1, 1, -1, S1, S1, S1, 0, 0, 0), "callers");
        assertField(() -> new QueueSummary("q", 1, 1, 0, S1, S1, NEG, 0, 0, 0), "longestHoldTime");
        assertField(() -> new QueueSummary("q", 1, 1, 0, S1, S1, S1, 0, 0, -3), "serviceLevelPercent");
        assertField(() -> QueueSummary.from(null), "status");
    }

    @Test
    void endpointCopiesListsAndValidates() {
        List<String> contacts = new ArrayList<>(List.of("sip:101-ep@127.0.0.1:5070"));
        Endpoint e = new Endpoint("101-ep", EndpointStatus.ONLINE, "Reachable", contacts, "Not in use", T0, List.of());
        contacts.clear();
        assertThat(e.contacts()).hasSize(1);
        assertThat(e.activeCallCount()).isZero();
        assertThat(e.isBusy()).isFalse();
        assertThat(Endpoint.unknown("102-ep", T0).status()).isEqualTo(EndpointStatus.UNKNOWN);

        assertField(() -> new Endpoint("", EndpointStatus.ONLINE, null, List.of(), null, T0, List.of()), "name");
        assertField(() -> new Endpoint("a", null, null, List.of(), null, T0, List.of()), "status");
        assertField(() -> new Endpoint("a", EndpointStatus.ONLINE, null, null, null, T0, List.of()), "contacts");
        assertField(() -> new Endpoint("a", EndpointStatus.ONLINE, null, List.of(), null, null, List.of()), "lastChange");
        assertField(() -> new Endpoint("a", EndpointStatus.ONLINE, null, List.of(), null, T0, null), "activeCalls");
    }

    @Test
    void endpointSameRegistrationIgnoresTimeAndCalls() {
        Endpoint a = new Endpoint("101-ep", EndpointStatus.ONLINE, "Reachable", List.of(), null, T0, List.of());
        ActiveCall call = new ActiveCall("1.2", "1.0", "PJSIP/101-ep-1", "101-ep", null, null, T0, null, ChannelState.RING,
                true);
        assertThat(a.sameRegistration(a.withActiveCalls(List.of(call)))).isTrue();
        assertThat(a.sameRegistration(a.withStatus(EndpointStatus.ONLINE, "Reachable", T0.plusSeconds(5)))).isTrue();
        assertThat(a.sameRegistration(a.withStatus(EndpointStatus.OFFLINE, "Unreachable", T0))).isFalse();
        assertThat(a.sameRegistration(null)).isFalse();
    }

    @Test
    void channelValidationAndOriginator() {
        Channel c = new Channel("PJSIP/101-ep-1", "1.2", "1.0", ChannelState.RINGING, "101", "Alice", "+1555", "Customer",
                "", T0, "");
        assertThat(c.endpoint()).isNull();
        assertThat(c.bridgeId()).isNull();
        assertThat(c.isOriginator()).isFalse();
        assertThat(new Channel("x/1", "1.0", "1.0", ChannelState.UP, null, null, null, null, null, T0, null).isOriginator())
                .isTrue();
        assertThat(c.withState(ChannelState.UP).state()).isEqualTo(ChannelState.UP);
        assertThat(c.withBridgeId("b1").bridgeId()).isEqualTo("b1");

        assertField(() -> new Channel(null, "1", null, ChannelState.UP, null, null, null, null, null, T0, null), "name");
        assertField(() -> new Channel("a", " ", null, ChannelState.UP, null, null, null, null, null, T0, null), "uniqueId");
        assertField(() -> new Channel("a", "1", null, null, null, null, null, null, null, T0, null), "state");
        assertField(() -> new Channel("a", "1", null, ChannelState.UP, null, null, null, null, null, null, null), "created");
    }

    @Test
    void activeCallValidation() {
        assertField(() -> new ActiveCall("1", null, "PJSIP/1-1", "1", null, null, T0, T0.minusSeconds(1), ChannelState.UP,
                false), "answeredAt");
        assertField(() -> new ActiveCall("1", null, "PJSIP/1-1", null, null, null, T0, null, ChannelState.UP, false),
                "endpoint");
        assertField(() -> new ActiveCall("1", null, "PJSIP/1-1", "1", null, null, null, null, ChannelState.UP, false),
                "startedAt");
        assertThat(new ActiveCall("1", null, "PJSIP/1-1", "1", "", "", T0, T0, ChannelState.UP, false).isAnswered()).isTrue();
    }

    @Test
    void healthRecordsValidate() {
        assertThat(HealthCheckResult.up(Duration.ofMillis(3), T0).status()).isEqualTo(HealthStatus.UP);
        assertField(() -> new HealthCheckResult(HealthStatus.UP, ConnectionState.CONNECTED, null, null, T0), "responseTime");
        assertField(() -> new HealthCheckResult(HealthStatus.DOWN, ConnectionState.CLOSED, NEG, null, T0), "responseTime");
        assertField(() -> new ChannelsCheck(HealthStatus.UP, -1, 0, 0, 0, 0), "activeChannels");
        assertField(() -> new QueueHealth("q", HealthStatus.DEGRADED, 1, 0, 0, S1, null), "problem");
        assertField(() -> new QueuesCheck(HealthStatus.UP, null), "queues");
        HealthCheckResult down = HealthCheckResult.down(ConnectionState.RECONNECTING, "not connected", T0);
        assertField(() -> new HealthReport(HealthStatus.UP, down, null, null, null, List.of(), T0), "status");
        assertThat(HealthStatus.UP.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.DOWN.worst(HealthStatus.UP)).isEqualTo(HealthStatus.DOWN);
        assertThat(HealthStatus.UP.worst(null)).isEqualTo(HealthStatus.UP);
    }

    @Test
    void systemInfoCopiesDetailsInOrder() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("CoreStartupTime", "20:13:50");
        details.put("AsteriskVersion", "22.10.1");
        SystemInfo info = new SystemInfo(PbxKind.ASTERISK, "22.10.1", Duration.ofMinutes(3), null, 2, 0, "", "11.0.0",
                details);
        details.clear();
        assertThat(info.details()).containsExactly(Map.entry("CoreStartupTime", "20:13:50"),
                Map.entry("AsteriskVersion", "22.10.1"));
        assertThat(info.systemName()).isNull();
        assertField(() -> new SystemInfo(PbxKind.ASTERISK, " ", S1, null, 0, 0, null, null, Map.of()), "version");
        assertField(() -> new SystemInfo(PbxKind.ASTERISK, "1", NEG, null, 0, 0, null, null, Map.of()), "uptime");
        assertField(() -> new SystemInfo(null, "1", S1, null, 0, 0, null, null, Map.of()), "kind");
    }

    @Test
    void callQualityRatesAndConsistency() {
        CallQuality q = new CallQuality(T0, T0.plusSeconds(3600), 10, 6, 2, 1, 1, 3, S1, S1, S1);
        assertThat(q.answerRate()).isEqualTo(0.6);
        assertThat(q.abandonRate()).isEqualTo(0.1);
        assertThat(q.shortCallRatio()).isEqualTo(0.5);
        assertThat(q.window()).isEqualTo(Duration.ofHours(1));
        CallQuality none = new CallQuality(T0, T0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertThat(none.answerRate()).isZero();
        assertThat(none.shortCallRatio()).isZero();

        assertField(() -> new CallQuality(T0, T0, 5, 1, 1, 1, 1, 0, S1, S1, S1), "totalCalls");
        assertField(() -> new CallQuality(T0, T0, 1, 1, 0, 0, 0, 2, S1, S1, S1), "shortCalls");
        assertField(() -> new CallQuality(T0, T0.minusSeconds(1), 0, 0, 0, 0, 0, 0, S1, S1, S1), "to");
        assertField(() -> new CallQuality(T0, T0, 0, 0, 0, 0, 0, 0, NEG, S1, S1), "averageWait");
    }

    static void assertField(Executable call, String field) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
