package io.voipkit.benchmarks;

import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import io.voipkit.freeswitch.FreeSwitchPbx;
import io.voipkit.freeswitch.internal.EslDecoder;
import io.voipkit.freeswitch.internal.EslLimits;
import io.voipkit.simulator.esl.FreeSwitchSimulator;
import java.time.Duration;
import java.util.ArrayList;
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
 * Socket to subscriber through the whole FreeSWITCH adapter: the recorded plain-event feed of
 * {@link EslDecodeBenchmark} (about 1,500 events of ~2.3 kB) written by the simulator's blast
 * mode over loopback, read, decoded, mapped, applied to the live state and delivered by
 * {@link FreeSwitchPbx} to one listener on the default subscription (own thread, bounded queue,
 * BLOCK) — the FreeSWITCH counterpart of {@link AmiEventThroughputBenchmark}.
 *
 * <p>Each invocation blasts the feed once and waits until the listener has as many events as one
 * pass gave during the set-up (or nothing arrives for 2 s). Read the {@code delivered} score
 * (events/s that reached the listener) and {@code lost} (events one pass gave at set-up that this
 * pass did not deliver: 0 under BLOCK). {@code listenerMicros} makes the listener busy that long
 * per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class EslEventThroughputBenchmark {

    @Param({"0", "20"})
    public int listenerMicros;

    private FreeSwitchSimulator simulator;
    private FreeSwitchPbx pbx;
    private Subscription subscription;
    private final AtomicLong received = new AtomicLong();
    private List<byte[]> frames;
    /** Events one pass of the feed delivers, counted at set-up. */
    private long perPass;

    /** Events that reached the listener, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Delivered {
        /** Events delivered. */
        public long delivered;
    }

    /** Events a pass should have delivered but did not. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Loss {
        /** Events lost. */
        public long lost;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        frames = frames(EslDecodeBenchmark.recordFeed());
        simulator = FreeSwitchSimulator.builder().seed(1).heartbeat(Duration.ZERO).build().start();
        long busyNanos = TimeUnit.MICROSECONDS.toNanos(listenerMicros);
        pbx = FreeSwitchPbx.builder().host("127.0.0.1").port(simulator.port()).password("ClueCon").build();
        subscription = pbx.events().subscribe(PbxEvent.class, e -> {
            Delivery.busy(busyNanos);
            received.incrementAndGet();
        });
        pbx.connect();
        Delivery.settle(received, 300);
        long before = received.get();
        simulator.blast(frames, frames.size());
        Delivery.settle(received, 300);
        perPass = received.get() - before;
        if (perPass < frames.size() / 2) {
            throw new IllegalStateException("one pass of " + frames.size() + " frames delivered only " + perPass + " events");
        }
        System.out.printf("%nESL feed: %d frames, %d events delivered per pass%n", frames.size(), perPass);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (subscription != null) {
            subscription.close();
        }
        if (pbx != null) {
            pbx.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    /** One pass of the feed through the adapter to the listener. */
    @Benchmark
    public long deliver(Delivered delivered, Loss loss) throws InterruptedException {
        long before = received.get();
        simulator.blast(frames, frames.size());
        long got = Delivery.await(received, before, perPass);
        delivered.delivered += got;
        loss.lost += Math.max(0, perPass - got);
        return got;
    }

    /** The feed cut into its frames, each with its own headers, as the simulator sends them. */
    static List<byte[]> frames(byte[] feed) {
        List<byte[]> out = new ArrayList<>();
        new EslDecoder(EslLimits.DEFAULT).feed(feed, 0, feed.length, f -> out.add(f.toBytes()));
        return out;
    }
}
