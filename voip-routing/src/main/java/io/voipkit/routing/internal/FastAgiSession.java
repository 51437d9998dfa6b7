package io.voipkit.routing.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.routing.RouteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One FastAGI conversation: read the {@code agi_*} environment (up to the blank line), ask the
 * {@link Router}, send one {@code SET VARIABLE} per decision variable and read each
 * {@code 200 result=1} answer, then close (the dialplan continues). Every line is bounded; a
 * {@code HANGUP} notice from Asterisk ends the session quietly.
 *
 * <p>When the router says {@link Hold} (the caller waits in a queue), the session first sets the
 * hold variables and starts music on hold ({@code EXEC StartMusicOnHold}, which returns at once),
 * then keeps the AGI open until the answer is ready, polling the socket every 250 ms: a
 * {@code HANGUP} line or a closed socket means the caller hung up, and the hold is abandoned. The
 * hold is bounded by its own deadline. Then music stops and the answer's variables are set.
 */
public final class FastAgiSession implements Runnable {

    /** What to answer a routing request with. */
    public sealed interface Reply permits Now, Hold {
    }

    /** Answer with these channel variables now. */
    public record Now(Map<String, String> variables) implements Reply {
    }

    /**
     * Keep the caller waiting: set {@code holdVariables}, play {@code musicClass} (or nothing when
     * {@code null}), and answer with {@code answer}'s variables once it completes; call
     * {@code abandon} if the caller hangs up or {@code maxHold} passes first (the answer is then
     * whatever {@code abandon} completed it with, or "none").
     */
    public record Hold(Map<String, String> holdVariables, String musicClass, CompletableFuture<Map<String, String>> answer,
                       Runnable abandon, Duration maxHold) implements Reply {
    }

    /** Decides for one request; may throw {@link InvalidRequestException} (answered "none"). */
    @FunctionalInterface
    public interface Router {
        /** The reply for a call; {@code env} holds the {@code agi_*} variables (for the unique id). */
        Reply route(RouteRequest request, Map<String, String> env);
    }

    /** How often a holding session looks for a hang-up. */
    static final int HOLD_POLL_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(FastAgiSession.class);

    /** Longest line accepted from Asterisk. */
    static final int MAX_LINE = 2048;
    /** Most environment lines accepted. */
    static final int MAX_ENV_LINES = 256;

    private final Socket socket;
    private final Router router;
    private final String scriptName;

    /** A session on an accepted socket (with its read timeout already set). */
    public FastAgiSession(Socket socket, Router router, String scriptName) {
        this.socket = socket;
        this.router = router;
        this.scriptName = scriptName;
    }

    @Override
    public void run() {
        try (Socket s = socket) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            Map<String, String> env = readEnvironment(in);
            if (env == null) {
                return;
            }
            Reply reply = answer(env);
            Map<String, String> vars;
            if (reply instanceof Hold hold) {
                vars = hold(s, in, out, hold);
                if (vars == null) {
                    return; // the caller hung up while waiting
                }
            } else {
                vars = ((Now) reply).variables();
            }
            setVariables(in, out, vars);
        } catch (IOException e) {
            log.debug("FastAGI session ended: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("FastAGI session failed", e);
        }
    }

    /** Sends {@code SET VARIABLE} for each; false when Asterisk is gone or refuses one. */
    private static boolean setVariables(InputStream in, OutputStream out, Map<String, String> vars) throws IOException {
        for (var e : vars.entrySet()) {
            String reply = command(in, out, "SET VARIABLE " + e.getKey() + " " + quote(e.getValue()));
            if (reply == null) {
                return false;
            }
            if (!reply.startsWith("200")) {
                log.warn("FastAGI: Asterisk answered {} to SET VARIABLE {}", abbreviate(reply), e.getKey());
                return false;
            }
        }
        return true;
    }

    /** Sends one command and returns Asterisk's answer line (skipping HANGUP notices); null at end of stream. */
    private static String command(InputStream in, OutputStream out, String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = readLine(in);
        while ("HANGUP".equals(reply)) { // the caller hung up; Asterisk still answers the command
            reply = readLine(in);
        }
        return reply;
    }

    /**
     * Holds the caller until the answer is ready; returns the variables to set, or null when the
     * caller hung up (the hold was abandoned).
     */
    private static Map<String, String> hold(Socket s, InputStream in, OutputStream out, Hold hold) throws IOException {
        if (!setVariables(in, out, hold.holdVariables())) {
            hold.abandon().run();
            return null;
        }
        if (hold.musicClass() != null && command(in, out, "EXEC StartMusicOnHold " + hold.musicClass()) == null) {
            hold.abandon().run();
            return null;
        }
        int readTimeout = s.getSoTimeout();
        long deadline = System.nanoTime() + hold.maxHold().toNanos();
        s.setSoTimeout(HOLD_POLL_MILLIS);
        try {
            while (!hold.answer().isDone()) {
                if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadline > 0) {
                    hold.abandon().run(); // server closing, or the hold outlived its bound
                    break;
                }
                String line;
                try {
                    line = readLine(in);
                } catch (SocketTimeoutException quiet) {
                    continue; // nothing from Asterisk: the caller is still there
                }
                if (line == null || line.equals("HANGUP")) {
                    hold.abandon().run();
                    return null;
                }
                log.debug("FastAGI: unexpected line while holding: {}", abbreviate(line));
            }
        } finally {
            s.setSoTimeout(readTimeout);
        }
        Map<String, String> vars;
        try {
            vars = hold.answer().isDone() ? hold.answer().get() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vars = null;
        } catch (ExecutionException e) {
            log.warn("FastAGI: the queued call's answer failed", e.getCause());
            vars = null;
        }
        if (vars == null) {
            vars = none("the call waited longer than the hold allows");
        }
        if (hold.musicClass() != null && command(in, out, "EXEC StopMusicOnHold") == null) {
            return null;
        }
        return vars;
    }

    /** The reply for an environment; never throws for bad input, answers "none" instead. */
    Reply answer(Map<String, String> env) {
        String script = env.getOrDefault("agi_network_script", "");
        int q = script.indexOf('?');
        if (q >= 0) {
            script = script.substring(0, q);
        }
        if (script.startsWith("/")) {
            script = script.substring(1);
        }
        if (!script.equals(scriptName)) {
            return new Now(none("unknown AGI script '" + abbreviate(script) + "', expected '" + scriptName + "'"));
        }
        String caller = env.containsKey("agi_arg_1") ? env.get("agi_arg_1") : env.getOrDefault("agi_callerid", "");
        String called = env.containsKey("agi_arg_2") ? env.get("agi_arg_2") : env.getOrDefault("agi_extension", "");
        if (caller.equalsIgnoreCase("unknown")) {
            caller = ""; // Asterisk's word for "no caller id"
        }
        try {
            Reply r = router.route(RouteRequest.of(caller, called), env);
            log.debug("FastAGI {} -> {}", env.get("agi_channel"), r);
            return r;
        } catch (InvalidRequestException e) {
            return new Now(none(e.getMessage()));
        }
    }

    /** The "no decision" answer with an error text: the dialplan falls back to its own routing. */
    public static Map<String, String> none(String error) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("VOIPKIT_ROUTE_ACTION", "none");
        v.put("VOIPKIT_ROUTE_TARGET", "");
        v.put("VOIPKIT_ROUTE_ERROR", error);
        return v;
    }

    /** Reads {@code name: value} lines up to the blank line; null when the peer is gone or misbehaves. */
    private static Map<String, String> readEnvironment(InputStream in) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i <= MAX_ENV_LINES; i++) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                return env;
            }
            int colon = line.indexOf(": ");
            if (colon > 0) {
                env.put(line.substring(0, colon), line.substring(colon + 2));
            } else if (line.endsWith(":")) {
                env.put(line.substring(0, line.length() - 1), "");
            }
        }
        log.warn("FastAGI: more than {} environment lines, closing", MAX_ENV_LINES);
        return null;
    }

    /** One LF-terminated line without CR/LF; null at end of stream. Throws past {@link #MAX_LINE} bytes. */
    static String readLine(InputStream in) throws IOException {
        byte[] buf = new byte[256];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return n == 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (n == MAX_LINE) {
                throw new IOException("FastAGI line longer than " + MAX_LINE + " bytes");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, n * 2));
            }
            buf[n++] = (byte) b;
        }
    }

    /** AGI argument quoting: double quotes, with backslash and quote escaped; line breaks cannot occur. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c == '\r' || c == '\n' ? ' ' : c);
        }
        return sb.append('"').toString();
    }

    private static String abbreviate(String s) {
        return io.voipkit.core.internal.Checks.abbreviate(s);
    }
}
