package io.voipkit.simulator.internal;

import org.slf4j.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * The sending half and lifecycle of one simulated client connection, shared by AMI and Event
 * Socket: a writer thread drains a bounded queue of whole frames (frames never interleave, and a
 * slow client never blocks the model or other clients); overflow disconnects the client with a log
 * line, as the real servers drop clients that do not read.
 *
 * <p>What is read and how it is answered stays with each protocol's session. Thread-safe.
 */
public final class Outbox {
    /** Writes one queued frame; AMI adds its stall and slow-link faults here. */
    @FunctionalInterface
    public interface FrameWriter {
        /** Writes {@code bytes} to {@code out} (the caller flushes). */
        void write(OutputStream out, byte[] bytes) throws IOException;
    }

    private static final Object CLOSE_MARK = new Object();

    private final Socket socket;
    private final BlockingQueue<Object> outbound;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Set once the connection is on its way out (logoff/exit, failed login): nothing more is read.
    private volatile boolean closing;
    private final String protocol;
    private final String unit;
    private final Logger log;
    private final FrameWriter writer;
    private final Runnable onClosed;

    /**
     * An outbox for {@code socket}. {@code protocol} ("ami", "esl") names the threads, {@code unit}
     * ("messages", "frames") the overflow log line, written to the session's own {@code log};
     * {@code onClosed} runs once when the connection closes.
     */
    public Outbox(Socket socket, int queueCapacity, String protocol, String unit, Logger log, FrameWriter writer, Runnable onClosed) {
        this.socket = socket;
        this.outbound = new ArrayBlockingQueue<>(queueCapacity);
        this.protocol = protocol;
        this.unit = unit;
        this.log = log;
        this.writer = writer;
        this.onClosed = onClosed;
    }

    /** Queues {@code first} (greeting), then starts the writer and the session's {@code readLoop} thread. */
    public void start(byte[] first, Runnable readLoop, int id) {
        outbound.add(first);
        Thread reader = new Thread(readLoop, "voipkit-sim-" + protocol + "-reader-" + id);
        Thread w = new Thread(this::writeLoop, "voipkit-sim-" + protocol + "-writer-" + id);
        reader.setDaemon(true);
        w.setDaemon(true);
        w.start();
        reader.start();
    }

    private void writeLoop() {
        try {
            // Buffered, flushed whenever the queue runs empty (and at every latch and close): a
            // blast then goes out in 64 kB writes instead of one system call per frame, which cost
            // the writer thread most of its time and made the client read in small pieces.
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (true) {
                Object item = outbound.poll(200, TimeUnit.MILLISECONDS);
                if (item == null) {
                    if (closed.get()) {
                        return;
                    }
                    continue;
                }
                if (item == CLOSE_MARK) {
                    out.flush();
                    close();
                    return;
                }
                if (item instanceof CountDownLatch latch) {
                    out.flush();
                    latch.countDown();
                    continue;
                }
                writer.write(out, (byte[]) item);
                if (outbound.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            log.debug("{} client {} write failed: {}", label(), remote(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            // Release anyone waiting on a flush marker.
            for (Object o; (o = outbound.poll()) != null; ) {
                if (o instanceof CountDownLatch latch) {
                    latch.countDown();
                }
            }
        }
    }

    /** Queues raw bytes; on overflow the client is disconnected. */
    public void send(byte[] bytes) {
        if (closed.get()) {
            return;
        }
        if (!outbound.offer(bytes)) {
            log.warn("{} client {} does not read fast enough ({} {} queued); disconnecting it", label(), remote(), outbound.size(), unit);
            close();
        }
    }

    /** Queues bytes, waiting for room; false once the client is gone. */
    public boolean sendBlocking(byte[] bytes) throws InterruptedException {
        while (!closed.get()) {
            if (outbound.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Blast mode of both simulators: writes {@code count} messages produced by {@code next} to
     * every one of {@code targets}, waiting for room in each queue (blocking backpressure), then
     * waits until they are written. Stops early when every target is gone; returns the number of
     * messages written per target.
     */
    public static long blast(List<Outbox> targets, long count, LongFunction<byte[]> next) throws InterruptedException {
        long written = 0;
        for (long i = 0; i < count; i++) {
            byte[] bytes = next.apply(i);
            boolean any = false;
            for (Outbox o : targets) {
                any |= o.sendBlocking(bytes);
            }
            if (!any) {
                break;
            }
            written++;
        }
        for (Outbox o : targets) {
            o.awaitFlushed();
        }
        return written;
    }

    /** Waits until everything queued so far is written, or the client is gone. */
    public void awaitFlushed() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        while (!closed.get()) {
            if (outbound.offer(latch, 100, TimeUnit.MILLISECONDS)) {
                while (!closed.get() && !latch.await(100, TimeUnit.MILLISECONDS)) {
                    // keep waiting; a closed client releases us
                }
                return;
            }
        }
    }

    /** Sends what is queued, then closes. */
    public void closeAfterFlush() {
        closing = true;
        if (!closed.get() && !outbound.offer(CLOSE_MARK)) {
            close();
        }
    }

    /** Closes the socket at once; queued frames are dropped. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            onClosed.run();
        }
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Whether the connection is closed or on its way out (no more input is handled). */
    public boolean isEnding() {
        return closed.get() || closing;
    }

    /** The client's address and port, for log lines. */
    public String remote() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    private String label() {
        return protocol.toUpperCase(java.util.Locale.ROOT);
    }
}
