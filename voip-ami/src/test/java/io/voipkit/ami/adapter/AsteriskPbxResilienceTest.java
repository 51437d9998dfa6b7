package io.voipkit.ami.adapter;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.Channel;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.OverflowPolicy;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.StateResynced;
import io.voipkit.core.event.Subscription;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.event.UnknownEvent;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.testsupport.SlowReaderClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failure handling of {@link AsteriskPbx} that only a simulator can provoke on demand: refused
 * logins, unreachable ports, dropped connections, garbage and oversized frames, and floods of
 * events against slow listeners.
 */
class AsteriskPbxResilienceTest {

    private PbxSimulator sim;
    private AsteriskPbx pbx;
    private final List<PbxEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim = PbxSimulator.builder().endpoints(5).loginFailureDelay(Duration.ofMillis(50)).build().start();
    }

    @AfterEach
    void stop() {
        if (pbx != null) {
            pbx.close();
        }
        sim.close();
    }

    private AsteriskPbx.Builder builder(int port) {
        return AsteriskPbx.builder().host("127.0.0.1").port(port).username("voipkit").secret("voipkit")
                .config(AsteriskPbxSimulatorTest.FAST);
    }

    private AsteriskPbx connected() {
        pbx = builder(sim.amiPort()).build();
        // Blast events are left out: a copy-on-write list of 200,000 would make this collector the bottleneck.
        pbx.events().subscribe(PbxEvent.class, e -> !isBlasted(e), events::add);
        pbx.connect();
        return pbx;
    }

    private List<ConnectionState> transitions() {
        return events.stream().filter(ConnectionStateChanged.class::isInstance)
                .map(e -> ((ConnectionStateChanged) e).current()).toList();
    }

    @Test
    void anOriginatedChannelIsInTheStateWhenOriginateReturnsEvenWithTheReaderBehind() {
        // Every clock reading on the AMI reader thread (one per event) takes 5 ms while the flag is
        // set, so the reader is behind the simulator and the caller of originate is woken while the
        // reader still has events to go. The state must hold the channel all the same. (Whether
        // Newchannel and OriginateResponse share one socket read here depends on timing; the
        // deterministic proof of the batch end before a wake-up is AmiConnectionTest's.)
        SlowReaderClock clock = new SlowReaderClock("voipkit-ami-reader", Duration.ofMillis(5));
        pbx = builder(sim.amiPort()).clock(clock).build();
        pbx.connect();
        clock.slow(true);
        try {
            OriginateResult r = pbx.calls().originate(OriginateRequest.toApplication("Local/999@test", "Wait", "60")
                    .timeout(Duration.ofSeconds(10)).build());
            assertThat(pbx.state().channels()).extracting(Channel::uniqueId).contains(r.uniqueId());
            assertThat(r.success()).as("%s", r).isTrue();
        } finally {
            clock.slow(false);
        }
    }

    @Test
    void aRefusedLoginIsAnActionFailureAndNothingIsRetried() {
        sim.refuseLogins(true);
        pbx = builder(sim.amiPort()).build();
        assertThatThrownBy(pbx::connect).isInstanceOf(PbxActionFailedException.class)
                .hasMessageContaining("Authentication failed");
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.NEW);
        sim.refuseLogins(false);
        pbx.connect(); // a later connect() may succeed
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void anUnreachablePortFailsWithNotConnectedWithinTheConnectTimeout() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        pbx = builder(closedPort).build();
        long start = System.nanoTime();
        assertThatThrownBy(pbx::connect).isInstanceOf(PbxNotConnectedException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(AsteriskPbxSimulatorTest.FAST.connectTimeout().plusSeconds(2));
    }

    @Test
    void actionsBeforeConnectFailFast() {
        pbx = builder(sim.amiPort()).build();
        assertThatThrownBy(() -> pbx.calls().hangup("PJSIP/101-ep-00000001"))
                .isInstanceOf(PbxNotConnectedException.class).hasMessageContaining("connect()");
        assertThat(pbx.state().isCurrent()).isFalse();
    }

    @Test
    void aDroppedConnectionIsReconnectedAndResynced() {
        connected();
        sim.registerPhone("101-ep");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                pbx.state().endpoint("101-ep").orElseThrow().status() == EndpointStatus.ONLINE);
        sim.dropConnections();
        await().atMost(Duration.ofSeconds(5)).until(() -> pbx.connectionState() == ConnectionState.RECONNECTING
                || transitions().contains(ConnectionState.RECONNECTING));
        // while away the phone unregisters: the resync must notice
        sim.unregisterPhone("101-ep");
        await().atMost(Duration.ofSeconds(10)).until(() -> pbx.connectionState() == ConnectionState.CONNECTED
                && events.stream().anyMatch(StateResynced.class::isInstance));
        assertThat(transitions()).containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
        StateResynced resynced = events.stream().filter(StateResynced.class::isInstance).map(StateResynced.class::cast)
                .findFirst().orElseThrow();
        assertThat(resynced.downtime()).isPositive();
        assertThat(pbx.state().isCurrent()).isTrue();
        assertThat(pbx.state().endpoint("101-ep").orElseThrow().status()).isEqualTo(EndpointStatus.OFFLINE);
        // StateResynced comes before the state is CONNECTED again
        int resyncedAt = events.indexOf(resynced);
        int reconnectedAt = -1;
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof ConnectionStateChanged c && c.current() == ConnectionState.CONNECTED) {
                reconnectedAt = i;
                break;
            }
        }
        assertThat(resyncedAt).isLessThan(reconnectedAt);
    }

    @Test
    void actionsWhileReconnectingFailFast() {
        connected();
        sim.close(); // gone for good: the adapter keeps trying
        await().atMost(Duration.ofSeconds(5)).until(() -> pbx.connectionState() == ConnectionState.RECONNECTING);
        long start = System.nanoTime();
        assertThatThrownBy(() -> pbx.queues().queues()).isInstanceOf(PbxNotConnectedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(pbx.state().isCurrent()).isFalse();
        pbx.close();
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CLOSED);
        pbx.close(); // idempotent
        assertThatThrownBy(pbx::connect).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStalledPbxMakesActionsTimeOutAndTheHealthCheckDown() {
        pbx = builder(sim.amiPort()).config(io.voipkit.core.PbxConfig.builder()
                .actionTimeout(Duration.ofMillis(500)).build()).build();
        pbx.connect();
        sim.stall(Duration.ofSeconds(3));
        assertThatThrownBy(() -> pbx.queues().queues()).isInstanceOf(io.voipkit.core.PbxTimeoutException.class)
                .hasMessageContaining("QueueStatus");
        io.voipkit.core.HealthCheckResult h = pbx.health().checkConnection();
        assertThat(h.status()).isEqualTo(io.voipkit.core.HealthStatus.DOWN);
        assertThat(h.message()).contains("ping failed");
    }

    @Test
    void garbageFromThePeerResetsTheConnectionAndTheAdapterReconnects() {
        connected();
        sim.sendMalformed();
        await().atMost(Duration.ofSeconds(10)).until(() -> transitions().contains(ConnectionState.RECONNECTING)
                && pbx.connectionState() == ConnectionState.CONNECTED);
    }

    @Test
    void anOversizedFrameResetsTheConnectionWithoutExhaustingMemory() {
        connected();
        sim.sendOversizedFrame(8 * 1024 * 1024); // 8x the default frame bound
        await().atMost(Duration.ofSeconds(10)).until(() -> transitions().contains(ConnectionState.RECONNECTING)
                && pbx.connectionState() == ConnectionState.CONNECTED);
        assertThat(events).noneMatch(e -> e instanceof UnknownEvent u && "Oversized".equals(u.name()));
    }

    @Test
    void aSlowListenerUnderBlockLosesNothing() throws Exception {
        connected();
        AtomicLong seen = new AtomicLong();
        long count = 200_000;
        try (Subscription sub = pbx.events().subscribe(PbxEvent.class, AsteriskPbxResilienceTest::isBlasted,
                e -> {
                    seen.incrementAndGet();
                    busy(20_000);
                }, SubscriptionOptions.builder().overflowPolicy(OverflowPolicy.BLOCK).queueCapacity(1024).build());
             Subscription all = pbx.events().subscribe(PbxEvent.class, e -> true, e -> { },
                     SubscriptionOptions.builder().overflowPolicy(OverflowPolicy.BLOCK).build())) {
            long written = sim.blast(count);
            assertThat(written).isEqualTo(count);
            await().atMost(Duration.ofSeconds(120)).until(() -> seen.get() >= count);
            assertThat(sub.stats().dropped()).isZero();
            assertThat(seen.get()).isEqualTo(count);
            assertThat(all.stats().dropped()).isZero();
        }
    }

    @Test
    void dropOldestCountsEveryDroppedEventExactly() throws Exception {
        connected();
        AtomicLong seen = new AtomicLong();
        long count = 20_000;
        try (Subscription sub = pbx.events().subscribe(PbxEvent.class, AsteriskPbxResilienceTest::isBlasted,
                e -> {
                    seen.incrementAndGet();
                    busy(50_000);
                }, SubscriptionOptions.builder().overflowPolicy(OverflowPolicy.DROP_OLDEST).queueCapacity(64).build())) {
            sim.blast(count);
            await().atMost(Duration.ofSeconds(30)).until(() -> sub.stats().queueDepth() == 0
                    && seen.get() + sub.stats().dropped() == count);
            assertThat(sub.stats().dropped()).isPositive();
            assertThat(seen.get() + sub.stats().dropped()).isEqualTo(count);
        }
    }

    /** The event kinds {@code PbxSimulator.blast} writes (each mapped to its own record or UnknownEvent). */
    private static boolean isBlasted(PbxEvent e) {
        String n = e.name();
        return n.equals("Newchannel") || n.equals("VarSet") || n.equals("Newexten") || n.equals("Hangup");
    }

    /** Spins for about {@code nanos}: a listener doing 20 µs of work without sleeping (sleep is far coarser). */
    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
