package io.voipkit.core;

/**
 * The state of the session between voipkit and one PBX.
 *
 * <pre>
 * NEW ── connect() ──► CONNECTING ──► CONNECTED ──(lost)──► RECONNECTING ──► CONNECTED ...
 *                          │                                     │
 *                          └──────────── close() ───────────────►└──► CLOSED
 * </pre>
 */
public enum ConnectionState {
    /** Created, {@code connect()} not called yet. */
    NEW,
    /** The first connection attempt is in progress. */
    CONNECTING,
    /** Logged in and the live state is synchronised with the PBX. */
    CONNECTED,
    /** The connection was lost; voipkit retries with backoff. Actions fail fast. */
    RECONNECTING,
    /** Closed by the application; nothing is retried any more. */
    CLOSED;

    /** Whether actions can be sent in this state. */
    public boolean isUsable() {
        return this == CONNECTED;
    }
}
