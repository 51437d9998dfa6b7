package io.voipkit.ami;

import io.voipkit.ami.internal.log.AsteriskLogParser;
import io.voipkit.ami.internal.log.FileFollower;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Follows the log files Asterisk writes ({@code /var/log/asterisk/full}, {@code messages}, a
 * dedicated {@code pjsip} file ...) like {@code tail -F}, turns every line into a
 * {@link LogLineReceived} and hands it to sinks and to a {@link LogBuffer}.
 *
 * <pre>{@code
 * LogBuffer buffer = new LogBuffer(10_000);
 * try (AsteriskLogTailer tailer = AsteriskLogTailer.builder()
 *         .pbxId("office")
 *         .file(Path.of("/var/log/asterisk/full"))
 *         .file(Path.of("/var/log/asterisk/messages"))
 *         .zone(ZoneId.of("Europe/Berlin"))           // the PBX host's zone; default: this JVM's
 *         .buffer(buffer)
 *         .sink(line -> webSocket.push(line))
 *         .build()) {
 *     tailer.start();
 *     ...
 *     List<LogLineReceived> errors = buffer.query(LogQuery.builder().levels(LogLevel.ERROR).build());
 * }
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li>By default only lines written after {@link #start()} are read (the files are opened
 *       inside {@code start()}, so a line written once it returns is never missed)
 *       ({@link Builder#startAtBeginning()} reads the files' current content first). A file that
 *       does not exist yet is waited for and read from its start once it appears.</li>
 *   <li>Rotation-safe: Asterisk's {@code logger rotate} (rename and reopen), logrotate's create
 *       and copytruncate modes, deletion and re-creation are all detected; when a file is
 *       replaced the rest of the old one is read before the new one, so no line is lost or
 *       read twice. An unfinished last line waits for its newline.</li>
 *   <li>Lines are parsed leniently (see the module README): every line becomes one event,
 *       continuation lines of multi-line messages included; lines over
 *       {@link Builder#maxLineBytes(int)} are cut with a marker and counted in
 *       {@link #truncatedLines()}.</li>
 *   <li>Files are polled every {@link Builder#pollInterval(Duration)} (default 250 ms) by one
 *       daemon thread named {@code voipkit-log-tailer-<files>}; a backlog is read without
 *       pausing, an idle file costs one {@code stat} per poll. Polling rather than a
 *       {@code WatchService} because it works the same on every file system (NFS, container
 *       bind mounts) and sees renames of an open file.</li>
 *   <li>Problems (missing file, permission denied, IO errors) are logged once per change of
 *       state, not at every poll; the tailer keeps trying until closed.</li>
 * </ul>
 *
 * <h2>Sinks</h2>
 * Sinks run on the tailer thread, in file order per file. They must be fast and must not block
 * (hand the line to a queue or an {@code EventBus}); a sink that throws is logged (the first
 * time at WARN, then at DEBUG), counted in {@link #sinkFailures()}, and kept.
 *
 * <p>Thread-safe: {@link #start()}, {@link #close()} and the counters may be called from any
 * thread.
 */
public final class AsteriskLogTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsteriskLogTailer.class);
    /** The default bound for one line: a SIP packet or a CLI dump line is far shorter. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** The default time between two polls of an idle file. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    private static final long MAX_BYTES_PER_POLL = 4L * 1024 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String pbxId;
    private final List<Path> files;
    private final boolean startAtEnd;
    private final Duration pollInterval;
    private final ZoneId zone;
    private final Clock clock;
    private final int maxLineBytes;
    private final LogBuffer buffer;
    private final List<Consumer<? super LogLineReceived>> sinks;
    private final boolean[] sinkFailedBefore;

    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private Thread worker;
    private volatile boolean closed;

    private AsteriskLogTailer(Builder b) {
        this.pbxId = b.pbxId;
        this.files = List.copyOf(b.files);
        this.startAtEnd = b.startAtEnd;
        this.pollInterval = b.pollInterval;
        this.zone = b.zone;
        this.clock = b.clock;
        this.maxLineBytes = b.maxLineBytes;
        this.buffer = b.buffer;
        this.sinks = List.copyOf(b.sinks);
        this.sinkFailedBefore = new boolean[sinks.size()];
    }

    /** A builder; {@link Builder#pbxId(String)} and at least one {@link Builder#file(Path)} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the files that exist (so that "start at end" means the end as of this call), then
     * starts the tailer thread and returns; lines arrive asynchronously. Files that cannot be
     * opened yet are retried by the thread.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("log tailer for " + files + " is closed");
            }
            if (worker != null) {
                throw new IllegalStateException("log tailer for " + files + " is already started");
            }
            String names = files.stream().map(p -> String.valueOf(p.getFileName())).collect(Collectors.joining("+"));
            if (names.length() > 80) {
                names = names.substring(0, 80) + "…";
            }
            // Open the files here, not on the new thread: "start at end" then means the end as of
            // this call, and a line written right after start() returns is never skipped.
            List<FileFollower> followers = new ArrayList<>(files.size());
            List<FileFollower.Listener> listeners = new ArrayList<>(files.size());
            for (Path file : files) {
                FileFollower follower = new FileFollower(file, startAtEnd, maxLineBytes, MAX_BYTES_PER_POLL, clock);
                FileFollower.Listener listener =
                        new FileListener(new AsteriskLogParser(pbxId, String.valueOf(file.getFileName()), zone));
                follower.openNow(listener);
                followers.add(follower);
                listeners.add(listener);
            }
            worker = new Thread(() -> run(followers, listeners), "voipkit-log-tailer-" + names);
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** Whether {@link #start()} was called and {@link #close()} was not. */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return worker != null && !closed;
        }
    }

    /** The id of the PBX whose logs these are; it goes into every {@link LogLineReceived}. */
    public String pbxId() {
        return pbxId;
    }

    /** The followed files, in the order given. */
    public List<Path> files() {
        return files;
    }

    /** Lines read and published since start, all files together. */
    public long linesRead() {
        return lines.get();
    }

    /** Lines that were longer than the line limit and were cut. */
    public long truncatedLines() {
        return truncated.get();
    }

    /** How often a followed file was replaced (rotated), re-created or truncated. */
    public long rotations() {
        return restarts.get();
    }

    /** How often a sink threw. */
    public long sinkFailures() {
        return sinkFailures.get();
    }

    /**
     * Stops the tailer thread, waiting up to five seconds for it to finish the line it is
     * delivering, and closes the files. An unfinished last line is not published. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = worker;
        }
        stop.countDown();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
                if (t.isAlive()) {
                    LOG.warn("Log tailer thread {} did not stop within {}; a sink may be blocking", t.getName(), CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "AsteriskLogTailer[pbxId=" + pbxId + ", files=" + files + ", running=" + isRunning() + "]";
    }

    private void run(List<FileFollower> followers, List<FileFollower.Listener> listeners) {
        LOG.debug("Log tailer for {} started (pbx {}, from {})", files, pbxId, startAtEnd ? "end" : "beginning");
        String lastFailure = null;
        try {
            while (!closed) {
                boolean more = false;
                for (int i = 0; i < followers.size() && !closed; i++) {
                    try {
                        more |= followers.get(i).poll(listeners.get(i));
                    } catch (RuntimeException e) {
                        // A bug, not an IO problem: keep tailing, but say so once per distinct failure.
                        String failure = e.toString();
                        if (!failure.equals(lastFailure)) {
                            LOG.error("Log tailer for {} failed on {}; continuing", pbxId, followers.get(i).path(), e);
                            lastFailure = failure;
                        }
                    }
                }
                if (!more && stop.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            followers.forEach(FileFollower::close);
            LOG.debug("Log tailer for {} stopped after {} lines", files, lines.get());
        }
    }

    private void publish(LogLineReceived line) {
        lines.incrementAndGet();
        if (buffer != null) {
            buffer.add(line);
        }
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).accept(line);
            } catch (RuntimeException e) {
                sinkFailures.incrementAndGet();
                if (!sinkFailedBefore[i]) {
                    sinkFailedBefore[i] = true;
                    LOG.warn("Log line sink #{} of log tailer {} threw; it is kept, later failures are logged at DEBUG",
                            i, pbxId, e);
                } else {
                    LOG.debug("Log line sink #{} of log tailer {} threw", i, pbxId, e);
                }
            }
        }
    }

    /** Parses one file's lines and publishes them. */
    private final class FileListener implements FileFollower.Listener {
        private final AsteriskLogParser parser;

        FileListener(AsteriskLogParser parser) {
            this.parser = parser;
        }

        @Override
        public void line(String text, long droppedBytes, Instant reference) {
            if (droppedBytes > 0) {
                truncated.incrementAndGet();
            }
            publish(parser.parse(text, droppedBytes, reference));
        }

        @Override
        public void fileRestarted(String why) {
            restarts.incrementAndGet();
            parser.reset();
        }
    }

    /**
     * Configures an {@link AsteriskLogTailer}. Not thread-safe; each setter validates its
     * argument at once and throws {@link InvalidRequestException} naming the field.
     */
    public static final class Builder {
        private String pbxId;
        private final Set<Path> files = new LinkedHashSet<>();
        private boolean startAtEnd = true;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private ZoneId zone = ZoneId.systemDefault();
        private Clock clock = Clock.systemUTC();
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private LogBuffer buffer;
        private final List<Consumer<? super LogLineReceived>> sinks = new ArrayList<>();

        private Builder() {
        }

        /** The id of the PBX (required), as in {@code Pbx.id()}; it goes into every event. */
        public Builder pbxId(String pbxId) {
            this.pbxId = Checks.wireText(pbxId, "pbxId");
            return this;
        }

        /**
         * A file to follow, such as {@code /var/log/asterisk/full}. At least one is required; a
         * file given twice is followed once. The event's {@code file} is the file's name
         * ({@code full}).
         */
        public Builder file(Path file) {
            Checks.notNull(file, "file");
            if (file.getFileName() == null) {
                throw new InvalidRequestException("file", "must name a file, not a root: " + file);
            }
            files.add(file.toAbsolutePath().normalize());
            return this;
        }

        /** Several files to follow; see {@link #file(Path)}. */
        public Builder files(Collection<Path> files) {
            for (Path p : Checks.copyOf(files, "files")) {
                file(p);
            }
            return this;
        }

        /** Read only what is written after {@link #start()} (the default). */
        public Builder startAtEnd() {
            this.startAtEnd = true;
            return this;
        }

        /** Read what the files hold now first, then follow them. */
        public Builder startAtBeginning() {
            this.startAtEnd = false;
            return this;
        }

        /** How long to wait between polls of idle files; default 250 ms. */
        public Builder pollInterval(Duration pollInterval) {
            Checks.positive(pollInterval, "pollInterval");
            if (pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new InvalidRequestException("pollInterval", "must be at most one minute, was " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * The PBX host's time zone, in which Asterisk writes its log times; default this JVM's
         * zone (right when the application runs on the PBX host).
         */
        public Builder zone(ZoneId zone) {
            this.zone = Checks.notNull(zone, "zone");
            return this;
        }

        /** The clock used when a file's own modification time is unknown; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** The bound for one line, 1 KiB to 16 MiB; default 64 KiB. Longer lines are cut with a marker. */
        public Builder maxLineBytes(int maxLineBytes) {
            if (maxLineBytes < 1024 || maxLineBytes > 16 * 1024 * 1024) {
                throw new InvalidRequestException("maxLineBytes", "must be between 1024 and 16777216, was " + maxLineBytes);
            }
            this.maxLineBytes = maxLineBytes;
            return this;
        }

        /** A buffer that keeps the last lines for queries and statistics; optional. */
        public Builder buffer(LogBuffer buffer) {
            this.buffer = Checks.notNull(buffer, "buffer");
            return this;
        }

        /**
         * A receiver of every line, called on the tailer thread; must be fast, must not block.
         * For an event bus, pass its publishing method. May be given several times.
         */
        public Builder sink(Consumer<? super LogLineReceived> sink) {
            sinks.add(Checks.notNull(sink, "sink"));
            return this;
        }

        /**
         * The tailer, not started yet.
         *
         * @throws InvalidRequestException if the pbx id or the files are missing
         */
        public AsteriskLogTailer build() {
            if (pbxId == null) {
                throw new InvalidRequestException("pbxId", "must be set");
            }
            if (files.isEmpty()) {
                throw new InvalidRequestException("files", "must name at least one log file to follow");
            }
            return new AsteriskLogTailer(this);
        }
    }
}
