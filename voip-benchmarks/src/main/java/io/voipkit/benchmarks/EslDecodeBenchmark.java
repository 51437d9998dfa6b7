package io.voipkit.benchmarks;

import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import io.voipkit.freeswitch.internal.EslConnectionConfig;
import io.voipkit.freeswitch.internal.EslDecoder;
import io.voipkit.freeswitch.internal.EslEvent;
import io.voipkit.freeswitch.internal.EslEventMapper;
import io.voipkit.freeswitch.internal.EslLimits;
import io.voipkit.freeswitch.internal.EslMessage;
import io.voipkit.simulator.esl.FreeSwitchSimulator;
import io.voipkit.simulator.esl.FsCall;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FreeSWITCH plain events (the text/event-plain frames FreeSWITCH 1.10 sends, 1-4 kB each with the
 * recorded header sets) decoded to voipkit {@link PbxEvent}s through voip-freeswitch-esl's
 * {@link EslDecoder}, {@link EslEvent#parse} and {@link EslEventMapper}, on one thread.
 *
 * <p>The feed is recorded once per trial from voip-simulator's {@link FreeSwitchSimulator}
 * ({@code event plain ALL} during registrations, scripted calls, loopback originates, DTMF,
 * callcenter changes): a realistic mix of CHANNEL_*, CUSTOM sofia/callcenter, API and
 * BACKGROUND_JOB events. {@code source=memory} feeds it from a byte array in 64 kB chunks (CPU cost
 * of the codec and mapper alone); {@code source=loopback} has a writer thread stream it over a
 * loopback TCP socket and the benchmark thread read (64 kB reads, the connection's read buffer) and
 * decode it, as a client's reader thread does. {@code stage} = {@code frame} (decoder only), {@code event} (+ event body parse, with
 * the connection's {@link EslEvent.Parser} as {@code EslConnection} uses it), {@code pbxEvent}
 * (+ {@link EslEventMapper#mapAll}: the typed record, and the call record of each hang-up; raw
 * fields stay bytes until read), {@code pbxEventRaw} (+ every event's raw fields read, so all of
 * them are materialised: what a subscriber reading {@code raw()} of every event costs),
 * {@code dispatched} (+ every {@code PbxEvent} published to a voip-core {@link EventDispatcher},
 * one read's events as one batch as {@code FsSupervisor} hands them on, with one counting
 * subscriber on its default subscription: own thread, bounded queue, BLOCK;
 * each invocation waits until the subscriber has everything, and the {@code lost} counter reports
 * published minus delivered, which BLOCK keeps at 0). Every frame the feed holds is counted: a lost
 * or merged frame fails the setup. Read the {@code events} secondary score (events/s); the primary
 * score counts passes over the feed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
// Warm-up is long: the event path JIT-compiles slowly, the first seconds run 10x slower.
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
public class EslDecodeBenchmark {

    @Param({"memory", "loopback"})
    public String source;

    @Param({"frame", "event", "pbxEvent", "pbxEventRaw", "dispatched"})
    public String stage;

    /** The recorded feed: whole frames only. */
    private byte[] feed;
    /** Events in {@link #feed}. */
    private int events;
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");
    private EslDecoder decoder;
    private EslEventMapper mapper;
    private EslEvent.Parser parser;
    private ServerSocket server;
    private Thread writer;
    private Socket socket;
    private InputStream in;
    /**
     * Bytes per read: the connection's own read buffer size, so the loopback reads as a connected
     * client reads ({@code -Desl.readBuffer=N} to try another size).
     */
    private final byte[] chunk = new byte[Integer.getInteger("esl.readBuffer", EslConnectionConfig.DEFAULT_READ_BUFFER_SIZE)];
    private int frames;
    private Blackhole sink;
    /** Stage {@code dispatched}: the bus, its one counting subscriber, and what went in and came out. */
    private EventDispatcher bus;
    private Subscription subscription;
    private final AtomicLong received = new AtomicLong();
    private long published;
    /** The events of the current read, published as one batch after it, as FsSupervisor does. */
    private PbxEvent[] pendingEvents = new PbxEvent[256];
    private int pending;

    @Setup(Level.Trial)
    public void record() throws Exception {
        feed = recordFeed();
        events = countEvents(feed);
        decoder = new EslDecoder(EslLimits.DEFAULT);
        if (stage.equals("dispatched")) {
            // the default subscription: its own thread, a bounded queue, BLOCK when it is full
            bus = new EventDispatcher("fs");
            subscription = bus.subscribe(PbxEvent.class, e -> received.incrementAndGet());
        }
        mapper = new EslEventMapper();
        parser = new EslEvent.Parser();
        if (source.equals("loopback")) {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            writer = writeForever(server, feed, "esl-benchmark-writer");
            socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            socket.setReceiveBufferSize(1 << 20);
            in = socket.getInputStream();
        }
        System.out.printf("%nESL feed: %d events, %d bytes (%d bytes/event)%n", events, feed.length, feed.length / events);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        if (bus != null) {
            subscription.close();
            bus.close();
        }
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Starts a daemon thread that accepts one client on {@code server} and writes {@code feed} to
     * it over and over, as fast as it reads, until the socket closes (also used by {@link EslPipelineProbe}).
     */
    static Thread writeForever(ServerSocket server, byte[] feed, String name) {
        return writeForever(server, feed, name, false);
    }

    /**
     * {@link #writeForever(ServerSocket, byte[], String)}, first answering the client's
     * {@code auth} as FreeSWITCH does when {@code auth} is set (for a real {@code EslConnection};
     * {@link EslConnectionBenchmark}).
     */
    static Thread writeForever(ServerSocket server, byte[] feed, String name, boolean auth) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
                s.setSendBufferSize(1 << 20);
                if (auth) {
                    out.write("Content-Type: auth/request\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    int last = -1;
                    for (int b; (b = in.read()) >= 0; last = b) {
                        if (b == '\n' && last == '\n') {
                            break; // the end of "auth <password>\n\n"
                        }
                    }
                    out.write("Content-Type: command/reply\nReply-Text: +OK accepted\n\n".getBytes(StandardCharsets.US_ASCII));
                }
                while (true) {
                    out.write(feed);
                }
            } catch (IOException e) {
                // the run is over
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The event frames in {@code feed}; fails on any other frame or a feed of under 100 events. */
    static int countEvents(byte[] feed) {
        EslDecoder counter = new EslDecoder(EslLimits.DEFAULT);
        int[] n = new int[1];
        counter.feed(feed, 0, feed.length, f -> {
            if (!f.isEvent()) {
                throw new IllegalStateException("the feed holds a non-event frame: " + f.contentType());
            }
            n[0]++;
        });
        if (n[0] < 100) {
            throw new IllegalStateException("only " + n[0] + " events recorded");
        }
        return n[0];
    }

    /** A realistic plain-event feed written by the ESL simulator. */
    static byte[] recordFeed() throws Exception {
        try (FreeSwitchSimulator fs = FreeSwitchSimulator.builder().seed(1).heartbeat(Duration.ZERO).build().start();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), fs.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("auth ClueCon\n\nevent plain ALL\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            readReplies(in, 2);
            for (int round = 0; round < 20; round++) {
                fs.registerPhone("1000");
                fs.registerPhone("1001");
                FsCall call = fs.placeCall("1000", "1001");
                fs.answer(call);
                fs.api("uuid_send_dtmf " + call.callerUuid() + " 12#");
                fs.hangup(call, "NORMAL_CLEARING");
                String park = fs.api("originate {origination_caller_id_number=+79161234567}loopback/9007/default &park()");
                fs.api("uuid_kill " + park.substring(4).trim());
                String member = fs.api("originate loopback/9003/default &park()");
                fs.api("callcenter_config agent set status agent9100@default Available");
                fs.api("uuid_kill " + member.substring(4).trim());
                fs.unregisterPhone("1000");
            }
            // Ask for a marker event, then read up to it; the marker itself is left out.
            out.write("sendevent CUSTOM\nEvent-Subclass: benchmark::end\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readEventsUntil(in, "benchmark%3A%3Aend");
        }
    }

    private static void readReplies(InputStream in, int count) throws IOException {
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        int[] seen = new int[1];
        byte[] one = new byte[1];
        while (seen[0] < count) {
            if (in.read(one) < 0) {
                throw new IOException("the simulator closed the connection");
            }
            d.feed(one, 0, 1, f -> seen[0]++);
        }
    }

    private static byte[] readEventsUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(1 << 20);
        EslDecoder d = new EslDecoder(EslLimits.DEFAULT);
        boolean[] done = new boolean[1];
        byte[] buf = new byte[8192];
        while (!done[0]) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("the simulator closed the connection");
            }
            d.feed(buf, 0, n, f -> {
                if (done[0]) {
                    return;
                }
                if (f.isEvent() && f.body().contains("Event-Subclass: " + marker)) {
                    done[0] = true;
                } else if (f.isEvent()) {
                    kept.writeBytes(f.toBytes());
                }
            });
        }
        return kept.toByteArray();
    }

    private void frame(EslMessage f) {
        frames++;
        switch (stage) {
            case "frame" -> sink.consume(f);
            case "event" -> sink.consume(parser.parse(f));
            case "pbxEvent" -> sink.consume(mapper.mapAll(parser.parse(f), "fs", now));
            case "dispatched" -> {
                for (PbxEvent p : mapper.mapAll(parser.parse(f), "fs", now)) {
                    if (pending == pendingEvents.length) {
                        pendingEvents = Arrays.copyOf(pendingEvents, pending * 2);
                    }
                    pendingEvents[pending++] = p;
                }
            }
            default -> {
                // Worst case: a subscriber reads every event's raw fields, so all of them become Strings.
                for (PbxEvent p : mapper.mapAll(parser.parse(f), "fs", now)) {
                    sink.consume(p.raw().firstOrNull("Event-Sequence"));
                }
            }
        }
    }

    /** Events decoded, reported by JMH as a rate next to the (per-feed) primary score: the number to read. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Decoded {
        /** Frames (events) decoded to the chosen stage. */
        public long events;
    }

    /** Stage {@code dispatched}: the events of one read to the bus in one batch. */
    private void publishPending() {
        if (pending > 0) {
            bus.publishAll(pendingEvents, 0, pending);
            published += pending;
            Arrays.fill(pendingEvents, 0, pending, null);
            pending = 0;
        }
    }

    /** Stage {@code dispatched}: events published to the bus that its subscriber never got (0 under BLOCK). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Loss {
        /** Published minus delivered, over the whole run so far. */
        public long lost;
    }

    /** Waits until the subscriber has every published event, or nothing arrives for 10 s; returns what it got. */
    private long awaitDelivered() throws InterruptedException {
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long got = received.get();
            if (got >= published) {
                return got;
            }
            if (got != last) {
                last = got;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
                return got;
            }
            Thread.onSpinWait();
        }
    }

    /** Decodes the whole feed once (memory) or at least as many events as it holds (loopback). */
    @Benchmark
    public int decodeFeed(Blackhole bh, Decoded decoded, Loss loss) throws IOException, InterruptedException {
        sink = bh;
        frames = 0;
        EslDecoder.Handler handler = this::frame;
        if (source.equals("memory")) {
            for (int off = 0; off < feed.length; off += chunk.length) {
                decoder.feed(feed, off, Math.min(chunk.length, feed.length - off), handler);
                publishPending();
            }
        } else {
            // Read until this invocation's share of frames is decoded (the writer streams the feed without pause).
            while (frames < events) {
                int n = in.read(chunk);
                if (n < 0) {
                    throw new IOException("the writer closed the socket");
                }
                decoder.feed(chunk, 0, n, handler);
                publishPending();
            }
        }
        if (bus != null) {
            loss.lost = published - awaitDelivered();
        }
        decoded.events += frames;
        return frames;
    }
}
