package io.voipkit.ami.adapter;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.AddMemberRequest;
import io.voipkit.core.CallQuality;
import io.voipkit.core.ChannelInfo;
import io.voipkit.core.ParkResult;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HangupCause;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueueSummary;
import io.voipkit.core.SystemInfo;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.StateResynced;
import io.voipkit.testsupport.PbxContractBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What {@link AsteriskPbx} promises, written once and run against two PBXs: the in-process
 * {@code PbxSimulator} ({@code AsteriskPbxSimulatorTest}, every build) and the real Asterisk 22
 * that the test command starts ({@code AsteriskPbxRealAsteriskIT}). Both run the test
 * configuration of {@code scripts/asterisk/etc}: endpoints {@code 101-ep}..{@code 105-ep}, context
 * {@code test} (200 answers and waits, 999 waits 60 s), queues {@code support} and {@code sales}
 * with {@code Local/agentN@agents/n} members. Where the two differ, the real Asterisk is right and
 * the simulator gets fixed.
 */
public abstract class AsteriskPbxContract extends PbxContractBase<AsteriskPbx> {

    /** The PBX under test and how to act on it from outside. */
    protected interface Target {
        /** A builder for a user with every right; tests add their own settings and build. */
        AsteriskPbx.Builder admin();

        /** A builder for a user that may read but not write (no originate, no queue changes). */
        AsteriskPbx.Builder readonly();

        /** Registers a phone for {@code endpoint} that answers qualify requests. */
        void registerPhone(String endpoint) throws Exception;

        /** Unregisters that phone. */
        void unregisterPhone(String endpoint) throws Exception;

        /** Restarts the PBX ({@code core restart now}) and returns once it is fully booted again. */
        void restart() throws Exception;
    }

    /** The target of this run. */
    protected abstract Target target();

    /** An admin PBX of {@link #target()}. */
    @Override
    protected AsteriskPbx newPbx() {
        return target().admin().build();
    }

    // ---------------------------------------------------------------- connection and state

    @Test
    void connectLogsInAndSynchronisesEndpointsAndQueues() {
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(pbx.kind()).isEqualTo(PbxKind.ASTERISK);
        assertThat(pbx.state().isCurrent()).isTrue();
        assertThat(pbx.state().endpoints()).extracting(Endpoint::name)
                .contains("101-ep", "102-ep", "103-ep", "104-ep", "105-ep");
        assertThat(pbx.state().queues()).extracting(QueueStatus::name).contains("support", "sales");
        // events reach subscribers on their own thread: wait for delivery
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events)
                .filteredOn(ConnectionStateChanged.class::isInstance)
                .extracting(e -> ((ConnectionStateChanged) e).current())
                .containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED));
    }

    @Test
    void checkConnectionPingsAndMeasuresTheRoundTrip() {
        HealthCheckResult r = pbx.health().checkConnection();
        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.responseTime()).isNotNull().isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void systemInfoReportsAsterisk22() {
        SystemInfo info = pbx.health().systemInfo();
        assertThat(info.kind()).isEqualTo(PbxKind.ASTERISK);
        assertThat(info.version()).startsWith("22.");
        assertThat(info.protocolVersion()).isNotBlank();
        assertThat(info.maxCalls()).isGreaterThanOrEqualTo(0);
        assertThat(info.details()).containsKey("CoreCurrentCalls");
    }

    @Test
    void fullReportIsUpOrDegradedButNeverDownWhileConnected() {
        assertThat(pbx.health().fullReport().status()).isNotEqualTo(HealthStatus.DOWN);
        assertThat(pbx.health().checkQueues().queues()).isNotEmpty();
    }

    // ---------------------------------------------------------------- calls

    @Test
    void originateToAnsweringDialplanSucceedsAndTheCallEndsLater() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/200@test", "Wait", "1")
                .callerId("\"Contract\" <+15550001111>").timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("result %s", r).isTrue();
        assertThat(r.channel()).startsWith("Local/200@test-");
        assertThat(r.uniqueId()).isNotBlank();
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallEnded.class::isInstance)
                .extracting(e -> ((CallEnded) e).uniqueId()).contains(r.uniqueId()));
        await().atMost(EVENT_WAIT).untilAsserted(() ->
                assertThat(pbx.state().channels()).noneMatch(c -> c.uniqueId().equals(r.uniqueId())));
    }

    @Test
    void theOriginatedChannelIsInTheLiveStateWhenOriginateReturns() {
        // no await: Newchannel comes before OriginateResponse, and live state is applied in
        // batches; the batch holding the channel must be published before originate returns
        OriginateResult r = longCall();
        assertThat(pbx.state().channels()).extracting(c -> c.uniqueId()).contains(r.uniqueId());
        pbx.calls().hangup(r.channel());
    }

    @Test
    void callQualityCountsCallsThatEnded() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/200@test", "Wait", "1")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).isTrue();
        await().atMost(EVENT_WAIT).untilAsserted(() -> {
            CallQuality q = pbx.health().callQuality(Duration.ofHours(1));
            assertThat(q.totalCalls()).isGreaterThanOrEqualTo(1);
            assertThat(q.answered()).isGreaterThanOrEqualTo(1);
        });
        assertThatThrownBy(() -> pbx.health().callQuality(Duration.ZERO))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> pbx.health().callQuality(Duration.ofDays(2)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void originateToAnUnregisteredPhoneIsAFailedResultNotAnException() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("PJSIP/105-ep", "Wait", "1")
                .timeout(Duration.ofSeconds(5)).build());
        assertThat(r.success()).isFalse();
        assertThat(r.failure()).isNotNull();
    }

    @Test
    void originateAsyncCompletesTheFutureWithTheOutcome() throws Exception {
        OriginateResult r = pbx.calls().originateAsync(OriginateRequest.toExtension("Local/200@test", "200", "test")
                .timeout(Duration.ofSeconds(10)).variable("VOIPKIT_TEST", "async").build())
                .get(EVENT_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.success()).as("result %s", r).isTrue();
        pbx.calls().hangup(r.channel());
    }

    @Test
    void originateToAnUnknownExtensionIsRefusedByThePbx() {
        assertThatThrownBy(() -> pbx.calls().originate(
                OriginateRequest.toExtension("Local/200@test", "nosuchexten", "test").build()))
                .isInstanceOf(PbxActionFailedException.class)
                .hasMessageContaining("Extension does not exist");
    }

    @Test
    void hangupWithCauseEndsTheCallWithThatCause() {
        OriginateResult r = longCall();
        pbx.calls().hangup(r.channel(), HangupCause.USER_BUSY);
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallEnded.class::isInstance)
                .map(CallEnded.class::cast).filteredOn(e -> e.uniqueId().equals(r.uniqueId()))
                .extracting(CallEnded::cause).containsOnly(17));
    }

    @Test
    void hangupOfAnUnknownChannelIsThePbxsError() {
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/nobody-00000000"))
                .isInstanceOf(PbxActionFailedException.class)
                .satisfies(e -> assertThat(((PbxActionFailedException) e).pbxMessage()).isNotBlank());
    }

    @Test
    void transferRedirectsALiveChannelAndRefusesAnUnknownOne() {
        OriginateResult r = longCall();
        pbx.calls().transfer(r.channel(), "200", "test");
        assertThatThrownBy(() -> pbx.calls().transfer("Local/none@test-0000ffff;1", "200", "test"))
                .isInstanceOf(PbxActionFailedException.class)
                .hasMessageContaining("Channel does not exist");
        pbx.calls().hangup(r.channel());
    }

    @Test
    void activeChannelsListsALiveCallAndChannelInfoFindsIt() {
        OriginateResult r = longCall();
        List<ChannelInfo> channels = pbx.calls().activeChannels();
        assertThat(channels).extracting(ChannelInfo::channel).contains(r.channel());
        Optional<ChannelInfo> info = pbx.calls().channelInfo(r.channel());
        assertThat(info).isPresent();
        assertThat(info.get().uniqueId()).isEqualTo(r.uniqueId());
        assertThat(pbx.calls().channelInfo("PJSIP/nobody-00000000")).isEmpty();
        pbx.calls().hangup(r.channel());
    }

    @Test
    void valuesWithLineBreaksAreRejectedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/101-ep\r\nAction: Originate"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("channel"));
        assertThatThrownBy(() -> pbx.queues().pauseMember("support", "Local/agent1@agents/n", true, "lunch\nAction: X"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("reason"));
        // the session is unharmed: no half action reached the PBX
        assertThat(pbx.health().checkConnection().status()).isEqualTo(HealthStatus.UP);
    }

    /** A call that stays up for a minute: Local/999@test waits 60 s; we run Wait(60) on our side. */
    protected OriginateResult longCall() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/999@test", "Wait", "60")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("long call %s", r).isTrue();
        return r;
    }

    @Test
    void bridgeJoinsTheSecondLegsOfTwoCalls() {
        List<CallBridged> bridged = new CopyOnWriteArrayList<>();
        pbx.events().subscribe(CallBridged.class, bridged::add);
        OriginateResult a = longCall();
        OriginateResult b = pbx.calls().originate(OriginateRequest.toApplication("Local/400@test", "Wait", "30")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(b.success()).isTrue();
        String legA = a.channel().replace(";1", ";2");
        String legB = b.channel().replace(";1", ";2");
        pbx.calls().bridge(legA, legB);
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(bridged).extracting(CallBridged::channel)
                .contains(legA, legB));
        pbx.calls().hangup(a.channel());
        pbx.calls().hangup(b.channel());
    }

    @Test
    void parkReportsTheParkingSpace() {
        OriginateResult caller = pbx.calls().originate(OriginateRequest.toApplication("Local/999@test", "Dial", "Local/400@test")
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(caller.success()).isTrue();
        String dialled = await().atMost(EVENT_WAIT).until(() -> pbx.calls().activeChannels().stream()
                .map(ChannelInfo::channel).filter(c -> c.startsWith("Local/400@test-") && c.endsWith(";1"))
                .findFirst().orElse(null), java.util.Objects::nonNull);
        ParkResult parked = pbx.calls().park(dialled, null, Duration.ofSeconds(3));
        assertThat(parked.parkingLot()).isEqualTo("default");
        assertThat(parked.space()).matches("7\\d\\d");
        assertThatThrownBy(() -> pbx.calls().park("Local/nothere-00000000;1", null, Duration.ofSeconds(3)))
                .isInstanceOf(PbxActionFailedException.class);
    }

    // ---------------------------------------------------------------- queues

    @Test
    void queueStatusListsMembersOfTheConfiguredQueues() {
        QueueStatus support = pbx.queues().queue("support").orElseThrow();
        assertThat(support.strategy()).isEqualTo("rrmemory");
        assertThat(support.members()).extracting(QueueMember::interfaceName)
                .contains("Local/agent1@agents/n", "Local/agent2@agents/n");
        assertThat(pbx.queues().queues()).extracting(QueueStatus::name).contains("support", "sales");
        assertThat(pbx.queues().queue("nosuchqueue")).isEmpty();
    }

    @Test
    void summaryOfAQueueAndOfAnUnknownQueue() {
        QueueSummary s = pbx.queues().summary("support");
        assertThat(s.queue()).isEqualTo("support");
        assertThat(s.loggedIn()).isGreaterThanOrEqualTo(s.available());
        assertThatThrownBy(() -> pbx.queues().summary("nosuchqueue"))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("No such queue");
    }

    @Test
    void memberAdministrationAddPausePenaltyRemove() {
        String iface = "Local/agent3@agents/n";
        try {
            pbx.queues().addMember(AddMemberRequest.builder("support", iface).memberName("Agent Three")
                    .penalty(2).build());
            QueueMember m = pbx.queues().queue("support").orElseThrow().member(iface).orElseThrow();
            assertThat(m.penalty()).isEqualTo(2);
            assertThat(m.paused()).isFalse();

            pbx.queues().pauseMember("support", iface, true, "lunch");
            m = pbx.queues().queue("support").orElseThrow().member(iface).orElseThrow();
            assertThat(m.paused()).isTrue();
            assertThat(m.pausedReason()).isEqualTo("lunch");

            pbx.queues().setPenalty("support", iface, 5);
            assertThat(pbx.queues().queue("support").orElseThrow().member(iface).orElseThrow().penalty()).isEqualTo(5);

            pbx.queues().pauseMember("support", iface, false, null);
            assertThat(pbx.queues().queue("support").orElseThrow().member(iface).orElseThrow().paused()).isFalse();
        } finally {
            pbx.queues().removeMember("support", iface);
        }
        assertThat(pbx.queues().queue("support").orElseThrow().member(iface)).isEmpty();
        assertThatThrownBy(() -> pbx.queues().removeMember("support", iface))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("Not there");
    }

    @Test
    void reloadIsAccepted() {
        pbx.queues().reload("support");
        pbx.queues().reload(null);
    }

    // ---------------------------------------------------------------- permissions and login

    @Test
    void aReadOnlyUserGetsThePbxsPermissionError() {
        try (AsteriskPbx ro = target().readonly().build()) {
            ro.connect();
            assertThat(ro.health().checkConnection().status()).isEqualTo(HealthStatus.UP);
            assertThatThrownBy(() -> ro.calls().originate(OriginateRequest.toApplication("Local/200@test", "Wait", "1").build()))
                    .isInstanceOf(PbxActionFailedException.class)
                    .hasMessageContaining("Permission denied");
        }
    }

    @Test
    void aWrongSecretIsRefusedWithThePbxsMessage() {
        try (AsteriskPbx bad = target().admin().secret("definitely-wrong").build()) {
            assertThatThrownBy(bad::connect)
                    .isInstanceOf(PbxActionFailedException.class)
                    .hasMessageContaining("Authentication failed");
            assertThat(bad.connectionState()).isEqualTo(ConnectionState.NEW);
        }
    }

    // ---------------------------------------------------------------- phones

    @Test
    void aRegisteringPhoneTurnsOnlineAndOfflineAgain() throws Exception {
        target().registerPhone("104-ep");
        try {
            await().atMost(EVENT_WAIT).untilAsserted(() ->
                    assertThat(pbx.state().endpoint("104-ep").orElseThrow().status()).isEqualTo(EndpointStatus.ONLINE));
        } finally {
            target().unregisterPhone("104-ep");
        }
        await().atMost(EVENT_WAIT).untilAsserted(() ->
                assertThat(pbx.state().endpoint("104-ep").orElseThrow().status()).isEqualTo(EndpointStatus.OFFLINE));
    }

    // ---------------------------------------------------------------- restart

    @Test
    void aRestartOfThePbxIsFollowedByReconnectAndResync() throws Exception {
        OriginateResult r = longCall();
        target().restart();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(events).anyMatch(StateResynced.class::isInstance);
        });
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events)
                .filteredOn(ConnectionStateChanged.class::isInstance)
                .extracting(e -> ((ConnectionStateChanged) e).current())
                .containsSubsequence(ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED));
        assertThat(pbx.state().isCurrent()).isTrue();
        // the call died with the restart
        assertThat(pbx.state().channels()).noneMatch(c -> c.uniqueId().equals(r.uniqueId()));
        // and the state equals what a fresh connection reads
        try (AsteriskPbx fresh = target().admin().build()) {
            fresh.connect();
            assertThat(statuses(pbx)).isEqualTo(statuses(fresh));
            assertThat(pbx.state().channels()).extracting(c -> c.uniqueId())
                    .containsExactlyInAnyOrderElementsOf(fresh.state().channels().stream().map(c -> c.uniqueId()).toList());
        }
    }

    private static Map<String, EndpointStatus> statuses(AsteriskPbx p) {
        return p.state().endpoints().stream().collect(Collectors.toMap(Endpoint::name, Endpoint::status, (a, b) -> a,
                TreeMap::new));
    }
}
