package io.voipkit.benchmarks;

import io.voipkit.freeswitch.internal.EslConnectionConfig;
import io.voipkit.freeswitch.internal.EslDecoder;
import io.voipkit.freeswitch.internal.EslEvent;
import io.voipkit.freeswitch.internal.EslEventMapper;
import io.voipkit.freeswitch.internal.EslLimits;
import io.voipkit.freeswitch.internal.EslMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A design probe for issue #7's loopback target, not a benchmark of shipped code: would
 * {@code EslConnection} decode faster if its reader thread only framed (read + {@link EslDecoder})
 * and a second thread parsed and mapped the events? Runs {@link EslDecodeBenchmark}'s recorded feed
 * over a loopback socket (same writer thread, 64 kB reads) either way and prints events/s of five
 * 4-second windows after 10 s of warm-up:
 * <ul>
 *   <li>{@code single}: the reader thread reads, frames, parses and maps (what EslConnection and
 *       FsSupervisor do today);</li>
 *   <li>{@code pipelined}: the reader reads and frames, and hands the frames of each read to a
 *       parser thread through a bounded queue (64 reads) that parses and maps them in order.</li>
 * </ul>
 * {@code java -cp voip-benchmarks/target/benchmarks.jar io.voipkit.benchmarks.EslPipelineProbe pipelined}
 */
public final class EslPipelineProbe {
    private static volatile long sink;

    private EslPipelineProbe() {
    }

    /** {@code args[0]}: {@code single} or {@code pipelined}. */
    public static void main(String[] args) throws Exception {
        boolean pipelined = args.length > 0 && args[0].equals("pipelined");
        byte[] feed = EslDecodeBenchmark.recordFeed();
        AtomicLong decoded = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EslDecodeBenchmark.writeForever(server, feed, "esl-probe-writer");
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            socket.setReceiveBufferSize(1 << 20);
            Thread reader = new Thread(() -> read(socket, pipelined, decoded), "esl-probe-reader");
            reader.setDaemon(true);
            reader.start();
            Thread.sleep(10_000);
            for (int window = 0; window < 5; window++) {
                long c0 = decoded.get();
                long t0 = System.nanoTime();
                Thread.sleep(4_000);
                System.out.printf("[esl-probe] %s: %,.0f events/s%n", pipelined ? "pipelined" : "single",
                        (decoded.get() - c0) * 1e9 / (System.nanoTime() - t0));
            }
            socket.close();
        }
    }

    private static void read(Socket socket, boolean pipelined, AtomicLong decoded) {
        Instant now = Instant.now();
        byte[] chunk = new byte[EslConnectionConfig.DEFAULT_READ_BUFFER_SIZE];
        EslDecoder decoder = new EslDecoder(EslLimits.DEFAULT);
        EslEvent.Parser parser = new EslEvent.Parser();
        EslEventMapper mapper = new EslEventMapper();
        BlockingQueue<EslMessage[]> queue = new ArrayBlockingQueue<>(64);
        if (pipelined) {
            Thread p = new Thread(() -> {
                try {
                    while (true) {
                        EslMessage[] frames = queue.take();
                        int n = 0;
                        for (; n < frames.length && frames[n] != null; n++) {
                            sink += mapper.mapAll(parser.parse(frames[n]), "fs", now).size();
                        }
                        decoded.addAndGet(n);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "esl-probe-parser");
            p.setDaemon(true);
            p.start();
        }
        EslMessage[][] batch = {new EslMessage[64]};
        int[] size = {0};
        try (InputStream in = socket.getInputStream()) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                if (!pipelined) {
                    decoder.feed(chunk, 0, n, f -> {
                        sink += mapper.mapAll(parser.parse(f), "fs", now).size();
                        decoded.incrementAndGet();
                    });
                    continue;
                }
                decoder.feed(chunk, 0, n, f -> {
                    if (size[0] == batch[0].length) {
                        batch[0] = Arrays.copyOf(batch[0], size[0] * 2);
                    }
                    batch[0][size[0]++] = f;
                });
                if (size[0] > 0) {
                    queue.put(batch[0]);
                    batch[0] = new EslMessage[64];
                    size[0] = 0;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the probe is over
        }
    }
}
