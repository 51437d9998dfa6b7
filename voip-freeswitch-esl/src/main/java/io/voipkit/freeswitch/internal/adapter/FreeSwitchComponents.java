package io.voipkit.freeswitch.internal.adapter;

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

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The parts of one {@code FreeSwitchPbx}, wired together: event dispatcher, live-state store,
 * call-quality window, session supervisor and the API façades. Kept out of the public class so
 * that nothing internal leaks into its signature.
 */
public final class FreeSwitchComponents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FreeSwitchComponents.class);

    private final String id;
    private final String address;
    private final PbxConfig config;
    private final EventDispatcher dispatcher;
    private final LiveStateStore store;
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
        this.id = id;
        this.address = target.host() + ":" + target.port();
        this.config = config;
        SubscriptionOptions defaults = new SubscriptionOptions(config.eventQueueCapacity(), config.overflowPolicy(),
                eventExecutor, null);
        this.dispatcher = new EventDispatcher(id, defaults);
        this.store = new LiveStateStore(naming, clock);
        CallQualityWindow window = new CallQualityWindow(clock);
        FsSupervisor.Target withPassword = new FsSupervisor.Target(target.host(), target.port(),
                target.password().clone(), target.format(), target.events());
        this.supervisor = new FsSupervisor(id, withPassword, config, clock, dispatcher, store,
                new FsStateFeed(store, clock), new FsCallQualityTap(window));
        this.calls = new FsCallControl(supervisor, store, clock, parkingLot, firstSlot, lastSlot);
        this.queues = new FsQueueMonitor(supervisor, clock);
        this.health = new FsHealthCheck(supervisor, store, window, clock);
    }

    /** Connects the session (blocking). */
    public void connect() {
        supervisor.connect();
    }

    /** The PBX id. */
    public String id() {
        return id;
    }

    /** The settings. */
    public PbxConfig config() {
        return config;
    }

    /** The event bus. */
    public EventDispatcher dispatcher() {
        return dispatcher;
    }

    /** The live state. */
    public LiveStateStore store() {
        return store;
    }

    /** The session supervisor. */
    public FsSupervisor supervisor() {
        return supervisor;
    }

    /** Call control. */
    public CallControl calls() {
        return calls;
    }

    /** Queue monitor over mod_callcenter. */
    public QueueMonitor queues() {
        return queues;
    }

    /** Health checks. */
    public HealthCheck health() {
        return health;
    }

    /** Id and address (never the password). */
    public String describe() {
        return id + ", " + address;
    }

    /** Closes the session (publishing CLOSED), then the dispatcher. Idempotent. */
    @Override
    public void close() {
        try {
            supervisor.close();
        } catch (RuntimeException e) {
            LOG.warn("PBX {}: closing the ESL session failed: {}", id, e.toString());
        }
        dispatcher.close();
    }
}
