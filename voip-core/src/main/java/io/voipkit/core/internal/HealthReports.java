package io.voipkit.core.internal;

import io.voipkit.core.ChannelsCheck;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthReport;
import io.voipkit.core.HealthStatus;
import io.voipkit.core.LiveState;
import io.voipkit.core.QueueHealth;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueuesCheck;
import io.voipkit.core.SystemInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The health logic every adapter shares: turning live state into {@link ChannelsCheck} and
 * {@link QueuesCheck}, measuring the connection, and combining checks into a {@link HealthReport}.
 * Stateless; thread-safe.
 */
public final class HealthReports {
    private static final Logger log = LoggerFactory.getLogger(HealthReports.class);

    /** A caller waiting longer than this makes a queue {@link HealthStatus#DEGRADED}: 2 minutes. */
    public static final Duration DEFAULT_LONG_WAIT = Duration.ofMinutes(2);

    private HealthReports() {
    }

    /**
     * Runs {@code ping} (a no-op action that throws on failure) and times it. Returns DOWN without
     * pinging when {@code state} is not usable, and DOWN with the failure's message when the ping
     * throws. Never throws itself (except for null arguments).
     */
    public static HealthCheckResult checkConnection(ConnectionState state, Runnable ping, Clock clock) {
        Checks.notNull(state, "state");
        Checks.notNull(ping, "ping");
        Checks.notNull(clock, "clock");
        if (!state.isUsable()) {
            return HealthCheckResult.down(state, "not connected (" + state.name().toLowerCase(java.util.Locale.ROOT)
                    + ")", clock.instant());
        }
        long start = System.nanoTime();
        try {
            ping.run();
        } catch (RuntimeException e) {
            return HealthCheckResult.down(state, "ping failed: " + message(e), clock.instant());
        }
        return HealthCheckResult.up(Duration.ofNanos(System.nanoTime() - start), clock.instant());
    }

    /**
     * Counts channels, calls and endpoints of {@code state}. Degraded when the state is not current
     * or endpoints are known and none is online.
     */
    public static ChannelsCheck channelsCheck(LiveState state) {
        Checks.notNull(state, "state");
        int online = 0;
        int offline = 0;
        int unknown = 0;
        for (Endpoint e : state.endpoints()) {
            switch (e.status()) {
                case ONLINE -> online++;
                case OFFLINE -> offline++;
                case UNKNOWN -> unknown++;
            }
        }
        boolean noneOnline = online == 0 && offline + unknown > 0;
        HealthStatus status = !state.isCurrent() || noneOnline ? HealthStatus.DEGRADED : HealthStatus.UP;
        return new ChannelsCheck(status, state.channels().size(), state.calls().size(), online, offline, unknown);
    }

    /**
     * The health of one queue: degraded when callers wait and no member is available, or when
     * the longest wait exceeds {@code longWait}.
     */
    public static QueueHealth queueHealth(QueueStatus queue, Duration longWait) {
        Checks.notNull(queue, "queue");
        Checks.positive(longWait, "longWait");
        int loggedIn = 0;
        int available = 0;
        for (QueueMember m : queue.members()) {
            if (m.isLoggedIn()) {
                loggedIn++;
                if (m.isAvailable()) {
                    available++;
                }
            }
        }
        int waiting = Math.max(queue.calls(), queue.callers().size());
        Duration longest = queue.longestWait();
        List<String> problems = new ArrayList<>(2);
        if (waiting > 0 && available == 0) {
            problems.add(waiting + (waiting == 1 ? " caller waits" : " callers wait") + " and no agent is available"
                    + (loggedIn == 0 ? " (none logged in)" : " (" + loggedIn + " logged in, all busy or paused)"));
        }
        if (longest.compareTo(longWait) > 0) {
            problems.add("longest wait " + longest.toSeconds() + " s exceeds " + longWait.toSeconds() + " s");
        }
        HealthStatus status = problems.isEmpty() ? HealthStatus.UP : HealthStatus.DEGRADED;
        return new QueueHealth(queue.name(), status, waiting, available, loggedIn, longest,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** The health of every queue, sorted by name, and the worst of them (UP when there are none). */
    public static QueuesCheck queuesCheck(Collection<QueueStatus> queues, Duration longWait) {
        Checks.copyOf(queues, "queues");
        HealthStatus worst = HealthStatus.UP;
        List<QueueHealth> list = new ArrayList<>(queues.size());
        for (QueueStatus q : queues) {
            QueueHealth h = queueHealth(q, longWait);
            list.add(h);
            worst = worst.worst(h.status());
        }
        list.sort(Comparator.comparing(QueueHealth::queue));
        return new QueuesCheck(worst, list);
    }

    /** The worst of the given statuses; UP for none. Nulls are ignored. */
    public static HealthStatus worst(HealthStatus... statuses) {
        HealthStatus worst = HealthStatus.UP;
        for (HealthStatus s : Checks.notNull(statuses, "statuses")) {
            worst = worst.worst(s);
        }
        return worst;
    }

    /**
     * Combines the checks into a report. When the connection is DOWN nothing else runs and the
     * report is DOWN. Otherwise each supplier runs once; one that throws is recorded as a problem
     * (with its message, logged at WARN with the stack trace) and makes the report at least
     * DEGRADED, and the others still run. Never throws (except for null arguments).
     */
    public static HealthReport fullReport(HealthCheckResult connection, Supplier<SystemInfo> system,
                                          Supplier<ChannelsCheck> channels, Supplier<QueuesCheck> queues, Clock clock) {
        Checks.notNull(connection, "connection");
        Checks.notNull(system, "system");
        Checks.notNull(channels, "channels");
        Checks.notNull(queues, "queues");
        Checks.notNull(clock, "clock");
        List<String> problems = new ArrayList<>();
        if (connection.status() == HealthStatus.DOWN) {
            problems.add("connection: " + (connection.message() != null ? connection.message() : "down"));
            return new HealthReport(HealthStatus.DOWN, connection, null, null, null, problems, clock.instant());
        }
        HealthStatus status = connection.status();
        SystemInfo info = run("system info", system, problems);
        if (info == null) {
            status = status.worst(HealthStatus.DEGRADED);
        }
        ChannelsCheck ch = run("channels", channels, problems);
        if (ch == null) {
            status = status.worst(HealthStatus.DEGRADED);
        } else {
            status = status.worst(ch.status());
            if (ch.status() != HealthStatus.UP) {
                problems.add("channels: " + (ch.endpointsOnline() == 0 && ch.endpointsTotal() > 0
                        ? "none of " + ch.endpointsTotal() + " endpoints is online"
                        : "live state is not current (reconnecting or resynchronising)"));
            }
        }
        QueuesCheck qs = run("queues", queues, problems);
        if (qs == null) {
            status = status.worst(HealthStatus.DEGRADED);
        } else {
            status = status.worst(qs.status());
            for (QueueHealth q : qs.problems()) {
                problems.add("queue " + q.queue() + ": " + q.problem());
            }
        }
        return new HealthReport(status, connection, info, ch, qs, problems, clock.instant());
    }

    private static <T> T run(String what, Supplier<T> check, List<String> problems) {
        try {
            T result = check.get();
            if (result == null) {
                problems.add(what + ": check returned nothing");
            }
            return result;
        } catch (RuntimeException e) {
            log.warn("Health check '{}' failed", what, e);
            problems.add(what + ": " + message(e));
            return null;
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

}
