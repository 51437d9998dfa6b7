package io.voipkit.freeswitch.adapter;

import io.voipkit.core.AddMemberRequest;
import io.voipkit.core.CallDisposition;
import io.voipkit.core.ChannelInfo;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.HangupCause;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.OriginateFailure;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.ParkResult;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueueSummary;
import io.voipkit.core.Recording;
import io.voipkit.core.RecordingRequest;
import io.voipkit.core.SpyMode;
import io.voipkit.core.SpyRequest;
import io.voipkit.core.SystemInfo;
import io.voipkit.core.event.AgentConnected;
import io.voipkit.core.event.CallBridged;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.CallRecordCreated;
import io.voipkit.core.event.CallTransferred;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.DtmfReceived;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.QueueCallerJoined;
import io.voipkit.core.event.StateResynced;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.testsupport.PbxContractBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What {@link FreeSwitchPbx} promises, written once and run against the real FreeSWITCH 1.10.12
 * ({@code FreeSwitchPbxRealIT}, RealFreeSwitch's configuration) and voip-simulator's
 * {@code FreeSwitchSimulator} ({@code FreeSwitchPbxSimulatorTest}, the recorded switch's
 * configuration); each target describes its extensions, queue and users in a {@link Dialplan}.
 * Calls are {@code loopback/} channels: {@code loopback/7703/default} is the A leg
 * {@code loopback/7703-a} of a call whose B leg runs extension 7703. Where the two differ, the
 * real FreeSWITCH is right.
 */
public abstract class FreeSwitchPbxContract extends PbxContractBase<FreeSwitchPbx> {

    /** The PBX under test and how to act on it from outside. */
    protected interface Target {
        /** A builder with the right host, port and password; tests add their settings and build. */
        FreeSwitchPbx.Builder builder();

        /** Registers a SIP phone for directory user {@code user}. */
        void registerPhone(String user) throws Exception;

        /** Unregisters that phone. */
        void unregisterPhone(String user) throws Exception;

        /** Kills and restarts the PBX; returns once it answers again. */
        void restart() throws Exception;

        /** The extensions, queue and users the target is configured with. */
        Dialplan dialplan();
    }

    /**
     * What the target's configuration offers, so that one contract runs against the real
     * FreeSWITCH (RealFreeSwitch's 7700-7708) and the simulator (the recorded switch's 9000-9008).
     *
     * @param longCall     a dial string whose far leg answers and stays up at least 20 s
     * @param parkExten    an extension of {@code context} that answers and parks
     * @param context      the dialplan context
     * @param echoCall     a dial string whose far leg answers (echo)
     * @param readCall     a dial string whose far leg answers and reads DTMF digits
     * @param queue        a mod_callcenter queue
     * @param strategy     its strategy
     * @param agents       its agents (at least two)
     * @param queueCall    a dial string whose far leg answers and enters {@code queue}
     * @param agentContact a dial string an added agent could be called on
     * @param phone        a directory user that no phone registers, for the registration test
     * @param unregistered a directory user that is never registered
     */
    protected record Dialplan(String longCall, String parkExten, String context, String echoCall, String readCall,
                              String queue, String strategy, List<String> agents, String queueCall,
                              String agentContact, String phone, String unregistered) {
    }

    /** The target of this run. */
    protected abstract Target target();

    /** The target's dialplan. */
    protected Dialplan dp() {
        return target().dialplan();
    }

    /** A PBX of {@link #target()}. */
    @Override
    protected FreeSwitchPbx newPbx() {
        return target().builder().build();
    }

    /** Leaves no call behind. */
    @Override
    protected void beforeClose() {
        if (pbx.connectionState() == ConnectionState.CONNECTED) {
            // leave no call behind: FreeSWITCH channel names repeat (loopback/7703-a), and a leftover
            // would make the next test's name ambiguous
            await().atMost(EVENT_WAIT).until(() -> {
                List<ChannelInfo> left = pbx.calls().activeChannels();
                for (ChannelInfo c : left) {
                    try {
                        pbx.calls().hangup(c.uniqueId());
                    } catch (PbxActionFailedException gone) {
                        // ended by itself meanwhile
                    }
                }
                return left.isEmpty();
            });
        }
    }

    /** A call that stays up: the A leg of {@link Dialplan#longCall()}, parked on our side. */
    protected OriginateResult longCall() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication(dp().longCall(), "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("long call %s", r).isTrue();
        return r;
    }

    // ---------------------------------------------------------------- connection and state

    @Test
    void connectAuthenticatesAndSynchronisesUsersAndQueues() {
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(pbx.kind()).isEqualTo(PbxKind.FREESWITCH);
        assertThat(pbx.state().isCurrent()).isTrue();
        assertThat(pbx.state().endpoints()).extracting(Endpoint::name).contains("1000", "1001", "1019");
        assertThat(pbx.state().queues()).extracting(QueueStatus::name).contains(dp().queue());
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events)
                .filteredOn(ConnectionStateChanged.class::isInstance)
                .extracting(e -> ((ConnectionStateChanged) e).current())
                .containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED));
    }

    @Test
    void checkConnectionPingsAndSystemInfoReportsFreeSwitch110() {
        HealthCheckResult r = pbx.health().checkConnection();
        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.responseTime()).isNotNull().isLessThan(Duration.ofSeconds(5));
        SystemInfo info = pbx.health().systemInfo();
        assertThat(info.kind()).isEqualTo(PbxKind.FREESWITCH);
        assertThat(info.version()).startsWith("1.10.");
        assertThat(info.maxCalls()).isPositive();
        assertThat(info.uptime()).isPositive();
        assertThat(pbx.health().fullReport().status()).isNotEqualTo(HealthStatus.DOWN);
    }

    @Test
    void aWrongPasswordIsRefusedWithTheAuthAction() {
        try (FreeSwitchPbx bad = target().builder().password("definitely-wrong").build()) {
            assertThatThrownBy(bad::connect).isInstanceOfSatisfying(PbxActionFailedException.class,
                    e -> assertThat(e.action()).isEqualTo("auth"));
            assertThat(bad.connectionState()).isEqualTo(ConnectionState.NEW);
        }
    }

    // ---------------------------------------------------------------- originate and hangup

    @Test
    void originateToAnExtensionSucceedsAndHangupEndsTheCall() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toExtension(dp().longCall(), dp().parkExten(), dp().context())
                .callerId("\"Contract, Test\" <+15550001111>").timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("result %s", r).isTrue();
        assertThat(r.channel()).startsWith(dp().longCall().substring(0, dp().longCall().lastIndexOf('/')) + "-a");
        assertThat(r.uniqueId()).hasSize(36);
        await().atMost(EVENT_WAIT).untilAsserted(() ->
                assertThat(pbx.state().channels()).anyMatch(c -> c.uniqueId().equals(r.uniqueId())));
        // on an outbound leg FreeSWITCH shows the caller id we send as the callee (connected line)
        assertThat(pbx.calls().channelInfo(r.uniqueId())).get()
                .satisfies(i -> assertThat(i.connectedLineName()).isEqualTo("Contract, Test"));
        pbx.calls().hangup(r.channel());
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallEnded.class::isInstance)
                .extracting(e -> ((CallEnded) e).uniqueId()).contains(r.uniqueId()));
        await().atMost(EVENT_WAIT).untilAsserted(() ->
                assertThat(pbx.state().channels()).noneMatch(c -> c.uniqueId().equals(r.uniqueId())));
        // CHANNEL_HANGUP_COMPLETE also gives the call's billing record, after its CallEnded.
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallRecordCreated.class::isInstance)
                .map(e -> ((CallRecordCreated) e).record()).filteredOn(c -> c.uniqueId().equals(r.uniqueId()))
                .singleElement().satisfies(c -> {
                    assertThat(c.answer()).as("answered leg").isNotNull();
                    assertThat(c.end()).isAfterOrEqualTo(c.answer());
                    assertThat(c.disposition()).isEqualTo(CallDisposition.ANSWERED);
                    assertThat(c.billableSeconds()).isLessThanOrEqualTo(c.duration());
                }));
        List<PbxEvent> ofThisCall = List.copyOf(events).stream()
                .filter(e -> e instanceof CallEnded ended && ended.uniqueId().equals(r.uniqueId())
                        || e instanceof CallRecordCreated created && created.record().uniqueId().equals(r.uniqueId()))
                .toList();
        assertThat(ofThisCall).extracting(e -> e.getClass().getSimpleName()).containsExactly("CallEnded", "CallRecordCreated");
    }

    @Test
    void originateAsyncCompletesTheFutureWithTheOutcome() throws Exception {
        OriginateResult r = pbx.calls().originateAsync(OriginateRequest.toApplication(dp().echoCall(), "park", null)
                .variable("voipkit_test", "async, with comma").timeout(Duration.ofSeconds(10)).build())
                .get(EVENT_WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.success()).as("result %s", r).isTrue();
        assertThat(pbx.calls().channelInfo(r.channel())).isPresent();
        pbx.calls().hangup(r.uniqueId());
    }

    @Test
    void originateToAnUnregisteredUserIsAFailedResultNotAnException() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("user/" + dp().unregistered(), "park", null)
                .timeout(Duration.ofSeconds(5)).build());
        assertThat(r.success()).isFalse();
        assertThat(r.failure()).isEqualTo(OriginateFailure.UNAVAILABLE);
        assertThat(r.pbxMessage()).contains("USER_NOT_REGISTERED");
    }

    @Test
    void hangupWithCauseEndsTheCallWithThatCause() {
        OriginateResult r = longCall();
        pbx.calls().hangup(r.uniqueId(), HangupCause.USER_BUSY);
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallEnded.class::isInstance)
                .map(CallEnded.class::cast).filteredOn(e -> e.uniqueId().equals(r.uniqueId()))
                .extracting(CallEnded::cause).containsOnly(17));
    }

    @Test
    void hangupOfAnUnknownChannelIsThePbxsError() {
        assertThatThrownBy(() -> pbx.calls().hangup("00000000-0000-0000-0000-000000000000"))
                .isInstanceOfSatisfying(PbxActionFailedException.class,
                        e -> assertThat(e.pbxMessage()).contains("No such channel"));
        assertThatThrownBy(() -> pbx.calls().hangup("loopback/nothere-a"))
                .isInstanceOf(PbxActionFailedException.class);
    }

    @Test
    void valuesWithLineBreaksOrSpacesAreRejectedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> pbx.calls().hangup("loopback/7700-a\napi fsctl shutdown"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("channel"));
        assertThatThrownBy(() -> pbx.calls().transfer("00000000-0000-0000-0000-000000000000", "7701 XML evil", "default"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("exten"));
        assertThatThrownBy(() -> pbx.queues().pauseMember(dp().queue(), dp().agents().get(0), true, "lunch\r\nexit"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> pbx.calls().originate(OriginateRequest.toApplication(dp().echoCall(), "park", null)
                .variable("x", "a}b").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("variables"));
        assertThat(pbx.health().checkConnection().status()).isEqualTo(HealthStatus.UP);
    }

    // ---------------------------------------------------------------- channel commands

    @Test
    void transferSendsALiveChannelElsewhereAndIsReportedAsBlindTransfer() {
        OriginateResult r = longCall();
        pbx.calls().transfer(r.channel(), dp().parkExten(), dp().context());
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallTransferred.class::isInstance)
                .map(CallTransferred.class::cast).filteredOn(t -> t.uniqueId().equals(r.uniqueId()))
                .anySatisfy(t -> {
                    assertThat(t.kind()).isEqualTo(CallTransferred.Kind.BLIND);
                    assertThat(t.targetExten()).isEqualTo(dp().parkExten());
                    assertThat(t.targetContext()).isEqualTo(dp().context());
                }));
        assertThatThrownBy(() -> pbx.calls().transfer("00000000-0000-0000-0000-000000000000", "7701", "default"))
                .isInstanceOf(PbxActionFailedException.class);
    }

    @Test
    void attendedTransferDialsTheTargetFromTheTransferringLeg() {
        // the A leg of the long call is bridged to an echo: a call with a peer
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication(dp().longCall(), "bridge",
                dp().echoCall()).timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).as("bridged call %s", r).isTrue();
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallBridged.class::isInstance)
                .map(CallBridged.class::cast).anySatisfy(b -> assertThat(b.uniqueId()).isEqualTo(r.uniqueId())));
        pbx.calls().attendedTransfer(r.uniqueId(), dp().parkExten(), dp().context());
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events)
                .filteredOn(io.voipkit.core.event.ChannelCreated.class::isInstance)
                .extracting(e -> ((io.voipkit.core.event.ChannelCreated) e).channel())
                .anyMatch(c -> c.startsWith("loopback/" + dp().parkExten())));
        assertThatThrownBy(() -> pbx.calls().attendedTransfer("00000000-0000-0000-0000-000000000000", dp().parkExten(), null))
                .isInstanceOf(PbxActionFailedException.class);
    }

    @Test
    void callQualityCountsCallsThatEnded() {
        OriginateResult r = longCall();
        pbx.calls().hangup(r.uniqueId());
        await().atMost(EVENT_WAIT).untilAsserted(() -> {
            io.voipkit.core.CallQuality q = pbx.health().callQuality(Duration.ofHours(1));
            assertThat(q.totalCalls()).isGreaterThanOrEqualTo(1);
            assertThat(q.answered()).isGreaterThanOrEqualTo(1);
        });
        assertThatThrownBy(() -> pbx.health().callQuality(Duration.ZERO)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void activeChannelsListsALiveCallAndChannelInfoFindsItByNameAndUuid() {
        OriginateResult r = longCall();
        // FreeSWITCH answers "show channels" from its core database, which its SQL thread writes a
        // moment after the channel exists: the list is eventually consistent, so wait for it.
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(pbx.calls().activeChannels())
                .extracting(ChannelInfo::uniqueId).contains(r.uniqueId()));
        Optional<ChannelInfo> byName = pbx.calls().channelInfo(r.channel());
        assertThat(byName).isPresent();
        assertThat(byName.get().uniqueId()).isEqualTo(r.uniqueId());
        assertThat(pbx.calls().channelInfo(r.uniqueId())).get().extracting(ChannelInfo::channel).isEqualTo(r.channel());
        assertThat(pbx.calls().channelInfo("loopback/nothere-a")).isEmpty();
        assertThat(pbx.calls().channelInfo("00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    @Test
    void bridgeJoinsTwoParkedCalls() {
        OriginateResult a = longCall();
        OriginateResult b = longCall();
        // both A legs are named loopback/7703-a: FreeSWITCH channel names are not unique, uuids are
        pbx.calls().bridge(a.uniqueId(), b.uniqueId());
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallBridged.class::isInstance)
                .map(CallBridged.class::cast).anySatisfy(e -> assertThat(List.of(a.uniqueId(), b.uniqueId()))
                        .contains(e.uniqueId())));
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(pbx.state().channels())
                .filteredOn(c -> c.uniqueId().equals(a.uniqueId()) || c.uniqueId().equals(b.uniqueId()))
                .hasSize(2).allSatisfy(c -> assertThat(c.bridgeId()).isNotNull()));
        assertThatThrownBy(() -> pbx.calls().bridge(a.uniqueId(), "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(PbxActionFailedException.class);
    }

    @Test
    void parkPutsTheCallIntoAValetSlotAndReportsIt() {
        OriginateResult r = longCall();
        ParkResult parked = pbx.calls().park(r.channel(), null, Duration.ofSeconds(30));
        assertThat(parked.parkingLot()).isEqualTo("voipkit");
        assertThat(parked.space()).matches("60\\d\\d");
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(CallParked.class::isInstance)
                .map(CallParked.class::cast).anySatisfy(p -> {
                    assertThat(p.uniqueId()).isEqualTo(r.uniqueId());
                    assertThat(p.parkingSpace()).isEqualTo(parked.space());
                }));
        assertThatThrownBy(() -> pbx.calls().park("00000000-0000-0000-0000-000000000000", null, Duration.ofSeconds(3)))
                .isInstanceOf(PbxActionFailedException.class);
    }

    @Test
    void spyRingsTheSupervisorAndEavesdropsInEveryMode() {
        OriginateResult target = longCall();
        for (SpyMode mode : SpyMode.values()) {
            OriginateResult spy = pbx.calls().spy(SpyRequest.builder(dp().echoCall(), target.uniqueId())
                    .mode(mode).callerId("Supervisor <105>").build());
            assertThat(spy.success()).as("%s: %s", mode, spy).isTrue();
            await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(pbx.calls().channelInfo(spy.uniqueId()))
                    .get().extracting(ChannelInfo::application).isEqualTo("eavesdrop"));
            pbx.calls().hangup(spy.uniqueId());
        }
    }

    @Test
    void sendDtmfPlaysDigitsThatTheFarLegReads() {
        OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication(dp().readCall(), "park", null)
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(r.success()).isTrue();
        pbx.calls().sendDtmf(r.channel(), "1984#", Duration.ofMillis(120));
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events).filteredOn(DtmfReceived.class::isInstance)
                .map(DtmfReceived.class::cast).extracting(DtmfReceived::digit).containsSubsequence("1", "9", "8", "4"));
        assertThatThrownBy(() -> pbx.calls().sendDtmf(r.channel(), "12x")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void recordingStartsWithAFileAndStops() {
        OriginateResult r = longCall();
        Recording rec = pbx.calls().startRecording(RecordingRequest.of(r.channel()));
        assertThat(rec.channel()).isEqualTo(r.channel());
        assertThat(rec.file()).endsWith(".wav").contains(r.uniqueId());
        pbx.calls().stopRecording(r.channel());
        assertThatThrownBy(() -> pbx.calls().startRecording(RecordingRequest.of("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(PbxActionFailedException.class);
    }

    // ---------------------------------------------------------------- queues

    @Test
    void queueStatusListsTheCallcenterAgentsAsMembers() {
        QueueStatus q = pbx.queues().queue(dp().queue()).orElseThrow();
        assertThat(q.strategy()).isEqualTo(dp().strategy());
        assertThat(q.members()).extracting(QueueMember::interfaceName).containsAll(dp().agents());
        assertThat(pbx.queues().queues()).extracting(QueueStatus::name).contains(dp().queue());
        assertThat(pbx.queues().queue("nosuch@default")).isEmpty();
        QueueSummary s = pbx.queues().summary(dp().queue());
        assertThat(s.loggedIn()).isGreaterThanOrEqualTo(2);
        assertThatThrownBy(() -> pbx.queues().summary("nosuch@default"))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("No such queue");
    }

    @Test
    void memberAdministrationAddPausePenaltyRemove() {
        String agent = "agent7009@default";
        try {
            pbx.queues().addMember(AddMemberRequest.builder(dp().queue(), agent)
                    .stateInterface(dp().agentContact()).penalty(2).build());
            QueueMember m = pbx.queues().queue(dp().queue()).orElseThrow().member(agent).orElseThrow();
            assertThat(m.penalty()).isEqualTo(2);
            assertThat(m.paused()).isFalse();
            assertThat(m.stateInterface()).isEqualTo(dp().agentContact());

            pbx.queues().pauseMember(dp().queue(), agent, true, "lunch");
            m = pbx.queues().queue(dp().queue()).orElseThrow().member(agent).orElseThrow();
            assertThat(m.paused()).isTrue();
            assertThat(m.pausedReason()).isEqualTo("On Break");

            pbx.queues().setPenalty(dp().queue(), agent, 5);
            assertThat(pbx.queues().queue(dp().queue()).orElseThrow().member(agent).orElseThrow().penalty()).isEqualTo(5);

            pbx.queues().pauseMember(null, agent, false, null);
            assertThat(pbx.queues().queue(dp().queue()).orElseThrow().member(agent).orElseThrow().paused()).isFalse();
            assertThatThrownBy(() -> pbx.queues().addMember(AddMemberRequest.builder(dp().queue(), agent).build()))
                    .isInstanceOf(PbxActionFailedException.class);
        } finally {
            pbx.queues().removeMember(dp().queue(), agent);
        }
        assertThat(pbx.queues().queue(dp().queue()).orElseThrow().member(agent)).isEmpty();
        assertThatThrownBy(() -> pbx.queues().removeMember(dp().queue(), agent))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("Not there");
        pbx.queues().reload(dp().queue());
        pbx.queues().reload(null);
    }

    @Test
    void aCallerInTheQueueJoinsAndIsConnectedToAnAgent() {
        OriginateResult caller = pbx.calls().originate(OriginateRequest.toApplication(dp().queueCall(), "park", null)
                .callerId("Anna <+79161234567>").timeout(Duration.ofSeconds(10)).build());
        assertThat(caller.success()).isTrue();
        await().atMost(EVENT_WAIT).untilAsserted(() -> {
            assertThat(events).filteredOn(QueueCallerJoined.class::isInstance).map(QueueCallerJoined.class::cast)
                    .anySatisfy(j -> assertThat(j.queue()).isEqualTo(dp().queue()));
            assertThat(events).filteredOn(AgentConnected.class::isInstance).map(AgentConnected.class::cast)
                    .anySatisfy(a -> assertThat(dp().agents()).contains(a.interfaceName()));
        });
    }

    // ---------------------------------------------------------------- phones

    @Test
    void aRegisteringPhoneTurnsOnlineAndOfflineAgain() throws Exception {
        assertThat(pbx.state().endpoint(dp().phone()).orElseThrow().status()).isEqualTo(EndpointStatus.OFFLINE);
        target().registerPhone(dp().phone());
        try {
            await().atMost(EVENT_WAIT).untilAsserted(() ->
                    assertThat(pbx.state().endpoint(dp().phone()).orElseThrow().status()).isEqualTo(EndpointStatus.ONLINE));
            assertThat(pbx.state().endpoint(dp().phone()).orElseThrow().contacts()).isNotEmpty();
            // sofia::register may come before the registration row is written: a fresh resync may lag a little
            await().atMost(EVENT_WAIT).untilAsserted(() -> {
                try (FreeSwitchPbx fresh = target().builder().build()) {
                    fresh.connect();
                    assertThat(fresh.state().endpoint(dp().phone()).orElseThrow().status()).isEqualTo(EndpointStatus.ONLINE);
                }
            });
        } finally {
            target().unregisterPhone(dp().phone());
        }
        await().atMost(EVENT_WAIT).untilAsserted(() ->
                assertThat(pbx.state().endpoint(dp().phone()).orElseThrow().status()).isEqualTo(EndpointStatus.OFFLINE));
    }

    // ---------------------------------------------------------------- restart

    @Test
    void aRestartOfThePbxIsFollowedByReconnectAndResync() throws Exception {
        OriginateResult r = longCall();
        target().restart();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(events).anyMatch(StateResynced.class::isInstance);
        });
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(events)
                .filteredOn(ConnectionStateChanged.class::isInstance)
                .extracting(e -> ((ConnectionStateChanged) e).current())
                .containsSubsequence(ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED));
        assertThat(pbx.state().isCurrent()).isTrue();
        StateResynced resynced = events.stream().filter(StateResynced.class::isInstance).map(StateResynced.class::cast)
                .findFirst().orElseThrow();
        assertThat(resynced.endedCalls()).contains(r.uniqueId());
        assertThat(pbx.state().channels()).noneMatch(c -> c.uniqueId().equals(r.uniqueId()));
        try (FreeSwitchPbx fresh = target().builder().build()) {
            fresh.connect();
            assertThat(statuses(pbx)).isEqualTo(statuses(fresh));
        }
        OriginateResult after = longCall();
        assertThat(after.success()).isTrue();
    }

    private static Map<String, EndpointStatus> statuses(FreeSwitchPbx p) {
        return p.state().endpoints().stream().collect(Collectors.toMap(Endpoint::name, Endpoint::status, (a, b) -> a,
                TreeMap::new));
    }
}
