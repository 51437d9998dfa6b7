package io.voipkit.freeswitch.internal;

import io.voipkit.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One call that FreeSWITCH handed to us with the {@code socket} dialplan application (outbound
 * mode). Created by {@link EslOutboundServer} after {@code connect}; user code drives the call
 * through it on the server's executor, and the session is closed when that code returns.
 *
 * <p>Every command argument is validated like the inbound client's (CR/LF →
 * {@link io.voipkit.core.InvalidRequestException}). Thread-safe.
 */
public final class EslOutboundSession implements AutoCloseable {

    private final EslConnection connection;
    private final EslMessage channelData;

    EslOutboundSession(EslConnection connection, EslMessage channelData) {
        this.connection = connection;
        this.channelData = channelData;
    }

    /** The {@code connect} reply: the channel's data, values raw (URL-encoded). */
    public EslMessage channelData() {
        return channelData;
    }

    /** The channel's {@code Unique-ID}. */
    public String uniqueId() {
        return channelData.getDecoded("Unique-ID");
    }

    /** A channel data header, URL-decoded (for example {@code Caller-Caller-ID-Number}), or {@code null}. */
    public String header(String name) {
        return channelData.getDecoded(name);
    }

    /** The value of channel variable {@code name} at connect time ({@code variable_<name>}), or {@code null}. */
    public String variable(String name) {
        return channelData.getDecoded("variable_" + Checks.wireText(name, "name"));
    }

    /**
     * {@code getvar <name>}: the variable's current value, or {@code null} when it is unset
     * (FreeSWITCH answers the bare value as Reply-Text, and {@code -ERR command not found} for an
     * unset one).
     */
    public CompletableFuture<String> getVar(String name) {
        Checks.wireText(name, "name");
        return connection.sendRaw(EslCommand.join("getvar", name, "command"))
                .thenApply(r -> {
                    String t = r.replyText();
                    return t == null || t.startsWith("-ERR") ? null : t;
                });
    }

    /** An ESL command answered {@code +OK} ({@code myevents}, {@code linger}, {@code nolinger}, {@code event ...}). */
    public CompletableFuture<String> command(String line) {
        return connection.command(line);
    }

    /** {@code api}: see {@link EslConnection#api}. */
    public CompletableFuture<String> api(String command, String args) {
        return connection.api(command, args);
    }

    /** {@code sendmsg} to this channel ({@code uuid == null}) or another; see {@link EslConnection#sendMsg}. */
    public CompletableFuture<String> sendMsg(String uuid, List<Map.Entry<String, String>> headers, String body) {
        return connection.sendMsg(uuid, headers, body);
    }

    /**
     * Executes dialplan application {@code app} with {@code arg} on this channel;
     * {@code eventLock} makes FreeSWITCH run queued applications one after another. The reply
     * ({@code +OK}) comes before the application runs; its end is a
     * {@code CHANNEL_EXECUTE_COMPLETE} event.
     */
    public CompletableFuture<String> execute(String app, String arg, boolean eventLock) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(Map.entry("call-command", "execute"));
        h.add(Map.entry("execute-app-name", Checks.wireText(app, "app")));
        if (eventLock) {
            h.add(Map.entry("event-lock", "true"));
        }
        if (arg != null && !arg.isEmpty()) {
            h.add(Map.entry("execute-app-arg", Checks.noLineBreaks(arg, "arg")));
        }
        return sendMsg(null, h, null);
    }

    /** Hangs this channel up with {@code cause} (for example {@code NORMAL_CLEARING}). */
    public CompletableFuture<String> hangup(String cause) {
        return sendMsg(null, List.of(Map.entry("call-command", "hangup"),
                Map.entry("hangup-cause", Checks.wireText(cause, "cause"))), null);
    }

    /** {@code true} while FreeSWITCH keeps the socket open. */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /** Sends {@code exit} if still connected and closes the socket. Idempotent. */
    @Override
    public void close() {
        connection.close();
    }

    /** The channel's uuid and state; never variables (they hold customer data). */
    @Override
    public String toString() {
        return "EslOutboundSession{" + uniqueId() + ", " + connection.state() + "}";
    }
}
