package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.core.Pbx;
import io.voipkit.core.ActiveCall;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.LiveState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds {@code statusUpdate} messages from the live state and the sections, and pushes one to
 * every session whenever something changed, at most once per {@code voip.monitor.status-interval}
 * (default 100 ms, so at most ~10 a second however busy the PBX is).
 *
 * <p>Change detection compares {@link LiveState#version()}, the connection state and the
 * sections' own version at each tick, rather than reacting to individual events: the live state
 * is updated on its own thread, so an event may arrive before the state reflects it, whereas the
 * version never misses a change. A tick with no change costs two volatile reads.
 *
 * <p>Rule for a section's status: {@code UNKNOWN} while the AMI connection is down or the state
 * is being re-synchronised (the last known data may be stale); otherwise {@code ONLINE} when at
 * least one of its endpoints is online, {@code OFFLINE} when none is online but one is offline,
 * and {@code UNKNOWN} when the PBX knows none of them.
 */
public final class StatusPublisher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);

    private final MonitoredPbx runtime;
    private final SectionStore sections;
    private final Clients clients;
    private final JsonMapper json;
    private final Duration interval;
    private final AtomicLong sectionsVersion = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private long sentStateVersion = -1;
    private long sentSectionsVersion = -1;
    private ConnectionState sentConnection;
    private boolean sentCurrent;

    /** A publisher that pushes at most once per {@code interval}. */
    public StatusPublisher(MonitoredPbx runtime, SectionStore sections, Clients clients, JsonMapper json, Duration interval) {
        this.runtime = runtime;
        this.sections = sections;
        this.clients = clients;
        this.json = json;
        this.interval = interval;
    }

    /** Tells the publisher the sections changed, so the next tick pushes. */
    public void sectionsChanged() {
        sectionsVersion.incrementAndGet();
    }

    /** The current {@code statusUpdate} message as JSON. */
    public String snapshotJson() {
        return json.writeValueAsString(snapshot());
    }

    /** The current {@code statusUpdate} message. */
    Views.StatusUpdate snapshot() {
        Pbx pbx = runtime.pbx();
        LiveState state = pbx.state();
        ConnectionState connection = pbx.connectionState();
        long version = state.version();
        boolean current = state.isCurrent();
        boolean trusted = connection.isUsable() && current;
        List<Endpoint> endpoints = new ArrayList<>(state.endpoints());
        Map<String, Endpoint> byName = new HashMap<>();
        List<Views.EndpointView> endpointViews = new ArrayList<>(endpoints.size());
        List<String> names = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            byName.put(e.name(), e);
            names.add(e.name());
            endpointViews.add(Views.EndpointView.of(e, trusted ? e.status() : EndpointStatus.UNKNOWN));
        }
        List<Views.SectionView> sectionViews = new ArrayList<>();
        for (Section s : sections.effective(names)) {
            sectionViews.add(view(s, byName, trusted));
        }
        List<Views.CallView> calls = new ArrayList<>();
        if (trusted) {
            for (ActiveCall c : state.calls()) {
                calls.add(Views.CallView.of(c));
            }
        }
        return new Views.StatusUpdate("statusUpdate", Instant.now().toString(), version,
                new Views.Connection(pbx.id(), runtime.mode(), connection.name(), connection.isUsable(), current),
                sectionViews, endpointViews, calls);
    }

    static Views.SectionView view(Section s, Map<String, Endpoint> byName, boolean trusted) {
        int online = 0;
        int offline = 0;
        int calls = 0;
        Instant last = null;
        for (String name : s.endpoints()) {
            Endpoint e = byName.get(name);
            if (e == null) {
                continue;
            }
            if (e.status() == EndpointStatus.ONLINE) {
                online++;
            } else if (e.status() == EndpointStatus.OFFLINE) {
                offline++;
            }
            calls += e.activeCallCount();
            if (last == null || e.lastChange().isAfter(last)) {
                last = e.lastChange();
            }
        }
        EndpointStatus status = !trusted ? EndpointStatus.UNKNOWN
                : online > 0 ? EndpointStatus.ONLINE : offline > 0 ? EndpointStatus.OFFLINE : EndpointStatus.UNKNOWN;
        return new Views.SectionView(s.id(), s.name(), s.endpoints(), !s.isDefault(), status,
                trusted ? online : 0, Views.time(last), trusted ? calls : 0);
    }

    private void tick() {
        try {
            if (clients.size() == 0) {
                return;
            }
            Pbx pbx = runtime.pbx();
            long stateVersion = pbx.state().version();
            long secVersion = sectionsVersion.get();
            ConnectionState connection = pbx.connectionState();
            boolean current = pbx.state().isCurrent();
            if (stateVersion == sentStateVersion && secVersion == sentSectionsVersion && connection == sentConnection
                    && current == sentCurrent) {
                return;
            }
            sentStateVersion = stateVersion;
            sentSectionsVersion = secVersion;
            sentConnection = connection;
            sentCurrent = current;
            clients.broadcast(snapshotJson());
        } catch (RuntimeException e) {
            // Keep ticking: one bad snapshot must not stop the dashboard for good.
            log.warn("Cannot publish the status: {}", e.toString(), e);
        }
    }

    /** Forces the next tick to push (a new client joined, it gets the push along with everyone). */
    void invalidate() {
        sectionsVersion.incrementAndGet();
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pjsip-monitor-status");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public String toString() {
        return "StatusPublisher[interval=" + interval + ", clients=" + clients.size() + "]";
    }
}
