package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.internal.EndpointNaming;
import io.voipkit.core.internal.PbxComponents;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The parts of one {@code FreeSwitchPbx}, wired together: the shared {@link PbxComponents} (event
 * dispatcher, live-state store, call-quality window), the ESL session supervisor and the API
 * façades. Kept out of the public class so that nothing internal leaks into its signature.
 */
public final class FreeSwitchComponents extends PbxComponents {

    private final String address;
    private final FsSupervisor supervisor;
    private final FsCallControl calls;
    private final FsQueueMonitor queues;
    private final FsHealthCheck health;

    /**
     * Wires everything; nothing connects until {@link #connect()}. The target's password is
     * copied; the caller clears its own array.
     */
    public FreeSwitchComponents(String id, FsSupervisor.Target target, PbxConfig config,
                                EndpointNaming naming, String parkingLot, int firstSlot, int lastSlot,
                                Executor eventExecutor, Clock clock) {
        super(id, PbxKind.FREESWITCH, config, naming, eventExecutor, clock);
        this.address = target.host() + ":" + target.port();
        FsSupervisor.Target withPassword = new FsSupervisor.Target(target.host(), target.port(),
                target.password().clone(), target.format(), target.events());
        this.supervisor = new FsSupervisor(id, withPassword, config, clock, events(), state(),
                new FsStateFeed(state(), clock), new FsCallQualityTap(window()));
        this.calls = new FsCallControl(supervisor, state(), clock, parkingLot, firstSlot, lastSlot);
        this.queues = new FsQueueMonitor(supervisor, clock);
        this.health = new FsHealthCheck(supervisor, state(), window(), clock);
    }

    /** Connects the session (blocking); the supervisor refuses once closed. */
    @Override
    public void connect() {
        supervisor.connect();
    }

    @Override
    public ConnectionState connectionState() {
        return supervisor.state();
    }

    /** The session supervisor. */
    public FsSupervisor supervisor() {
        return supervisor;
    }

    /** Call control. */
    @Override
    public CallControl calls() {
        return calls;
    }

    /** Queue monitor over mod_callcenter. */
    @Override
    public QueueMonitor queues() {
        return queues;
    }

    /** Health checks. */
    @Override
    public HealthCheck health() {
        return health;
    }

    /** Id and address (never the password). */
    @Override
    public String describe() {
        return id() + ", " + address;
    }

    /** Closes the ESL session (publishing CLOSED). */
    @Override
    protected void closeSession() {
        closeQuietly(supervisor, "the ESL session");
    }
}
