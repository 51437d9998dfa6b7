package io.voipkit.core;

import io.voipkit.core.event.EventBus;

/**
 * One PBX (an Asterisk or FreeSWITCH server) that voipkit drives and watches: the entry point of
 * the API. Adapters create instances ({@code AsteriskPbx.builder()}, {@code FreeSwitchPbx.builder()},
 * a {@link io.voipkit.core.spi.PbxProvider}); several live side by side in one process, each with
 * its own {@link #id()}, and a {@link PbxRegistry} can hold them.
 *
 * <pre>{@code
 * try (Pbx pbx = AsteriskPbx.builder().host("127.0.0.1").username("monitor").secret(secret).build()) {
 *     pbx.connect();
 *     OriginateResult r = pbx.calls().originate(
 *             OriginateRequest.toExtension("PJSIP/101-ep", "200", "internal").build());
 *     QueueSummary s = pbx.queues().summary("support");
 *     try (Subscription sub = pbx.events().subscribe(CallEnded.class, e -> log.info("{}", e))) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p><b>Life cycle.</b> {@link ConnectionState#NEW} until {@link #connect()}; then the adapter keeps
 * the session alive and reconnects with backoff ({@link PbxConfig}) until {@link #close()}. While
 * not {@link ConnectionState#CONNECTED}, actions fail fast with {@link PbxNotConnectedException};
 * {@link #state()} keeps the last known state and {@link #events()} keeps its subscriptions.
 *
 * <p><b>Threading.</b> Implementations are thread-safe.
 */
public interface Pbx extends AutoCloseable {

    /** This PBX's id, unique within the application (letters, digits, {@code . _ -}). */
    String id();

    /** Which PBX software this is. */
    PbxKind kind();

    /**
     * Connects, logs in and synchronises the live state, blocking until done (at most
     * {@link PbxConfig#connectTimeout()} for the login plus {@link PbxConfig#resyncTimeout()} for
     * the synchronisation). Calling it again while connected does nothing. After a failed first
     * connect nothing is retried; call it again.
     *
     * @throws PbxNotConnectedException when the PBX cannot be reached (refused, unreachable,
     *                                  no greeting in time), with the address and cause
     * @throws PbxActionFailedException when the PBX refuses the login (for example
     *                                  {@code Authentication failed})
     * @throws IllegalStateException    when this PBX was closed
     */
    void connect();

    /** The state of the session now. */
    ConnectionState connectionState();

    /** Call control: originate, hang up, transfer, park, spy, bridge, DTMF, recording. */
    CallControl calls();

    /** Queue status and administration. */
    QueueMonitor queues();

    /** Health checks. */
    HealthCheck health();

    /** The live state of endpoints, channels, calls and queues, fed by events. */
    LiveState state();

    /** This PBX's events; subscriptions survive reconnects and end with {@link #close()}. */
    EventBus events();

    /** The settings this PBX was built with. */
    PbxConfig config();

    /**
     * Logs off, closes the connection, stops reconnecting and ends every event subscription.
     * Idempotent; never throws a checked exception. The state becomes {@link ConnectionState#CLOSED}.
     */
    @Override
    void close();
}
