package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.ActiveCall;
import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.MemberState;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.StateResynced;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.core.internal.LiveStateStore;
import io.voipkit.core.internal.ResyncResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays real transcripts through {@link AmiEventMapper} and {@link AmiStateFeed} into a
 * {@link LiveStateStore} and checks the state a dashboard would show, at the end and at the
 * interesting moment in between.
 */
class AmiStateFeedTest {
    private static final String PBX = "pbx-1";
    private static final Instant NOW = Instant.parse("2026-11-24T21:30:00Z");

    private final LiveStateStore store = new LiveStateStore(EndpointNaming.standard(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final AmiStateFeed feed = new AmiStateFeed(store);
    private final AmiEventMapper mapper = new AmiEventMapper(ZoneOffset.UTC);

    /** Maps and applies every event of {@code transcript}. */
    private void replay(String transcript) {
        new Replay(transcript).rest();
    }

    /** Maps and applies events of {@code transcript} up to and including the first that matches {@code stop}. */
    private Replay replayUntil(String transcript, Predicate<AmiMessage> stop) {
        return new Replay(transcript).until(stop);
    }

    /** A transcript's events applied in steps, so a test can look at the state in between. */
    private final class Replay {
        private final java.util.Iterator<AmiMessage> events;

        Replay(String transcript) {
            events = MappingFixtures.events(transcript).iterator();
        }

        Replay until(Predicate<AmiMessage> stop) {
            while (events.hasNext()) {
                AmiMessage m = events.next();
                feed.apply(mapper.map(m, PBX, NOW));
                if (stop.test(m)) {
                    return this;
                }
            }
            throw new AssertionError("the transcript ended before the expected event");
        }

        void rest() {
            events.forEachRemaining(m -> feed.apply(mapper.map(m, PBX, NOW)));
        }
    }

    private static Predicate<AmiMessage> event(String name, String header, String value) {
        return m -> name.equals(m.eventName()) && value.equals(m.get(header));
    }

    private Endpoint endpoint(String name) {
        return store.endpoint(name).orElseThrow(() -> new AssertionError("no endpoint " + name + " in " + store));
    }

    // ---------------------------------------------------------------- replays

    @Test
    void phonesRegisterLifecycle_onlineWithContactThenOfflineWithoutIt() {
        Replay replay = replayUntil("phones-register-lifecycle", event("ContactStatus", "RoundtripUsec", "672"));
        Endpoint online = endpoint("101-ep");
        assertThat(online.status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(online.detail()).isEqualTo("Reachable");
        assertThat(online.contacts()).containsExactly("sip:101-ep@127.0.0.1:16105");
        assertThat(online.deviceState()).isEqualTo("Not in use");
        // The last change was the device state (Not in use); the final Reachable repeated what PeerStatus said.
        assertThat(online.lastChange()).isEqualTo(Instant.ofEpochSecond(1795553864L, 847891000L));
        assertThat(endpoint("102-ep").status()).isEqualTo(EndpointStatus.ONLINE);

        replay.rest();
        for (String name : List.of("101-ep", "102-ep")) {
            Endpoint gone = endpoint(name);
            assertThat(gone.status()).as(name).isEqualTo(EndpointStatus.OFFLINE);
            assertThat(gone.detail()).isEqualTo("Removed");
            assertThat(gone.contacts()).isEmpty();
            assertThat(gone.deviceState()).isEqualTo("Unavailable");
        }
    }

    @Test
    void callToRegisteredPhone_ringingCallShowsTheCustomerThenDisappears() {
        Replay replay = replayUntil("call-to-registered-phone",
                event("NewConnectedLine", "Channel", "PJSIP/101-ep-00000000"));
        Endpoint phone = endpoint("101-ep");
        assertThat(phone.status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(phone.isBusy()).isTrue();
        ActiveCall call = phone.activeCalls().get(0);
        assertThat(call.channel()).isEqualTo("PJSIP/101-ep-00000000");
        assertThat(call.uniqueId()).isEqualTo("1795551399.2");
        assertThat(call.linkedId()).isEqualTo("1795551399.0");
        assertThat(call.otherPartyNumber()).isEqualTo("+15551234567");
        assertThat(call.otherPartyName()).isEqualTo("Customer");
        assertThat(call.inbound()).isTrue();
        assertThat(call.startedAt()).isEqualTo(Instant.ofEpochSecond(1795551399L, 750202000L));
        assertThat(call.isAnswered()).isFalse();
        assertThat(call.state()).isEqualTo(ChannelState.DOWN);
        assertThat(store.channels()).hasSize(3);
        assertThat(store.calls()).containsExactly(call);

        replay.rest();
        assertThat(store.channels()).isEmpty();
        assertThat(store.calls()).isEmpty();
        assertThat(endpoint("101-ep").activeCalls()).isEmpty();
        assertThat(endpoint("101-ep").status()).isEqualTo(EndpointStatus.OFFLINE);
    }

    @Test
    void queueCallFlow_callerWaitsThenAgentTakesTheCall() {
        Replay replay = replayUntil("queue-call-flow", m -> "QueueCallerJoin".equals(m.eventName()));
        QueueStatus waiting = store.queue("support").orElseThrow();
        assertThat(waiting.callers()).hasSize(1);
        QueueCaller caller = waiting.callers().get(0);
        assertThat(caller.position()).isEqualTo(1);
        assertThat(caller.channel()).isEqualTo("Local/100@test-00000014;2");
        assertThat(caller.uniqueId()).isEqualTo("1795553881.43");
        assertThat(caller.callerIdNum()).isEqualTo("+15551230100");
        assertThat(caller.callerIdName()).isEqualTo("Customer");
        assertThat(waiting.calls()).isEqualTo(1);

        replay.until(m -> "BridgeEnter".equals(m.eventName()) && "2".equals(m.get("BridgeNumChannels")));
        QueueStatus talking = store.queue("support").orElseThrow();
        assertThat(talking.callers()).isEmpty();
        QueueMember agent = talking.member("Local/agent2@agents/n").orElseThrow();
        assertThat(agent.name()).isEqualTo("Agent Two");
        assertThat(agent.status()).isEqualTo(MemberState.IN_USE);
        assertThat(agent.inCall()).isTrue();
        assertThat(store.channels()).extracting(Channel::bridgeId).filteredOn(b -> b != null)
                .containsOnly("35405f17-df7a-40e2-bba5-93d6fe9fbb9e").hasSize(2);
    }

    @Test
    void queueCallFlow_endState() {
        replay("queue-call-flow");
        QueueStatus support = store.queue("support").orElseThrow();
        assertThat(support.callers()).isEmpty();
        assertThat(support.completed()).isEqualTo(1);
        QueueMember agent = support.member("Local/agent2@agents/n").orElseThrow();
        assertThat(agent.status()).isEqualTo(MemberState.NOT_IN_USE);
        assertThat(agent.inCall()).isFalse();
        assertThat(agent.callsTaken()).isEqualTo(1);
        assertThat(agent.lastCall()).isEqualTo(Instant.ofEpochSecond(1795553902L));
        assertThat(agent.membership()).isEqualTo("static");
        assertThat(agent.stateInterface()).as("same as the interface").isNull();
        assertThat(store.channels()).isEmpty();
    }

    @Test
    void fourTranscriptsInARow_endWithPhonesOfflineNoCallsAndTheQueueCounted() {
        for (String t : List.of("phones-register-lifecycle", "call-to-registered-phone", "queue-call-flow",
                "core-show-channels")) {
            replay(t);
        }
        assertThat(store.endpoints()).extracting(Endpoint::name, Endpoint::status, Endpoint::activeCallCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("101-ep", EndpointStatus.OFFLINE, 0),
                        org.assertj.core.groups.Tuple.tuple("102-ep", EndpointStatus.OFFLINE, 0));
        assertThat(store.channels()).as("CoreShowChannel list items are no live events").isEmpty();
        assertThat(store.calls()).isEmpty();
        assertThat(store.queues()).extracting(QueueStatus::name).containsExactly("support");
        assertThat(store.queue("support").orElseThrow().completed()).isEqualTo(1);
        assertThat(mapper.trackedChannels()).as("every channel seen created was seen hung up").isZero();
    }

    @Test
    void queueAbandon_countsTheAbandonAndTheCallerLeaves() {
        Replay replay = replayUntil("queue-abandon", m -> "QueueCallerJoin".equals(m.eventName()));
        QueueStatus waiting = store.queue("support").orElseThrow();
        assertThat(waiting.callers()).extracting(QueueCaller::callerIdNum).containsExactly("+15551230200");
        assertThat(waiting.members()).hasSize(2).allSatisfy(m -> {
            assertThat(m.paused()).isTrue();
            assertThat(m.pausedReason()).isEqualTo("abandon test");
            assertThat(m.isAvailable()).isFalse();
        });

        replay.rest();
        QueueStatus support = store.queue("support").orElseThrow();
        assertThat(support.abandoned()).isEqualTo(1);
        assertThat(support.callers()).isEmpty();
        assertThat(support.members()).as("unpaused at the end").allSatisfy(m -> assertThat(m.paused()).isFalse());
    }

    @Test
    void queueAdmin_removedMemberDisappears() {
        Replay replay = replayUntil("queue-add-pause-penalty-remove", m -> "QueueMemberPenalty".equals(m.eventName()));
        QueueMember agent3 = store.queue("support").orElseThrow().member("Local/agent3@agents/n").orElseThrow();
        assertThat(agent3.penalty()).isEqualTo(5);
        assertThat(agent3.paused()).isTrue();
        assertThat(agent3.pausedReason()).isEqualTo("lunch break");
        assertThat(agent3.membership()).isEqualTo("dynamic");

        replay.rest();
        assertThat(store.queue("support").orElseThrow().member("Local/agent3@agents/n")).isEmpty();
    }

    @Test
    void bridge_callOfAnEndpointShowsItsBridgePeerWhenNoConnectedLine() {
        // Synthetic: a phone channel without connected line, bridged with a trunk channel.
        apply("Event", "Newchannel", "Channel", "PJSIP/101-ep-00000001", "Uniqueid", "1.1", "Linkedid", "1.1",
                "ChannelState", "6", "CallerIDNum", "101", "ConnectedLineNum", "<unknown>", "Timestamp", "100.0");
        apply("Event", "Newchannel", "Channel", "PJSIP/trunk-00000002", "Uniqueid", "1.2", "Linkedid", "1.1",
                "ChannelState", "6", "CallerIDNum", "+4930123", "CallerIDName", "Berlin", "Timestamp", "100.5");
        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isNull();
        apply("Event", "BridgeEnter", "BridgeUniqueid", "b1", "BridgeNumChannels", "1", "Channel",
                "PJSIP/101-ep-00000001", "Uniqueid", "1.1", "Timestamp", "101.0");
        apply("Event", "BridgeEnter", "BridgeUniqueid", "b1", "BridgeNumChannels", "2", "Channel",
                "PJSIP/trunk-00000002", "Uniqueid", "1.2", "Timestamp", "101.0");
        ActiveCall call = store.callsOf("101-ep").get(0);
        assertThat(call.otherPartyNumber()).isEqualTo("+4930123");
        assertThat(call.otherPartyName()).isEqualTo("Berlin");
        assertThat(call.inbound()).as("the phone's channel started the call").isFalse();
        apply("Event", "BridgeLeave", "BridgeUniqueid", "b1", "BridgeNumChannels", "1", "Channel",
                "PJSIP/trunk-00000002", "Uniqueid", "1.2", "Timestamp", "102.0");
        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isNull();
    }

    @Test
    void contacts_phoneRegisteredTwiceStaysOnlineUntilBothAreGone() {
        apply("Event", "ContactStatus", "URI", "sip:a", "ContactStatus", "Reachable", "EndpointName", "7-ep",
                "Timestamp", "1.0");
        apply("Event", "ContactStatus", "URI", "sip:b", "ContactStatus", "NonQualified", "EndpointName", "7-ep",
                "Timestamp", "2.0");
        apply("Event", "ContactStatus", "URI", "sip:a", "ContactStatus", "Removed", "EndpointName", "7-ep",
                "Timestamp", "3.0");
        Endpoint e = endpoint("7-ep");
        assertThat(e.status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(e.detail()).isEqualTo("NonQualified");
        assertThat(e.contacts()).containsExactly("sip:b");
        apply("Event", "ContactStatus", "URI", "sip:b", "ContactStatus", "Unreachable", "EndpointName", "7-ep",
                "Timestamp", "4.0");
        assertThat(endpoint("7-ep").status()).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(endpoint("7-ep").contacts()).as("unreachable is still registered").containsExactly("sip:b");
    }

    @Test
    void queueCallers_positionsCloseUpWhenOneLeaves() {
        for (int i = 1; i <= 3; i++) {
            apply("Event", "QueueCallerJoin", "Queue", "q", "Channel", "Local/c" + i, "Uniqueid", "u" + i,
                    "CallerIDNum", "10" + i, "Position", String.valueOf(i), "Count", String.valueOf(i), "Timestamp", "1.0");
        }
        apply("Event", "QueueCallerLeave", "Queue", "q", "Channel", "Local/c2", "Uniqueid", "u2", "Position", "2",
                "Count", "2", "Timestamp", "2.0");
        assertThat(store.queue("q").orElseThrow().callers())
                .extracting(QueueCaller::uniqueId, QueueCaller::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u1", 1), org.assertj.core.groups.Tuple.tuple("u3", 2));
        apply("Event", "QueueCallerJoin", "Queue", "q", "Channel", "Local/vip", "Uniqueid", "vip", "Position", "1",
                "Count", "3", "Timestamp", "3.0");
        assertThat(store.queue("q").orElseThrow().callers()).extracting(QueueCaller::uniqueId)
                .containsExactly("vip", "u1", "u3");
    }

    private void apply(String... namesAndValues) {
        feed.apply(mapper.map(AmiMessage.of(namesAndValues), PBX, NOW));
    }

    // ---------------------------------------------------------------- resync

    @Test
    void resync_coreShowChannelsGivesChannelsWithBridgesAndStartTimes() {
        List<AmiMessage> items = MappingFixtures.listItems("core-show-channels", "core-show-channels-4");
        ResyncResult r = feed.resync(List.of(), List.of(), items, List.of(), NOW);
        assertThat(store.channels()).hasSize(6);
        assertThat(r.newCalls()).hasSize(6);
        assertThat(r.endedCalls()).isEmpty();
        Channel dialler = store.channel("1795553845.36").orElseThrow();
        assertThat(dialler.name()).isEqualTo("Local/999@test-00000011;1");
        assertThat(dialler.bridgeId()).isEqualTo("a726b24d-a2e1-452a-96fc-3f5c25c20490");
        assertThat(dialler.created()).isEqualTo(NOW.minusSeconds(2));
        assertThat(dialler.state()).isEqualTo(ChannelState.UP);
        assertThat(dialler.callerIdNum()).isEqualTo("+15550100001");
        assertThat(dialler.callerIdName()).isEqualTo("Caller A");
        assertThat(store.channel("1795553845.40").orElseThrow().callerIdNum()).isEqualTo("999");
        assertThat(store.channel("1795553845.41").orElseThrow().bridgeId()).isNull();
        assertThat(store.calls()).as("Local channels are no phones").isEmpty();
        assertThat(store.isCurrent()).isTrue();

        feed.seedChannelStarts(mapper);
        assertThat(mapper.trackedChannels()).isEqualTo(6);
        PbxEvent end = mapper.map(AmiMessage.of("Event", "Hangup", "Channel", "Local/999@test-00000011;1", "Uniqueid",
                "1795553845.36", "Cause", "16", "Timestamp", String.valueOf(NOW.getEpochSecond() + 10)), PBX, NOW);
        assertThat(((CallEnded) end).duration()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void resync_pjsipShowEndpointsIdleThenRegistered() {
        feed.resync(MappingFixtures.listItems("pjsip-show-endpoints", "pjsip-show-endpoints-2"), List.of(), List.of(),
                List.of(), NOW);
        assertThat(store.endpoints()).extracting(Endpoint::name, Endpoint::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("101-ep", EndpointStatus.OFFLINE),
                        org.assertj.core.groups.Tuple.tuple("102-ep", EndpointStatus.OFFLINE),
                        org.assertj.core.groups.Tuple.tuple("103-ep", EndpointStatus.OFFLINE));

        ResyncResult r = feed.resync(MappingFixtures.listItems("pjsip-show-endpoints", "pjsip-show-endpoints-3"),
                List.of(), List.of(), List.of(), NOW);
        Endpoint registered = endpoint("101-ep");
        assertThat(registered.status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(registered.deviceState()).isEqualTo("Not in use");
        assertThat(registered.contacts()).containsExactly("sip:101-ep@127.0.0.1:16101");
        assertThat(endpoint("102-ep").deviceState()).isEqualTo("Unavailable");
        assertThat(r.changedEndpoints()).containsExactly("101-ep");
    }

    @Test
    void resync_contactListDecidesTheStatus() {
        assertThat(MappingFixtures.response("pjsip-show-contacts", "pjsip-show-contacts-2").message())
                .isEqualTo("No Contacts found");
        assertThat(MappingFixtures.listItems("pjsip-show-contacts", "pjsip-show-contacts-2")).isEmpty();

        List<AmiMessage> contacts = MappingFixtures.listItems("pjsip-show-contacts", "pjsip-show-contacts-3");
        List<Endpoint> endpoints = AmiResyncParser.endpoints(List.of(), contacts, NOW);
        assertThat(endpoints).extracting(Endpoint::name).containsExactly("101-ep", "102-ep");
        assertThat(endpoints).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(EndpointStatus.ONLINE);
            assertThat(e.detail()).isEqualTo("Reachable");
        });
        assertThat(endpoints.get(0).contacts()).containsExactly("sip:101-ep@127.0.0.1:16103");

        // The contact list (fetched after the endpoints) wins over an endpoint's stale device state.
        feed.resync(MappingFixtures.listItems("pjsip-show-endpoints", "pjsip-show-endpoints-2"), contacts, List.of(),
                List.of(), NOW);
        assertThat(endpoint("102-ep").status()).isEqualTo(EndpointStatus.ONLINE);
        assertThat(endpoint("102-ep").deviceState()).isEqualTo("Unavailable");
        assertThat(endpoint("103-ep").status()).isEqualTo(EndpointStatus.OFFLINE);

        // ... and later ContactStatus events work on the contacts the resync loaded.
        apply("Event", "ContactStatus", "URI", "sip:102-ep@127.0.0.1:16104", "ContactStatus", "Removed",
                "EndpointName", "102-ep", "Timestamp", "5.0");
        assertThat(endpoint("102-ep").status()).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(endpoint("102-ep").contacts()).isEmpty();
    }

    @Test
    void resync_queueStatusGivesParamsAndMembers() {
        feed.resync(List.of(), List.of(), List.of(), MappingFixtures.listItems("queue-status", "queue-status-2"), NOW);
        assertThat(store.queues()).extracting(QueueStatus::name).containsExactly("sales", "support");
        QueueStatus support = store.queue("support").orElseThrow();
        assertThat(support.strategy()).isEqualTo("rrmemory");
        assertThat(support.max()).isEqualTo(10);
        assertThat(support.talkTime()).isEqualTo(Duration.ofSeconds(21));
        assertThat(support.completed()).isEqualTo(1);
        assertThat(support.serviceLevel()).isEqualTo(Duration.ofSeconds(20));
        assertThat(support.serviceLevelPerf()).isEqualTo(100.0);
        assertThat(support.members()).extracting(QueueMember::name).containsExactly("Agent One", "Agent Two");
        QueueMember one = support.members().get(0);
        assertThat(one.interfaceName()).isEqualTo("Local/agent1@agents/n");
        assertThat(one.callsTaken()).isEqualTo(1);
        assertThat(one.lastCall()).isEqualTo(Instant.ofEpochSecond(1795552085L));
        assertThat(one.status()).isEqualTo(MemberState.NOT_IN_USE);
        assertThat(one.isAvailable()).isTrue();
        assertThat(support.members().get(1).lastCall()).as("LastCall 0 = never").isNull();
        QueueStatus sales = store.queue("sales").orElseThrow();
        assertThat(sales.strategy()).isEqualTo("ringall");
        assertThat(sales.max()).isEqualTo(5);
        assertThat(sales.members()).extracting(QueueMember::name).containsExactly("Agent Three");
    }

    @Test
    void resync_queueEntryGivesWaitingCallers() {
        List<AmiMessage> items = MappingFixtures.listItems("queue-abandon", "queue-abandon-5");
        List<QueueStatus> queues = AmiResyncParser.queues(items, NOW);
        QueueStatus support = queues.stream().filter(q -> q.name().equals("support")).findFirst().orElseThrow();
        assertThat(support.callers()).hasSize(1);
        QueueCaller c = support.callers().get(0);
        assertThat(c.position()).isEqualTo(1);
        assertThat(c.channel()).isEqualTo("Local/100@test-00000016;2");
        assertThat(c.uniqueId()).isEqualTo("1795553905.47");
        assertThat(c.callerIdNum()).isEqualTo("+15551230200");
        assertThat(c.waitTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(support.members()).allSatisfy(m -> assertThat(m.paused()).isTrue());
    }

    @Test
    void resync_afterDisconnectReportsCallsThatEndedAndUnchangedEndpointsStayQuiet() {
        replay("phones-register-lifecycle");
        replayUntil("call-to-registered-phone", event("NewConnectedLine", "Channel", "PJSIP/101-ep-00000000"));
        store.markStale();
        assertThat(store.isCurrent()).isFalse();

        // While away: the call ended and 101-ep unregistered again; 103-ep is new to the store.
        ResyncResult r = feed.resync(MappingFixtures.listItems("pjsip-show-endpoints", "pjsip-show-endpoints-2"),
                List.of(), List.of(), List.of(), NOW);
        assertThat(r.endedCalls()).containsExactly("1795551399.0", "1795551399.1", "1795551399.2");
        assertThat(r.changedEndpoints()).containsExactly("101-ep", "103-ep");
        assertThat(endpoint("102-ep").detail()).as("unchanged endpoint keeps its word").isEqualTo("Removed");
        assertThat(store.calls()).isEmpty();
        assertThat(store.isCurrent()).isTrue();

        StateResynced e = AmiStateFeed.resyncedEvent(r, PBX, NOW, Duration.ofSeconds(4));
        assertThat(e.endedCalls()).isEqualTo(r.endedCalls());
        assertThat(e.changedEndpoints()).containsExactly("101-ep", "103-ep");
        assertThat(e.downtime()).isEqualTo(Duration.ofSeconds(4));
        assertThat(e.raw().isEmpty()).isTrue();
    }

    @Test
    void eventsWithoutLiveStateChangeNothing() {
        long before = store.version();
        for (String transcript : List.of("cdr-cel-events", "userevent", "dtmf")) {
            for (AmiMessage m : MappingFixtures.events(transcript)) {
                PbxEvent e = mapper.map(m, PBX, NOW);
                if (e.name().equals("Cdr") || e.name().equals("UserEvent") || e.name().startsWith("DTMF")
                        || e.name().equals("CEL")) {
                    feed.apply(e);
                }
            }
        }
        assertThat(store.version()).isEqualTo(before);
    }
}
