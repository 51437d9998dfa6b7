package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.AsteriskLogTailer;
import io.voipkit.ami.LogBuffer;
import io.voipkit.ami.internal.mapping.AmiStateFeed;
import io.voipkit.core.CallControl;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.event.EventDispatcher;
import io.voipkit.core.event.SubscriptionOptions;
import io.voipkit.core.internal.CallQualityWindow;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.core.internal.LiveStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The parts of one {@code AsteriskPbx}, wired together: event dispatcher, live-state store,
 * call-quality window, session supervisor, API façades and the optional log tailer. Kept out of
 * the public class so that nothing internal leaks into its signature.
 */
public final class AsteriskComponents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsteriskComponents.class);

    private final String id;
    private final String address;
    private final String username;
    private final PbxConfig config;
    private final EventDispatcher dispatcher;
    private final LiveStateStore store;
    private final AmiSupervisor supervisor;
    private final AmiCallControl calls;
    private final AmiQueueMonitor queues;
    private final AmiHealthCheck health;
    private final AsteriskLogTailer tailer;
    private final Object lifecycle = new Object();
    private boolean tailerStarted;
    private boolean closed;

    /** Wires everything; nothing connects until {@link #connect()}. The secret array is taken over and cleared. */
    public AsteriskComponents(String id, String host, int port, String username, char[] secret, SSLContext ssl,
                              boolean hostnameVerification, PbxConfig config, ZoneId zone, List<Path> logFiles,
                              LogBuffer logBuffer, Executor eventExecutor, Clock clock) {
        this.id = id;
        this.address = host + ":" + port;
        this.username = username;
        this.config = config;
        SubscriptionOptions defaults = new SubscriptionOptions(config.eventQueueCapacity(), config.overflowPolicy(),
                eventExecutor, null);
        this.dispatcher = new EventDispatcher(id, defaults);
        this.store = new LiveStateStore(EndpointNaming.standard(), clock);
        CallQualityWindow window = new CallQualityWindow(clock);
        CallQualityTap tap = new CallQualityTap(window);
        AmiSupervisor.LoginTarget endpoint = new AmiSupervisor.LoginTarget(host, port, username, secret.clone(), ssl,
                hostnameVerification);
        Arrays.fill(secret, '\0');
        this.supervisor = new AmiSupervisor(id, endpoint, config, zone, clock, dispatcher, store, new AmiStateFeed(store), tap);
        this.calls = new AmiCallControl(supervisor, clock);
        this.queues = new AmiQueueMonitor(supervisor);
        this.health = new AmiHealthCheck(supervisor, supervisor::state, store, window, zone, clock);
        if (logFiles.isEmpty()) {
            this.tailer = null;
        } else {
            AsteriskLogTailer.Builder b = AsteriskLogTailer.builder().pbxId(id).files(logFiles).zone(zone).clock(clock)
                    .sink(dispatcher::publish);
            if (logBuffer != null) {
                b.buffer(logBuffer);
            }
            this.tailer = b.build();
        }
    }

    /** Starts the log tailer once, then connects the session. */
    public void connect() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("PBX " + id + " is closed; build a new one to connect again");
            }
            if (tailer != null && !tailerStarted) {
                tailer.start();
                tailerStarted = true;
            }
        }
        supervisor.connect();
    }

    /** The PBX id. */
    public String id() {
        return id;
    }

    /** The settings the PBX was built with. */
    public PbxConfig config() {
        return config;
    }

    /** The event bus of this PBX. */
    public EventDispatcher dispatcher() {
        return dispatcher;
    }

    /** The live state, fed by the event path. */
    public LiveStateStore store() {
        return store;
    }

    /** The session supervisor (state, reconnect). */
    public AmiSupervisor supervisor() {
        return supervisor;
    }

    /** Call control over AMI. */
    public CallControl calls() {
        return calls;
    }

    /** Queue monitor over AMI. */
    public QueueMonitor queues() {
        return queues;
    }

    /** Health checks over AMI and the live state. */
    public HealthCheck health() {
        return health;
    }

    /** The log tailer, or {@code null} when no log files were configured. */
    public AsteriskLogTailer tailer() {
        return tailer;
    }

    /** Id, address, user (never the secret). */
    public String describe() {
        return id + ", " + username + "@" + address;
    }

    /** Closes the session (publishing CLOSED), the tailer, then the dispatcher. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            supervisor.close();
        } catch (RuntimeException e) {
            LOG.warn("PBX {}: closing the AMI session failed: {}", id, e.toString());
        }
        if (tailer != null) {
            try {
                tailer.close();
            } catch (RuntimeException e) {
                LOG.warn("PBX {}: closing the log tailer failed: {}", id, e.toString());
            }
        }
        dispatcher.close();
    }
}
