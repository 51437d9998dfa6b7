package io.voipkit.ami;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import io.voipkit.core.internal.Checks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The last N log lines of a PBX, for a log viewer's history, filters and statistics. A
 * {@link Consumer} so it can be given anywhere lines flow ({@link AsteriskLogTailer.Builder#buffer},
 * {@link AsteriskLogTailer.Builder#sink}, an event bus subscription).
 *
 * <pre>{@code
 * LogBuffer buffer = new LogBuffer(10_000);
 * ... tailer.buffer(buffer) ...
 * List<LogLineReceived> last = buffer.recent(200);
 * List<LogLineReceived> errors = buffer.query(LogQuery.builder().levels(LogLevel.ERROR).build());
 * Map<LogLevel, Long> perLevel = buffer.bufferedCounts();
 * List<LogMinuteCount> chart = buffer.linesPerMinute(30);
 * }</pre>
 *
 * <ul>
 *   <li>A ring of {@link #capacity()} lines (default 10,000): when full, each new line evicts the
 *       oldest one ({@link #evicted()} counts them). Lines are kept in arrival order.</li>
 *   <li>Counters per level: {@link #totalCounts()} since the buffer was created (not reset by
 *       {@link #clear()}: they are the PBX's statistics, not the viewer's), and
 *       {@link #bufferedCounts()} for the lines held now.</li>
 *   <li>Lines per minute for the last up to 24 hours, bucketed by each line's own timestamp
 *       (what the PBX wrote when, also for a backlog read at start), reported relative to the
 *       clock's current minute. Like the totals, not reset by {@link #clear()}.</li>
 * </ul>
 *
 * <p>Memory: about {@code capacity} times the average line (typically 100-300 bytes, so a few MB
 * for the default); each line is bounded by the tailer's {@code maxLineBytes}, so the worst case
 * is {@code capacity × maxLineBytes} — size the capacity for that if the log is untrusted.
 *
 * <p>Thread-safe. {@link #add} is O(1) under a short lock; queries copy the ring's references
 * under the lock and filter outside it, so a slow query never holds up the tailer.
 */
public final class LogBuffer implements Consumer<LogLineReceived> {
    /** The default capacity. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** The largest capacity accepted: a bound on memory, about 1-2 GB of typical lines. */
    public static final int MAX_CAPACITY = 10_000_000;
    /** How many minutes of lines-per-minute history are kept. */
    public static final int RATE_HISTORY_MINUTES = 24 * 60;
    private static final LogLevel[] LEVELS = LogLevel.values();

    private final int capacity;
    private final Clock clock;
    private final Object lock = new Object();
    private final LogLineReceived[] ring;
    /** Index of the oldest line. */
    private int head;
    private int size;
    private long evicted;
    private long added;
    private final long[] totalByLevel = new long[LEVELS.length];
    private final long[] bufferedByLevel = new long[LEVELS.length];
    private final long[] minuteKeys = new long[RATE_HISTORY_MINUTES];
    private final long[] minuteCounts = new long[RATE_HISTORY_MINUTES];

    /** A buffer of {@link #DEFAULT_CAPACITY} lines. */
    public LogBuffer() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * A buffer of {@code capacity} lines.
     *
     * @throws InvalidRequestException if capacity is below 1 or above {@link #MAX_CAPACITY}
     */
    public LogBuffer(int capacity) {
        this(capacity, Clock.systemUTC());
    }

    /**
     * A buffer of {@code capacity} lines whose per-minute statistics end at {@code clock}'s
     * current minute (inject a fixed clock in tests).
     *
     * @throws InvalidRequestException if capacity is below 1 or above {@link #MAX_CAPACITY}, or clock is null
     */
    public LogBuffer(int capacity, Clock clock) {
        Checks.positive(capacity, "capacity");
        if (capacity > MAX_CAPACITY) {
            throw new InvalidRequestException("capacity", "must be at most " + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
        this.clock = Checks.notNull(clock, "clock");
        this.ring = new LogLineReceived[capacity];
        Arrays.fill(minuteKeys, Long.MIN_VALUE);
    }

    /**
     * Adds a line, evicting the oldest when full.
     *
     * @throws InvalidRequestException if line is null
     */
    public void add(LogLineReceived line) {
        Checks.notNull(line, "line");
        int level = line.level().ordinal();
        long minute = Math.floorDiv(line.timestamp().getEpochSecond(), 60);
        synchronized (lock) {
            if (size == capacity) {
                LogLineReceived old = ring[head];
                bufferedByLevel[old.level().ordinal()]--;
                ring[head] = line;
                head = (head + 1) % capacity;
                evicted++;
            } else {
                ring[(head + size) % capacity] = line;
                size++;
            }
            added++;
            bufferedByLevel[level]++;
            totalByLevel[level]++;
            int slot = (int) Math.floorMod(minute, (long) RATE_HISTORY_MINUTES);
            if (minuteKeys[slot] == minute) {
                minuteCounts[slot]++;
            } else if (minuteKeys[slot] < minute) {
                // The slot held a minute at least a day older: reuse it.
                minuteKeys[slot] = minute;
                minuteCounts[slot] = 1;
            }
            // else: the line is more than a day older than what the slot holds; too old to chart.
        }
    }

    /** Same as {@link #add}: lets the buffer be passed where a {@code Consumer} is expected. */
    @Override
    public void accept(LogLineReceived line) {
        add(line);
    }

    /**
     * The last {@code max} lines (or fewer), oldest first.
     *
     * @throws InvalidRequestException if max is negative
     */
    public List<LogLineReceived> recent(int max) {
        Checks.nonNegative(max, "max");
        synchronized (lock) {
            int n = Math.min(max, size);
            List<LogLineReceived> out = new ArrayList<>(n);
            for (int i = size - n; i < size; i++) {
                out.add(ring[(head + i) % capacity]);
            }
            return Collections.unmodifiableList(out);
        }
    }

    /**
     * The most recent lines that match {@code query}, at most {@link LogQuery#limit()}, oldest
     * first.
     *
     * @throws InvalidRequestException if query is null
     */
    public List<LogLineReceived> query(LogQuery query) {
        Checks.notNull(query, "query");
        LogLineReceived[] snapshot = snapshot();
        int limit = query.limit();
        ArrayList<LogLineReceived> out = new ArrayList<>(Math.min(limit, 256));
        for (int i = snapshot.length - 1; i >= 0 && out.size() < limit; i--) {
            if (query.matches(snapshot[i])) {
                out.add(snapshot[i]);
            }
        }
        Collections.reverse(out);
        return Collections.unmodifiableList(out);
    }

    private LogLineReceived[] snapshot() {
        synchronized (lock) {
            LogLineReceived[] copy = new LogLineReceived[size];
            int firstPart = Math.min(size, capacity - head);
            System.arraycopy(ring, head, copy, 0, firstPart);
            System.arraycopy(ring, 0, copy, firstPart, size - firstPart);
            return copy;
        }
    }

    /** Lines added since the buffer was created, per level (every level present, zeros included). */
    public Map<LogLevel, Long> totalCounts() {
        synchronized (lock) {
            return counts(totalByLevel);
        }
    }

    /** Lines held now, per level (every level present, zeros included). */
    public Map<LogLevel, Long> bufferedCounts() {
        synchronized (lock) {
            return counts(bufferedByLevel);
        }
    }

    private static Map<LogLevel, Long> counts(long[] values) {
        EnumMap<LogLevel, Long> map = new EnumMap<>(LogLevel.class);
        for (LogLevel level : LEVELS) {
            map.put(level, values[level.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Lines per minute for the last {@code minutes} minutes, oldest first, ending with the
     * clock's current (unfinished) minute; minutes without lines are present with 0.
     *
     * @throws InvalidRequestException if minutes is not between 1 and {@link #RATE_HISTORY_MINUTES}
     */
    public List<LogMinuteCount> linesPerMinute(int minutes) {
        Checks.positive(minutes, "minutes");
        if (minutes > RATE_HISTORY_MINUTES) {
            throw new InvalidRequestException("minutes", "must be at most " + RATE_HISTORY_MINUTES + ", was " + minutes);
        }
        long now = Math.floorDiv(clock.instant().getEpochSecond(), 60);
        List<LogMinuteCount> out = new ArrayList<>(minutes);
        synchronized (lock) {
            for (long m = now - minutes + 1; m <= now; m++) {
                int slot = (int) Math.floorMod(m, (long) RATE_HISTORY_MINUTES);
                long count = minuteKeys[slot] == m ? minuteCounts[slot] : 0;
                out.add(new LogMinuteCount(Instant.ofEpochSecond(m * 60), count));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Removes every buffered line; the totals, per-minute counts and {@link #evicted()} stay. */
    public void clear() {
        synchronized (lock) {
            Arrays.fill(ring, null);
            head = 0;
            size = 0;
            Arrays.fill(bufferedByLevel, 0);
        }
    }

    /** The number of lines held now. */
    public int size() {
        synchronized (lock) {
            return size;
        }
    }

    /** The most lines held at once. */
    public int capacity() {
        return capacity;
    }

    /** Lines dropped to make room for newer ones, since creation. */
    public long evicted() {
        synchronized (lock) {
            return evicted;
        }
    }

    /** Lines added since creation. */
    public long added() {
        synchronized (lock) {
            return added;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "LogBuffer[size=" + size + ", capacity=" + capacity + ", added=" + added + ", evicted=" + evicted + "]";
        }
    }
}
