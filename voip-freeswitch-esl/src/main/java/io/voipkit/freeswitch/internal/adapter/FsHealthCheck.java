package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.CallQuality;
import io.voipkit.core.ChannelsCheck;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.HealthCheckResult;
import io.voipkit.core.HealthReport;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueuesCheck;
import io.voipkit.core.SystemInfo;
import io.voipkit.core.internal.CallQualityWindow;
import io.voipkit.core.internal.HealthReports;
import io.voipkit.core.internal.LiveStateStore;
import io.voipkit.core.internal.Requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link HealthCheck} for FreeSWITCH: the ping is {@code api status}; {@link #systemInfo()} parses
 * {@code status} (uptime, version, current and maximum sessions, sessions since start-up, peak)
 * and {@code switchname}; channels and queues come from the live state; call quality from the
 * window the event path fills.
 */
public final class FsHealthCheck implements HealthCheck {

    private static final Pattern UPTIME = Pattern.compile("UP (\\d+) years?, (\\d+) days?, (\\d+) hours?, (\\d+) minutes?, "
            + "(\\d+) seconds?, (\\d+) milliseconds?");
    private static final Pattern VERSION = Pattern.compile("FreeSWITCH \\(Version ([^ )]+)");
    private static final Pattern CURRENT = Pattern.compile("^(\\d+) session\\(s\\) - peak (\\d+)", Pattern.MULTILINE);
    private static final Pattern SINCE = Pattern.compile("^(\\d+) session\\(s\\) since startup", Pattern.MULTILINE);
    private static final Pattern MAX = Pattern.compile("^(\\d+) session\\(s\\) max", Pattern.MULTILINE);

    private final FsSupervisor gateway;
    private final LiveStateStore store;
    private final CallQualityWindow window;
    private final Clock clock;

    /** Health checks through {@code gateway} and {@code store}. */
    public FsHealthCheck(FsSupervisor gateway, LiveStateStore store, CallQualityWindow window, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public HealthCheckResult checkConnection() {
        return HealthReports.checkConnection(gateway.state(), () -> gateway.api("status", null), clock);
    }

    @Override
    public SystemInfo systemInfo() {
        String status = gateway.api("status", null);
        SystemInfo info = parseStatus(status, clock.instant());
        try {
            String name = gateway.api("switchname", null).strip();
            if (!name.isEmpty()) {
                return new SystemInfo(info.kind(), info.version(), info.uptime(), info.reloadTime(), info.currentCalls(),
                        info.maxCalls(), name, info.protocolVersion(), info.details());
            }
        } catch (PbxActionFailedException e) {
            // older builds lack switchname: keep the rest
        }
        return info;
    }

    /** Parses the body of {@code api status}; see the fixture {@code api-status}. */
    static SystemInfo parseStatus(String status, Instant now) {
        Matcher v = VERSION.matcher(status);
        if (!v.find()) {
            throw new PbxActionFailedException("status", "unexpected answer (no version): "
                    + io.voipkit.core.internal.Checks.abbreviate(status));
        }
        Duration uptime = Duration.ZERO;
        Matcher u = UPTIME.matcher(status);
        if (u.find()) {
            uptime = Duration.ofDays(365L * Long.parseLong(u.group(1)) + Long.parseLong(u.group(2)))
                    .plusHours(Long.parseLong(u.group(3))).plusMinutes(Long.parseLong(u.group(4)))
                    .plusSeconds(Long.parseLong(u.group(5))).plusMillis(Long.parseLong(u.group(6)));
        }
        int current = 0;
        Map<String, String> details = new LinkedHashMap<>();
        Matcher c = CURRENT.matcher(status);
        if (c.find()) {
            current = Integer.parseInt(c.group(1));
            details.put("sessions-peak", c.group(2));
        }
        Matcher since = SINCE.matcher(status);
        if (since.find()) {
            details.put("sessions-since-startup", since.group(1));
        }
        int max = 0;
        Matcher m = MAX.matcher(status);
        if (m.find()) {
            max = Integer.parseInt(m.group(1));
        }
        details.put("status", status.strip());
        return new SystemInfo(PbxKind.FREESWITCH, v.group(1), uptime, now.minus(uptime), current, max, null, "ESL",
                details);
    }

    @Override
    public ChannelsCheck checkChannels() {
        return HealthReports.channelsCheck(store);
    }

    @Override
    public QueuesCheck checkQueues() {
        return HealthReports.queuesCheck(store.queues(), HealthReports.DEFAULT_LONG_WAIT);
    }

    @Override
    public HealthReport fullReport() {
        return HealthReports.fullReport(checkConnection(), this::systemInfo, this::checkChannels, this::checkQueues, clock);
    }

    @Override
    public CallQuality callQuality(Duration window) {
        Requests.window(window, this.window.retention());
        return this.window.snapshot(window);
    }
}
