package io.voipkit.benchmarks;

import io.voipkit.ami.internal.AmiDecoder;
import io.voipkit.ami.internal.AmiLimits;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.ami.internal.mapping.AmiEventMapper;
import io.voipkit.core.event.PbxEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost of voip-ami's event path on one thread, without sockets or threads: bytes to
 * {@code AmiMessage} (decoder) and bytes to typed {@code PbxEvent} (decoder + mapper), on the same
 * ~440-byte Newchannel / VarSet / Newexten / Hangup mix the simulator's blast mode writes. Where
 * {@link AmiEventThroughputBenchmark} is limited by this number, work on the codec pays; where it
 * is not, the limit is in the hand-offs between threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class AmiPipelineBenchmark {

    static final int EVENTS = 1024;

    private byte[] feed;
    private AmiDecoder decoder;
    private AmiEventMapper mapper;
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Setup
    public void setUp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < EVENTS; i++) {
            out.writeBytes(event(i).getBytes(StandardCharsets.US_ASCII));
        }
        feed = out.toByteArray();
        decoder = new AmiDecoder(new AmiLimits(8192, 1024, 1 << 20), false);
        mapper = new AmiEventMapper(ZoneOffset.UTC);
    }

    /** Bytes to AmiMessage only. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void decode(Blackhole bh) {
        decoder.feed(feed, 0, feed.length, new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
            }

            @Override
            public void message(AmiMessage message) {
                bh.consume(message);
            }
        });
    }

    /** Bytes to typed PbxEvent: decoder and mapper, as the reader thread runs them. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void decodeAndMap(Blackhole bh) {
        decoder.feed(feed, 0, feed.length, new AmiDecoder.Handler() {
            @Override
            public void greeting(String line) {
            }

            @Override
            public void message(AmiMessage message) {
                PbxEvent e = mapper.map(message, "bench", now);
                bh.consume(e);
            }
        });
    }

    private static String event(int i) {
        String[] kinds = {"Newchannel", "VarSet", "Newexten", "Hangup"};
        String kind = kinds[i % 4];
        String id = "1795612481." + (i / 4);
        StringBuilder sb = new StringBuilder(480)
                .append("Event: ").append(kind).append("\r\n")
                .append("Privilege: call,all\r\n")
                .append("Timestamp: 1795612481.649578\r\n")
                .append("Channel: PJSIP/101-ep-").append(String.format("%08x", i / 4)).append("\r\n")
                .append("ChannelState: 6\r\nChannelStateDesc: Up\r\nCallerIDNum: 101\r\nCallerIDName: Phone 101\r\n")
                .append("ConnectedLineNum: 102\r\nConnectedLineName: Phone 102\r\nLanguage: en\r\nAccountCode: \r\n")
                .append("Context: internal\r\nExten: 102\r\nPriority: 1\r\n")
                .append("Uniqueid: ").append(id).append("\r\nLinkedid: ").append(id).append("\r\n");
        switch (kind) {
            case "VarSet" -> sb.append("Variable: DIALSTATUS\r\nValue: ANSWER\r\n");
            case "Newexten" -> sb.append("Extension: 102\r\nApplication: Dial\r\nAppData: PJSIP/102-ep,30\r\n");
            case "Hangup" -> sb.append("Cause: 16\r\nCause-txt: Normal Clearing\r\n");
            default -> { }
        }
        return sb.append("\r\n").toString();
    }
}
