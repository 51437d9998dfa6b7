package io.voipkit.benchmarks;

import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import io.voipkit.freeswitch.internal.EslConnection;
import io.voipkit.freeswitch.internal.EslConnectionConfig;
import io.voipkit.freeswitch.internal.EslEventMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #7's target measured on the shipped connection: {@link EslDecodeBenchmark}'s recorded
 * plain-event feed streamed over a loopback socket, without pause, into a real inbound
 * {@link EslConnection} (after the {@code auth} handshake), whose event sink maps every event to
 * voipkit {@link PbxEvent}s with {@link EslEventMapper#mapAll}, as {@code FsSupervisor} does.
 *
 * <p>{@code dispatchThread}: the connection's reader frames and a second thread parses, maps and
 * dispatches ({@code true}, the default), or the reader does it all ({@code false}).
 * {@code stage}: {@code pbxEvent} counts the mapped events at the sink, once per socket read;
 * {@code dispatched} hands each read's events as one batch to a voip-core
 * {@link EventDispatcher} ({@code publishAll} at the read's batch end, as {@code FsSupervisor}
 * does) with one counting subscriber on its default subscription (own thread, bounded queue,
 * BLOCK), and counts there; {@code lost} is published minus delivered after the run (0 under BLOCK).
 *
 * <p>Each invocation waits until as many more events as the feed holds have been counted (or
 * nothing arrives for 2 s). Read the {@code events} score (events/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
public class EslConnectionBenchmark {

    @Param({"true", "false"})
    public boolean dispatchThread;

    @Param({"pbxEvent", "dispatched"})
    public String stage;

    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");
    private int perPass;
    private ServerSocket server;
    private EslConnection connection;
    private EventDispatcher bus;
    private Subscription subscription;
    /** Events counted where the stage counts them: decoded events at the sink, or PbxEvents at the subscriber. */
    private final AtomicLong counted = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** Sink-side state: dispatch thread (or reader) only. */
    private PbxEvent[] pendingEvents = new PbxEvent[256];
    private int pending;
    private long eventsThisRead;
    /** Sizes of every mapped list, published per read so the mapping cannot be optimised away. */
    private volatile long mappedTotal;
    private long mappedThisRead;

    @Setup(Level.Trial)
    public void connect() throws Exception {
        byte[] feed = EslDecodeBenchmark.recordFeed();
        perPass = EslDecodeBenchmark.countEvents(feed);
        EslEventMapper mapper = new EslEventMapper();
        boolean dispatched = stage.equals("dispatched");
        if (dispatched) {
            bus = new EventDispatcher("fs");
            subscription = bus.subscribe(PbxEvent.class, e -> counted.incrementAndGet());
        }
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        EslDecodeBenchmark.writeForever(server, feed, "esl-connection-benchmark-writer", true);
        connection = new EslConnection(EslConnectionConfig.builder()
                .host("127.0.0.1").port(server.getLocalPort()).password("ClueCon")
                .connectTimeout(Duration.ofSeconds(10))
                .dispatchThread(dispatchThread)
                .readBufferSize(Integer.getInteger("esl.readBuffer", EslConnectionConfig.DEFAULT_READ_BUFFER_SIZE))
                .eventSink(e -> {
                    List<PbxEvent> mapped = mapper.mapAll(e, "fs", now);
                    if (!dispatched) {
                        eventsThisRead++;
                        mappedThisRead += mapped.size();
                        return;
                    }
                    for (PbxEvent p : mapped) {
                        if (pending == pendingEvents.length) {
                            pendingEvents = Arrays.copyOf(pendingEvents, pending * 2);
                        }
                        pendingEvents[pending++] = p;
                    }
                })
                .eventBatchEnd(() -> {
                    if (!dispatched) {
                        counted.addAndGet(eventsThisRead);
                        mappedTotal += mappedThisRead;
                        eventsThisRead = 0;
                        mappedThisRead = 0;
                    } else if (pending > 0) {
                        bus.publishAll(pendingEvents, 0, pending);
                        published.addAndGet(pending);
                        Arrays.fill(pendingEvents, 0, pending, null);
                        pending = 0;
                    }
                })
                .build());
        connection.connect();
        System.out.printf("%nESL feed: %d events per pass, connection dispatchThread=%s%n", perPass, dispatchThread);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        connection.close();
        server.close();
        if (bus != null) {
            subscription.close();
            bus.close();
        }
    }

    /** Events counted, reported by JMH as a rate: the number to read. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        /** Events that reached the stage's counting point. */
        public long events;
    }

    /** Stage {@code dispatched}: published minus delivered (0 under BLOCK). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Loss {
        /** Published minus delivered, at the end of the last invocation. */
        public long lost;
    }

    /** Waits until one more pass of the feed has been counted. */
    @Benchmark
    public long onePass(Counted c, Loss loss) throws InterruptedException {
        long before = counted.get();
        long got = Delivery.await(counted, before, perPass);
        c.events += got;
        if (bus != null) {
            // every event published so far must arrive (more keep coming: the feed does not stop)
            long target = published.get();
            loss.lost = Math.max(0, target - Delivery.await(counted, 0, target));
        }
        return got;
    }
}
