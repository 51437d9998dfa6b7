package io.voipkit.simulator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes Asterisk {@code full}-log lines, {@code [Nov 24 20:16:39] VERBOSE[11138][C-00000001] pbx.c: message}
 * (the call id only on lines about a call), the format of nearly every line of
 * {@code shared/fixtures/logs/asterisk-full}, so log tailers can be tested against the simulator.
 * A no-op when no file was configured.
 *
 * <p>Thread-safe: lines are written whole under a lock and flushed at once so tailers see them.
 */
public final class AsteriskLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsteriskLog.class);
    // Asterisk's default dateformat "%b %e %T": "Nov 24 20:14:59", day padded with a space.
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final BufferedWriter out;
    private final int pid;

    /** Appends to {@code file} ({@code null} = no log); {@code pid} stands in for the thread id column. */
    public AsteriskLog(Path file, Clock clock, int pid) {
        this.clock = clock;
        this.pid = pid;
        BufferedWriter w = null;
        if (file != null) {
            try {
                w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot open the simulator log file " + file, e);
            }
        }
        this.out = w;
    }

    /** Formats one line exactly as Asterisk's logger does for the {@code full} channel; callId may be null. */
    public static String format(String timestamp, String level, int thread, String callId, String source, String message) {
        return "[" + timestamp + "] " + level + "[" + thread + "]" + (callId == null ? "" : "[" + callId + "]") + " "
                + source + ": " + message;
    }

    /** Appends one line; level is DEBUG, VERBOSE, NOTICE, WARNING, ERROR or SECURITY. */
    public void write(String level, String source, String message) {
        write(level, null, source, message);
    }

    /** Appends one line about a call ({@code callId} like {@code C-00000001}). */
    public void write(String level, String callId, String source, String message) {
        if (out == null) {
            return;
        }
        String line = format(TIME.format(clock.instant()), level, pid, callId, source, message);
        synchronized (this) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                LOG.warn("simulator log file write failed: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
