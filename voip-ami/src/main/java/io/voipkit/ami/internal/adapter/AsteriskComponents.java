package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.AsteriskLogTailer;
import io.voipkit.ami.LogBuffer;
import io.voipkit.ami.internal.mapping.AmiStateFeed;
import io.voipkit.core.CallControl;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.PbxKind;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.core.internal.PbxComponents;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The parts of one {@code AsteriskPbx}, wired together: the shared {@link PbxComponents} (event
 * dispatcher, live-state store, call-quality window), the AMI session supervisor, the API façades
 * and the optional log tailer. Kept out of the public class so that nothing internal leaks into
 * its signature.
 */
public final class AsteriskComponents extends PbxComponents {

    private final String address;
    private final String username;
    private final AmiSupervisor supervisor;
    private final AmiCallControl calls;
    private final AmiQueueMonitor queues;
    private final AmiHealthCheck health;
    private final AsteriskLogTailer tailer;
    private boolean tailerStarted; // guarded by whileOpen's lock

    /** Wires everything; nothing connects until {@link #connect()}. The secret array is taken over and cleared. */
    public AsteriskComponents(String id, String host, int port, String username, char[] secret, SSLContext ssl,
                              boolean hostnameVerification, PbxConfig config, ZoneId zone, List<Path> logFiles,
                              LogBuffer logBuffer, Executor eventExecutor, Clock clock) {
        super(id, PbxKind.ASTERISK, config, EndpointNaming.standard(), eventExecutor, clock);
        this.address = host + ":" + port;
        this.username = username;
        CallQualityTap tap = new CallQualityTap(window());
        AmiSupervisor.LoginTarget endpoint = new AmiSupervisor.LoginTarget(host, port, username, secret.clone(), ssl,
                hostnameVerification);
        Arrays.fill(secret, '\0');
        this.supervisor = new AmiSupervisor(id, endpoint, config, zone, clock, events(), state(),
                new AmiStateFeed(state()), tap);
        this.calls = new AmiCallControl(supervisor, clock);
        this.queues = new AmiQueueMonitor(supervisor);
        this.health = new AmiHealthCheck(supervisor, supervisor::state, state(), window(), zone, clock);
        if (logFiles.isEmpty()) {
            this.tailer = null;
        } else {
            AsteriskLogTailer.Builder b = AsteriskLogTailer.builder().pbxId(id).files(logFiles).zone(zone).clock(clock)
                    .sink(events()::publish);
            if (logBuffer != null) {
                b.buffer(logBuffer);
            }
            this.tailer = b.build();
        }
    }

    /** Starts the log tailer once, then connects the session. */
    @Override
    public void connect() {
        whileOpen(() -> {
            if (tailer != null && !tailerStarted) {
                tailer.start();
                tailerStarted = true;
            }
        });
        supervisor.connect();
    }

    @Override
    public ConnectionState connectionState() {
        return supervisor.state();
    }

    /** The session supervisor (state, reconnect). */
    public AmiSupervisor supervisor() {
        return supervisor;
    }

    /** Call control over AMI. */
    @Override
    public CallControl calls() {
        return calls;
    }

    /** Queue monitor over AMI. */
    @Override
    public QueueMonitor queues() {
        return queues;
    }

    /** Health checks over AMI and the live state. */
    @Override
    public HealthCheck health() {
        return health;
    }

    /** The log tailer, or {@code null} when no log files were configured. */
    public AsteriskLogTailer tailer() {
        return tailer;
    }

    /** Id, address, user (never the secret). */
    @Override
    public String describe() {
        return id() + ", " + username + "@" + address;
    }

    /** Closes the AMI session (publishing CLOSED), then the tailer. */
    @Override
    protected void closeSession() {
        closeQuietly(supervisor, "the AMI session");
        if (tailer != null) {
            closeQuietly(tailer, "the log tailer");
        }
    }
}
