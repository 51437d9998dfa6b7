package io.voipkit.core.internal;

import io.voipkit.core.ActiveCall;
import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.QueueStatus;
import io.voipkit.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveStateStoreTest {
    private final MutableClock clock = new MutableClock();
    private final LiveStateStore store = new LiveStateStore(EndpointNaming.standard(), clock);

    private Channel channel(String name, String uniqueId, String linkedId, ChannelState state, String cidNum,
                            String connectedNum) {
        return new Channel(name, uniqueId, linkedId, state, cidNum, null, connectedNum, null, null, clock.instant(), null);
    }

    private static Endpoint online(String name, Instant at) {
        return new Endpoint(name, EndpointStatus.ONLINE, "Reachable", List.of("sip:" + name + "@127.0.0.1:5070"), "Not in use",
                at, List.of());
    }

    @Test
    void startsEmptyAndNotCurrent() {
        assertThat(store.endpoints()).isEmpty();
        assertThat(store.channels()).isEmpty();
        assertThat(store.calls()).isEmpty();
        assertThat(store.queues()).isEmpty();
        assertThat(store.isCurrent()).isFalse();
        assertThat(store.version()).isZero();
        assertThat(store.callsOf("101-ep")).isEmpty();
        assertThat(store.endpoint(null)).isEmpty();
    }

    @Test
    void endpointStatusUpdatesAreStampedAndVersioned() {
        assertThat(store.updateEndpointStatus("101-ep", EndpointStatus.ONLINE, "Reachable")).isTrue();
        long v = store.version();
        clock.advance(Duration.ofSeconds(5));

        assertThat(store.updateEndpointStatus("101-ep", EndpointStatus.ONLINE, "Reachable"))
                .as("same status again is no change").isFalse();
        assertThat(store.version()).isEqualTo(v);

        assertThat(store.updateEndpointStatus("101-ep", EndpointStatus.OFFLINE, "Unreachable")).isTrue();
        Endpoint e = store.endpoint("101-ep").orElseThrow();
        assertThat(e.status()).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(e.detail()).isEqualTo("Unreachable");
        assertThat(e.lastChange()).isEqualTo(clock.instant());
        assertThat(store.lastUpdate()).isEqualTo(clock.instant());
        assertThat(store.version()).isGreaterThan(v);
    }

    @Test
    void endpointsAreSortedByName() {
        store.putEndpoint(online("103-ep", clock.instant()));
        store.putEndpoint(online("101-ep", clock.instant()));
        store.putEndpoint(online("102-ep", clock.instant()));

        assertThat(store.endpoints()).extracting(Endpoint::name).containsExactly("101-ep", "102-ep", "103-ep");
    }

    @Test
    void snapshotsAreImmutableAndDoNotChangeUnderTheReader() {
        store.putEndpoint(online("101-ep", clock.instant()));
        Collection<Endpoint> before = store.endpoints();
        Collection<ActiveCall> callsBefore = store.calls();

        store.channelCreated(channel("PJSIP/101-ep-00000001", "1.1", "1.1", ChannelState.RING, "101", null));
        store.putEndpoint(online("102-ep", clock.instant()));

        assertThat(before).extracting(Endpoint::name).containsExactly("101-ep");
        assertThat(before.iterator().next().activeCalls()).isEmpty();
        assertThat(callsBefore).isEmpty();
        assertThatThrownBy(() -> store.endpoints().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> store.channels().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> store.calls().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> store.callsOf("101-ep").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> store.queues().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void channelsOfAnEndpointBecomeItsCalls() {
        store.putEndpoint(online("101-ep", clock.instant()));
        store.channelCreated(channel("PJSIP/101-ep-00000001", "1.1", "1.1", ChannelState.RING, "101", null));
        clock.advance(Duration.ofSeconds(1));
        store.channelCreated(channel("PJSIP/101-ep-00000002", "1.5", "1.5", ChannelState.RING, "101", null));
        store.channelCreated(channel("Local/200@test-00000001;1", "1.9", "1.9", ChannelState.UP, null, null));

        assertThat(store.callsOf("101-ep")).extracting(ActiveCall::uniqueId).containsExactly("1.1", "1.5");
        assertThat(store.endpoint("101-ep").orElseThrow().activeCallCount()).isEqualTo(2);
        assertThat(store.calls()).as("only endpoint legs are calls").hasSize(2);
        assertThat(store.channels()).hasSize(3);
        assertThat(store.channel("1.9")).map(Channel::endpoint).isEmpty();
        assertThat(store.endpoint("101-ep").orElseThrow().status()).as("registration data kept")
                .isEqualTo(EndpointStatus.ONLINE);

        store.channelRemoved("1.1");

        assertThat(store.callsOf("101-ep")).extracting(ActiveCall::uniqueId).containsExactly("1.5");
        assertThat(store.channelRemoved("1.1")).isEmpty();
    }

    @Test
    void anEndpointSeenOnlyInAChannelIsAddedAsUnknown() {
        store.channelCreated(channel("PJSIP/105-ep-00000001", "2.1", "2.1", ChannelState.RING, "105", null));

        Endpoint e = store.endpoint("105-ep").orElseThrow();
        assertThat(e.status()).isEqualTo(EndpointStatus.UNKNOWN);
        assertThat(e.activeCallCount()).isEqualTo(1);
    }

    @Test
    void directionAnswerTimeAndOtherPartyFromConnectedLine() {
        // As in call-to-registered-phone.txt: Local/300@test;1 (1795551399.0) dials PJSIP/101-ep (1795551399.2).
        Instant created = clock.instant();
        store.channelCreated(new Channel("PJSIP/101-ep-00000000", "1795551399.2", "1795551399.0", ChannelState.DOWN, "101",
                "Alice", "<unknown>", "<unknown>", null, created, null));

        ActiveCall ringing = store.callsOf("101-ep").get(0);
        assertThat(ringing.inbound()).isTrue();
        assertThat(ringing.otherPartyNumber()).as("<unknown> is no party").isNull();
        assertThat(ringing.answeredAt()).isNull();

        store.updateChannel("1795551399.2", c -> c.withConnectedLine("+15551234567", "Customer"));
        clock.advance(Duration.ofSeconds(4));
        store.channelStateChanged("1795551399.2", ChannelState.UP);
        clock.advance(Duration.ofSeconds(4));
        store.channelStateChanged("1795551399.2", ChannelState.UP);

        ActiveCall answered = store.callsOf("101-ep").get(0);
        assertThat(answered.otherPartyNumber()).isEqualTo("+15551234567");
        assertThat(answered.otherPartyName()).isEqualTo("Customer");
        assertThat(answered.startedAt()).isEqualTo(created);
        assertThat(answered.answeredAt()).as("the first UP counts").isEqualTo(created.plusSeconds(4));
        assertThat(answered.state()).isEqualTo(ChannelState.UP);
    }

    @Test
    void otherPartyComesFromTheBridgePeerWhenNoConnectedLineIsKnown() {
        store.channelCreated(channel("PJSIP/101-ep-00000001", "3.1", "3.1", ChannelState.UP, "101", null));
        store.channelCreated(channel("PJSIP/102-ep-00000002", "3.2", "3.1", ChannelState.UP, "102", null));
        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isNull();

        store.bridgeJoined("bridge-1", "3.1");
        store.bridgeJoined("bridge-1", "3.2");

        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isEqualTo("102");
        assertThat(store.callsOf("102-ep").get(0).otherPartyNumber()).isEqualTo("101");
        assertThat(store.callsOf("101-ep").get(0).inbound()).isFalse();
        assertThat(store.callsOf("102-ep").get(0).inbound()).isTrue();

        assertThat(store.bridgeLeft("other-bridge", "3.2")).as("a stale leave is ignored").isFalse();
        assertThat(store.bridgeLeft("bridge-1", "3.2")).isTrue();
        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isNull();
        assertThat(store.channel("3.2").orElseThrow().bridgeId()).isNull();
    }

    @Test
    void peerCallerIdChangeUpdatesTheOtherEndpointsCall() {
        store.channelCreated(channel("PJSIP/101-ep-00000001", "4.1", "4.1", ChannelState.UP, "101", null).withBridgeId("b"));
        store.channelCreated(channel("PJSIP/102-ep-00000002", "4.2", "4.1", ChannelState.UP, null, null).withBridgeId("b"));

        store.updateChannel("4.2", c -> c.withCallerId("102", "Bob"));

        assertThat(store.callsOf("101-ep").get(0).otherPartyName()).isEqualTo("Bob");
    }

    @Test
    void aLocalChannelMattersOnlyOnceItSharesABridgeWithAPhone() {
        store.channelCreated(channel("PJSIP/101-ep-00000001", "12.1", "12.0", ChannelState.UP, "101", null));
        store.channelCreated(channel("Local/300@test-00000000;2", "12.9", "12.0", ChannelState.UP, null, null));
        Collection<ActiveCall> calls = store.calls();

        store.updateChannel("12.9", c -> c.withCallerId("+15551234567", "Customer"));
        assertThat(store.calls()).as("a lone Local channel changes no call").isSameAs(calls);
        assertThat(store.channel("12.9").orElseThrow().callerIdNum()).isEqualTo("+15551234567");

        store.bridgeJoined("b", "12.1");
        store.bridgeJoined("b", "12.9");
        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isEqualTo("+15551234567");

        store.updateChannel("12.9", c -> c.withCallerId("+15550000000", "Other"));
        assertThat(store.callsOf("101-ep").get(0).otherPartyName()).isEqualTo("Other");

        store.channelRemoved("12.9");
        assertThat(store.callsOf("101-ep").get(0).otherPartyNumber()).isNull();
    }

    @Test
    void unknownChannelUpdatesAreReportedNotApplied() {
        assertThat(store.channelStateChanged("nope", ChannelState.UP)).isFalse();
        assertThat(store.bridgeJoined("b", "nope")).isFalse();
        assertThat(store.version()).isZero();
    }

    @Test
    void updatesMustNotChangeIdentity() {
        store.channelCreated(channel("PJSIP/101-ep-00000001", "5.1", "5.1", ChannelState.UP, "101", null));
        assertThatThrownBy(() -> store.updateChannel("5.1", c -> channel(c.name(), "5.2", null, ChannelState.UP, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.updateEndpoint("101-ep", e -> Endpoint.unknown("999", clock.instant())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.updateQueue("support", q -> QueueStatus.empty("sales")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putEndpointKeepsDerivedCallsAndIgnoresGivenOnes() {
        store.channelCreated(channel("PJSIP/101-ep-00000001", "6.1", "6.1", ChannelState.UP, "101", null));
        ActiveCall bogus = new ActiveCall("x", null, "PJSIP/x", "101-ep", null, null, clock.instant(), null,
                ChannelState.UP, false);

        store.putEndpoint(online("101-ep", clock.instant()).withActiveCalls(List.of(bogus)));

        assertThat(store.callsOf("101-ep")).extracting(ActiveCall::uniqueId).containsExactly("6.1");
        assertThat(store.endpoint("101-ep").orElseThrow().status()).isEqualTo(EndpointStatus.ONLINE);
    }

    @Test
    void removingAnEndpointWithCallsKeepsItAsUnknownUntilTheyEnd() {
        store.putEndpoint(online("101-ep", clock.instant()));
        store.putEndpoint(online("102-ep", clock.instant()));
        store.channelCreated(channel("PJSIP/101-ep-00000001", "7.1", "7.1", ChannelState.UP, "101", null));

        assertThat(store.removeEndpoint("102-ep")).isTrue();
        assertThat(store.removeEndpoint("101-ep")).isTrue();
        assertThat(store.removeEndpoint("nope")).isFalse();

        assertThat(store.endpoint("102-ep")).isEmpty();
        assertThat(store.endpoint("101-ep").orElseThrow().status()).isEqualTo(EndpointStatus.UNKNOWN);
        assertThat(store.callsOf("101-ep")).hasSize(1);
    }

    @Test
    void queuesAreReplacedPutUpdatedAndRemoved() {
        store.replaceQueues(List.of(QueueStatus.empty("support"), QueueStatus.empty("billing")));
        assertThat(store.queues()).extracting(QueueStatus::name).containsExactly("billing", "support");

        store.updateQueue("sales", q -> q);   // created when unknown
        store.updateQueue("support", q -> q.withCallers(List.of(
                new io.voipkit.core.QueueCaller(1, "Local/100@test-1;2", "8.1", null, null, Duration.ofSeconds(3)))));
        assertThat(store.queue("support").orElseThrow().calls()).isEqualTo(1);
        assertThat(store.queues()).hasSize(3);

        long v = store.version();
        store.putQueue(store.queue("sales").orElseThrow());
        assertThat(store.version()).as("an equal queue is no change").isEqualTo(v);

        assertThat(store.removeQueue("billing")).isTrue();
        assertThat(store.removeQueue("billing")).isFalse();
        assertThat(store.queues()).extracting(QueueStatus::name).containsExactly("sales", "support");
    }

    @Test
    void staleAndCurrentAreFlags() {
        store.markCurrent();
        assertThat(store.isCurrent()).isTrue();
        long v = store.version();
        store.markCurrent();
        assertThat(store.version()).isEqualTo(v);
        store.updateEndpointStatus("101-ep", EndpointStatus.ONLINE, null);
        store.markStale();
        assertThat(store.isCurrent()).isFalse();
        assertThat(store.endpoint("101-ep").orElseThrow().status()).as("last known data is kept")
                .isEqualTo(EndpointStatus.ONLINE);
    }

    @Test
    void resyncReplacesEverythingAndReportsWhatChangedWhileAway() {
        store.putEndpoint(online("101-ep", clock.instant()));
        store.putEndpoint(online("102-ep", clock.instant()));
        store.putEndpoint(online("103-ep", clock.instant()));
        Channel original = channel("PJSIP/101-ep-00000001", "9.1", "9.1", ChannelState.UP, "101", null);
        store.channelCreated(original);
        store.channelCreated(channel("PJSIP/102-ep-00000002", "9.2", "9.1", ChannelState.UP, "102", null));
        clock.advance(Duration.ofSeconds(10));
        Instant answeredBefore = store.callsOf("101-ep").get(0).answeredAt();
        store.markStale();

        // While away: 102's call ended, 103 went offline, 104 appeared, 101's call goes on, a new call on 104.
        clock.advance(Duration.ofMinutes(1));
        Channel survived = original.withConnectedLine("102", null);
        Channel fresh = channel("PJSIP/104-ep-00000003", "9.3", "9.3", ChannelState.UP, "104", null);
        Endpoint offline103 = new Endpoint("103-ep", EndpointStatus.OFFLINE, "Unreachable", List.of(), null,
                clock.instant(), List.of());
        ResyncResult r = store.resync(
                List.of(online("101-ep", Instant.EPOCH), online("102-ep", Instant.EPOCH), offline103,
                        online("104-ep", clock.instant())),
                List.of(fresh, survived), List.of(QueueStatus.empty("support")));

        assertThat(r.endedCalls()).containsExactly("9.2");
        assertThat(r.newCalls()).containsExactly("9.3");
        assertThat(r.changedEndpoints()).containsExactly("103-ep", "104-ep");
        assertThat(r.version()).isEqualTo(store.version());
        assertThat(r.isEmpty()).isFalse();

        assertThat(store.isCurrent()).isTrue();
        assertThat(store.callsOf("102-ep")).isEmpty();
        assertThat(store.callsOf("101-ep").get(0).answeredAt()).as("answer time survives").isEqualTo(answeredBefore);
        assertThat(store.callsOf("104-ep").get(0).answeredAt()).as("first seen up: answered now").isEqualTo(clock.instant());
        assertThat(store.endpoint("103-ep").orElseThrow().status()).isEqualTo(EndpointStatus.OFFLINE);
        assertThat(store.queues()).extracting(QueueStatus::name).containsExactly("support");
        assertThat(store.channels()).extracting(Channel::uniqueId).containsExactly("9.1", "9.3");
    }

    @Test
    void resyncReportsEndpointsThatDisappeared() {
        store.putEndpoint(online("101-ep", clock.instant()));
        ResyncResult r = store.resync(List.of(), List.of(), List.of());
        assertThat(r.changedEndpoints()).containsExactly("101-ep");
        assertThat(store.endpoints()).isEmpty();
    }

    @Test
    void resyncWithNothingChangedIsEmpty() {
        store.putEndpoint(online("101-ep", clock.instant()));
        ResyncResult r = store.resync(List.of(online("101-ep", clock.instant().plusSeconds(9))), List.of(), List.of());
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void resyncRejectsNullElementsBeforeChangingAnything() {
        store.putEndpoint(online("101-ep", clock.instant()));
        List<Channel> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> store.resync(List.of(), withNull, List.of()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("channels[0]"));
        assertThat(store.endpoint("101-ep")).isPresent();
    }

    @Test
    void customNamingPutsCallsOnTheRightEndpoint() {
        LiveStateStore custom = new LiveStateStore(EndpointNaming.of(ch -> ch.startsWith("Local/agent")
                ? ch.substring(6, ch.indexOf('@')) : null, ""), clock);
        custom.channelCreated(channel("Local/agent1@agents-00000003;2", "10.1", "10.0", ChannelState.UP, null, null));
        assertThat(custom.callsOf("agent1")).hasSize(1);
        assertThat(custom.naming()).isNotNull();
    }

    @Test
    void readersNeverSeeATornUpdate() throws Exception {
        // A writer moves one call between two endpoints; every snapshot a reader takes must hold exactly one call.
        store.putEndpoint(online("101-ep", clock.instant()));
        store.channelCreated(channel("PJSIP/101-ep-00000001", "11.1", "11.1", ChannelState.UP, "101", null));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                Collection<ActiveCall> calls = store.calls();
                int fromEndpoints = store.endpoints().stream().mapToInt(Endpoint::activeCallCount).sum();
                if (calls.size() != 1) {
                    torn.set("calls() had " + calls.size());
                }
                if (fromEndpoints != 1) {   // one snapshot: the call is on exactly one endpoint
                    torn.set("endpoints had " + fromEndpoints);
                }
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 5_000; i++) {
                String name = (i % 2 == 0 ? "PJSIP/102-ep-" : "PJSIP/101-ep-") + String.format("%08x", i + 2);
                store.channelCreated(channel(name, "11.1", "11.1", ChannelState.UP, "x", null));
            }
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
        assertThat(torn.get()).isNull();
    }

    @Test
    void aBatchPublishesItsWritesTogetherWhenItEnds() {
        store.updateEndpointStatus("101-ep", EndpointStatus.ONLINE, "Reachable");
        long before = store.version();

        assertThat(store.beginBatch()).isTrue();
        store.channelCreated(channel("PJSIP/101-ep-00000001", "9.1", "9.1", ChannelState.RING, "101", "102"));
        store.channelCreated(channel("PJSIP/101-ep-00000002", "9.2", "9.2", ChannelState.UP, "101", "103"));
        store.channelRemoved("9.1");
        store.bridgeJoined("b-1", "9.2");
        assertThat(store.channels()).as("readers see the state before the batch").isEmpty();
        assertThat(store.version()).isEqualTo(before);
        store.endBatch();

        assertThat(store.channels()).extracting(Channel::uniqueId).containsExactly("9.2");
        assertThat(store.channel("9.2")).get().extracting(Channel::bridgeId).isEqualTo("b-1");
        assertThat(store.callsOf("101-ep")).singleElement().satisfies(c -> {
            assertThat(c.uniqueId()).isEqualTo("9.2");
            assertThat(c.otherPartyNumber()).isEqualTo("103");
            assertThat(c.answeredAt()).isNotNull();
        });
        assertThat(store.version()).isGreaterThan(before);
    }

    @Test
    void aBatchGivesTheSameStateAsTheSameWritesOneByOne() {
        LiveStateStore single = new LiveStateStore(EndpointNaming.standard(), clock);
        List<java.util.function.Consumer<LiveStateStore>> writes = List.of(
                s -> s.updateEndpointStatus("101-ep", EndpointStatus.ONLINE, "Reachable"),
                s -> s.channelCreated(channel("PJSIP/101-ep-00000001", "8.1", "8.1", ChannelState.RING, "101", null)),
                s -> s.channelCreated(channel("PJSIP/102-ep-00000002", "8.2", "8.1", ChannelState.RINGING, "102", null)),
                s -> s.channelStateChanged("8.1", ChannelState.UP),
                s -> s.bridgeJoined("b", "8.1"),
                s -> s.bridgeJoined("b", "8.2"),
                s -> s.updateChannel("8.2", c -> c.withState(ChannelState.UP)),
                s -> s.channelCreated(channel("Local/x@internal-00000001;1", "8.3", "8.3", ChannelState.UP, null, null)),
                s -> s.bridgeLeft("b", "8.2"),
                s -> s.channelRemoved("8.3"),
                s -> s.updateQueue("support", q -> q));
        writes.forEach(w -> w.accept(single));
        store.beginBatch();
        writes.forEach(w -> w.accept(store));
        store.endBatch();

        assertThat(store.channels()).containsExactlyElementsOf(single.channels());
        assertThat(store.calls()).containsExactlyElementsOf(single.calls());
        assertThat(store.endpoints()).containsExactlyElementsOf(single.endpoints());
        assertThat(store.queues()).containsExactlyElementsOf(single.queues());
    }

    @Test
    void aWriteFromAnotherThreadPublishesTheOpenBatchFirstAndLosesNothing() throws Exception {
        assertThat(store.beginBatch()).isTrue();
        store.channelCreated(channel("PJSIP/101-ep-00000001", "7.1", "7.1", ChannelState.UP, "101", null));
        AtomicBoolean otherBatch = new AtomicBoolean(true);
        Thread other = new Thread(() -> {
            otherBatch.set(store.beginBatch());
            store.markCurrent();
        });
        other.start();
        other.join();

        assertThat(otherBatch).as("only one thread has a batch open").isFalse();
        assertThat(store.isCurrent()).isTrue();
        assertThat(store.channels()).as("published by the other thread's write").hasSize(1);
        store.channelCreated(channel("PJSIP/102-ep-00000002", "7.2", "7.2", ChannelState.UP, "102", null));
        assertThat(store.channels()).hasSize(1);
        store.endBatch();
        assertThat(store.channels()).hasSize(2);
        assertThat(store.calls()).hasSize(2);
        assertThat(store.isCurrent()).isTrue();
    }

    @Test
    void aBatchLeftOpenByADeadThreadIsPublishedByTheNextOne() throws Exception {
        Thread dead = new Thread(() -> {
            store.beginBatch();
            store.channelCreated(channel("PJSIP/101-ep-00000001", "6.1", "6.1", ChannelState.UP, "101", null));
        });
        dead.start();
        dead.join();
        assertThat(store.channels()).isEmpty();

        assertThat(store.beginBatch()).isTrue();
        assertThat(store.channels()).hasSize(1);
        store.endBatch();
        assertThat(store.callsOf("101-ep")).hasSize(1);
    }
}
