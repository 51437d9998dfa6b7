package io.voipkit.freeswitch.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An inbound ESL client that stays connected: it owns one {@link EslConnection} at a time,
 * remembers what was subscribed ({@code event}, {@code filter}, {@code myevents},
 * {@code divert_events}, {@code log}) and, when the connection drops, reconnects with
 * exponential random backoff (resilience4j {@link IntervalFunction}) forever until closed,
 * re-applying the subscriptions in the order they were made.
 *
 * <p>A refused password or an ACL rejection is a configuration error, not an outage: the first
 * {@link #connect()} throws {@link PbxActionFailedException} (action {@code auth}); met during a
 * reconnect, it ends the client ({@code CLOSED}) with an ERROR log line instead of retrying.
 *
 * <p>{@code BACKGROUND_JOB} is always part of the subscription, and {@code Event-Name
 * BACKGROUND_JOB} is added as a filter whenever filters are in use, because {@code bgapi} results
 * only arrive as those events (filters OR together; fact from the event-filter transcript).
 *
 * <p>Commands issued while disconnected fail fast with {@link PbxNotConnectedException}.
 * Thread-safe.
 */
public final class EslInboundClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EslInboundClient.class);
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_:]+");

    /** Event serialization requested with {@code event <format> ...}. */
    public enum Format { PLAIN, JSON, XML }

    private final EslConnectionConfig base;
    private final IntervalFunction backoff;
    private final Consumer<ConnectionState> stateListener;
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.NEW);
    private final ScheduledExecutorService scheduler;

    // Subscription state, guarded by "this"; re-applied after every reconnect.
    private Format format = Format.PLAIN;
    private final Set<String> events = new LinkedHashSet<>();
    private final List<String[]> filters = new ArrayList<>();
    private String myEventsUuid;
    private boolean divertEvents;
    private String logLevel;

    private volatile EslConnection connection;
    private int attempt;
    /** At most one reconnect attempt is scheduled at a time, whoever notices the loss first. */
    private final java.util.concurrent.atomic.AtomicBoolean reconnectScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param config        connection settings; its disconnect listener is replaced by the client's
     * @param initialDelay  first reconnect delay
     * @param maxDelay      longest reconnect delay
     * @param stateListener told of every state change (on the client's threads; must be fast)
     */
    public EslInboundClient(EslConnectionConfig config, Duration initialDelay, Duration maxDelay,
                            Consumer<ConnectionState> stateListener) {
        this.base = Checks.notNull(config, "config");
        Checks.positive(initialDelay, "initialDelay");
        Checks.atMost(initialDelay, Checks.positive(maxDelay, "maxDelay"), "initialDelay");
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(initialDelay, 2.0, 0.2, maxDelay);
        this.stateListener = Checks.notNull(stateListener, "stateListener");
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "voipkit-esl-reconnect-" + config.host() + ":" + config.port());
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
    }

    /** Current state: NEW, CONNECTING, CONNECTED, RECONNECTING or CLOSED. */
    public ConnectionState state() {
        return state.get();
    }

    /**
     * Connects and authenticates, blocking within the connect timeout, and applies the
     * subscriptions made so far.
     *
     * @throws PbxActionFailedException (action {@code auth}) on a bad password or ACL refusal
     * @throws PbxNotConnectedException when FreeSWITCH cannot be reached (the client may be
     *                                  connected again later)
     * @throws IllegalStateException    when already connected or closed
     */
    public void connect() {
        if (!state.compareAndSet(ConnectionState.NEW, ConnectionState.CONNECTING)) {
            throw new IllegalStateException("connect() needs a NEW client; state is " + state.get());
        }
        stateListener.accept(ConnectionState.CONNECTING);
        try {
            open();
        } catch (RuntimeException e) {
            setState(e instanceof PbxActionFailedException ? ConnectionState.CLOSED : ConnectionState.NEW);
            throw e;
        }
        setState(ConnectionState.CONNECTED);
    }

    private void open() {
        EslConnection c = new EslConnection(base.toBuilder().disconnectListener(this::lost).build());
        c.connect();
        connection = c;
        try {
            reapply(c);
        } catch (RuntimeException e) {
            connection = null;
            c.close();
            throw e;
        }
    }

    private void reapply(EslConnection c) {
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            // Always at least BACKGROUND_JOB: without it no bgapi result ever arrives (found by FreeSwitchEslIT).
            lines.add(eventLine());
            if (!filters.isEmpty()) {
                lines.add("filter Event-Name BACKGROUND_JOB");
                for (String[] f : filters) {
                    lines.add("filter " + f[0] + " " + f[1]);
                }
            }
            if (myEventsUuid != null) {
                lines.add("myevents " + myEventsUuid);
            }
            if (divertEvents) {
                lines.add("divert_events on");
            }
            if (logLevel != null) {
                lines.add("log " + logLevel);
            }
        }
        for (String line : lines) {
            await(c.command(line), line);
        }
    }

    private String eventLine() {
        StringBuilder sb = new StringBuilder("event ").append(format.name().toLowerCase(Locale.ROOT));
        for (String e : events) {
            sb.append(' ').append(e);
        }
        if (!events.contains("ALL") && !events.contains("BACKGROUND_JOB")) {
            sb.append(" BACKGROUND_JOB");
        }
        return sb.toString();
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(base.commandTimeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PbxNotConnectedException("ESL " + what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new io.voipkit.core.PbxTimeoutException(what, base.commandTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxNotConnectedException("Interrupted during ESL " + what, e);
        }
    }

    private void lost(String reason, Throwable cause) {
        if (state.get() == ConnectionState.CLOSED) {
            return;
        }
        connection = null;
        setState(ConnectionState.RECONNECTING);
        synchronized (this) {
            attempt = 0;
        }
        schedule();
    }

    private void schedule() {
        if (!reconnectScheduled.compareAndSet(false, true)) {
            return;
        }
        long delay;
        synchronized (this) {
            attempt++;
            delay = backoff.apply(attempt);
        }
        try {
            scheduler.schedule(this::reconnectOnce, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void reconnectOnce() {
        reconnectScheduled.set(false);
        if (state.get() != ConnectionState.RECONNECTING) {
            return;
        }
        try {
            open();
            if (state.get() == ConnectionState.CLOSED) { // closed while we were connecting
                EslConnection c = connection;
                if (c != null) {
                    c.close();
                }
                return;
            }
            LOG.info("ESL reconnected to {}:{}", base.host(), base.port());
            setState(ConnectionState.CONNECTED);
        } catch (PbxActionFailedException e) {
            if (EslConnection.AUTH.equals(e.action())) {
                LOG.error("ESL {}:{} refuses this client ({}); not retrying: fix the configuration and reconnect",
                        base.host(), base.port(), e.getMessage());
                setState(ConnectionState.CLOSED);
                scheduler.shutdownNow();
                return;
            }
            LOG.warn("ESL re-subscription on {}:{} failed: {}; retrying", base.host(), base.port(), e.getMessage());
            schedule();
        } catch (RuntimeException e) {
            LOG.info("ESL reconnect to {}:{} failed (attempt {}): {}", base.host(), base.port(), attempt, e.getMessage());
            schedule();
        }
    }

    private void setState(ConnectionState s) {
        ConnectionState prev = state.getAndSet(s);
        if (prev != s) {
            try {
                stateListener.accept(s);
            } catch (RuntimeException e) {
                LOG.error("ESL state listener threw", e);
            }
        }
    }

    private EslConnection current(String what) {
        EslConnection c = connection;
        if (c == null || !c.isConnected()) {
            throw new PbxNotConnectedException("Cannot send " + what + ": no ESL session to " + base.host() + ":"
                    + base.port() + " (state " + state.get() + ")");
        }
        return c;
    }

    // ---------------------------------------------------------------- commands

    /** {@code api}: see {@link EslConnection#api}. Fails fast when disconnected. */
    public CompletableFuture<String> api(String command, String args) {
        EslCommand.join(command, args, "command");
        return current("api " + command).api(command, args);
    }

    /** {@code bgapi}: see {@link EslConnection#bgapi}. Fails fast when disconnected. */
    public CompletableFuture<String> bgapi(String command, String args) {
        EslCommand.join(command, args, "command");
        return current("bgapi " + command).bgapi(command, args, null);
    }

    /** {@code sendevent}: see {@link EslConnection#sendEvent}. */
    public CompletableFuture<String> sendEvent(String name, List<Map.Entry<String, String>> headers, String body) {
        EslCommand.encode("sendevent " + Checks.wireText(name, "eventName"), headers, body);
        return current("sendevent").sendEvent(name, headers, body);
    }

    /** {@code sendmsg <uuid>}: see {@link EslConnection#sendMsg}. */
    public CompletableFuture<String> sendMsg(String uuid, List<Map.Entry<String, String>> headers, String body) {
        EslCommand.encode("sendmsg " + Checks.wireText(uuid, "uuid"), headers, body);
        return current("sendmsg").sendMsg(uuid, headers, body);
    }

    /** {@code sendmsg <uuid>} executing {@code app} with {@code arg}; FreeSWITCH answers before the app runs. */
    public CompletableFuture<String> execute(String uuid, String app, String arg) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(Map.entry("call-command", "execute"));
        h.add(Map.entry("execute-app-name", Checks.wireText(app, "app")));
        if (arg != null && !arg.isEmpty()) {
            h.add(Map.entry("execute-app-arg", Checks.noLineBreaks(arg, "arg")));
        }
        return sendMsg(uuid, h, null);
    }

    /** {@code sendmsg <uuid>} hanging the channel up with {@code cause} (for example {@code NORMAL_CLEARING}). */
    public CompletableFuture<String> hangup(String uuid, String cause) {
        return sendMsg(uuid, List.of(Map.entry("call-command", "hangup"),
                Map.entry("hangup-cause", Checks.wireText(cause, "cause"))), null);
    }

    // ---------------------------------------------------------------- subscriptions

    /**
     * Subscribes to events (additive, like FreeSWITCH's {@code event}); remembered for reconnects.
     * Names are event names ({@code CHANNEL_ANSWER}), {@code ALL}, {@code CUSTOM} followed by
     * subclasses ({@code sofia::register}).
     */
    public CompletableFuture<String> subscribe(Format format, String... names) {
        Checks.notNull(format, "format");
        if (names == null || names.length == 0) {
            throw new InvalidRequestException("names", "at least one event name (or ALL)");
        }
        for (String n : names) {
            if (n == null || !EVENT_NAME.matcher(n).matches()) {
                throw new InvalidRequestException("names", "not an event name: " + Checks.abbreviate(String.valueOf(n)));
            }
        }
        String line;
        synchronized (this) {
            this.format = format;
            events.addAll(List.of(names));
            line = eventLine();
        }
        return sendIfConnected(line);
    }

    /**
     * {@code noevents}: forgets every subscription and filter, then subscribes
     * {@code BACKGROUND_JOB} again (consumed by {@code bgapi}, never delivered to the sink).
     */
    public CompletableFuture<String> unsubscribeAll() {
        String line;
        synchronized (this) {
            events.clear();
            filters.clear();
            line = eventLine();
        }
        EslConnection c = connection;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.completedFuture("remembered; applied on connect");
        }
        return c.command("noevents").thenCompose(r -> c.command(line));
    }

    /**
     * {@code filter <header> <value>}: only events matching at least one filter flow (filters OR
     * together; a value {@code /regex/} is a regular expression, applied by FreeSWITCH).
     */
    public CompletableFuture<String> addFilter(String header, String value) {
        Checks.wireText(header, "header");
        Checks.wireText(value, "value");
        if (header.indexOf(' ') >= 0) {
            throw new InvalidRequestException("header", "must be one word: " + Checks.abbreviate(header));
        }
        boolean first;
        synchronized (this) {
            first = filters.isEmpty();
            filters.add(new String[] {header, value});
        }
        EslConnection c = connection;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.completedFuture("remembered; applied on connect");
        }
        if (first) {
            c.command("filter Event-Name BACKGROUND_JOB");
        }
        return c.command("filter " + header + " " + value);
    }

    /** {@code filter delete <header> <value>}. */
    public CompletableFuture<String> deleteFilter(String header, String value) {
        Checks.wireText(header, "header");
        Checks.wireText(value, "value");
        synchronized (this) {
            filters.removeIf(f -> f[0].equals(header) && f[1].equals(value));
        }
        return sendIfConnected("filter delete " + header + " " + value);
    }

    /** {@code myevents <uuid>}: only that channel's events. */
    public CompletableFuture<String> myEvents(String uuid) {
        Checks.wireText(uuid, "uuid");
        synchronized (this) {
            myEventsUuid = uuid;
        }
        return sendIfConnected("myevents " + uuid);
    }

    /** {@code divert_events on|off}. */
    public CompletableFuture<String> divertEvents(boolean on) {
        synchronized (this) {
            divertEvents = on;
        }
        return sendIfConnected("divert_events " + (on ? "on" : "off"));
    }

    /** {@code log <level>} (0-7 or a name such as {@code debug}); frames go to the log sink. */
    public CompletableFuture<String> log(String level) {
        Checks.wireText(level, "level");
        if (level.indexOf(' ') >= 0) {
            throw new InvalidRequestException("level", "one word: " + Checks.abbreviate(level));
        }
        synchronized (this) {
            logLevel = level;
        }
        return sendIfConnected("log " + level);
    }

    /** {@code nolog}. */
    public CompletableFuture<String> noLog() {
        synchronized (this) {
            logLevel = null;
        }
        return sendIfConnected("nolog");
    }

    private CompletableFuture<String> sendIfConnected(String line) {
        EslConnection c = connection;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.completedFuture("remembered; applied on connect");
        }
        return c.command(line);
    }

    /** Sends {@code exit}, closes the connection and stops reconnecting. Idempotent. */
    @Override
    public void close() {
        setState(ConnectionState.CLOSED);
        scheduler.shutdownNow();
        EslConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    /** Address and state; never the password. */
    @Override
    public String toString() {
        return "EslInboundClient{" + base.host() + ":" + base.port() + ", " + state.get() + "}";
    }
}
