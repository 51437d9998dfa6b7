package io.voipkit.routing.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.routing.RouteDecision;
import io.voipkit.routing.RouteRequest;
import io.voipkit.routing.RoutingEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One FastAGI conversation: read the {@code agi_*} environment (up to the blank line), decide,
 * send one {@code SET VARIABLE} per decision variable and read each {@code 200 result=1} answer,
 * then close (the dialplan continues). Every line is bounded; a {@code HANGUP} notice from
 * Asterisk ends the session quietly.
 */
public final class FastAgiSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FastAgiSession.class);

    /** Longest line accepted from Asterisk. */
    static final int MAX_LINE = 2048;
    /** Most environment lines accepted. */
    static final int MAX_ENV_LINES = 256;

    private final Socket socket;
    private final RoutingEngine engine;
    private final String scriptName;

    /** A session on an accepted socket (with its read timeout already set). */
    public FastAgiSession(Socket socket, RoutingEngine engine, String scriptName) {
        this.socket = socket;
        this.engine = engine;
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
            Map<String, String> vars = answer(env);
            for (var e : vars.entrySet()) {
                out.write(("SET VARIABLE " + e.getKey() + " " + quote(e.getValue()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String reply = readLine(in);
                while ("HANGUP".equals(reply)) { // the caller hung up; Asterisk still answers the command
                    reply = readLine(in);
                }
                if (reply == null) {
                    return;
                }
                if (!reply.startsWith("200")) {
                    log.warn("FastAGI: Asterisk answered {} to SET VARIABLE {}", abbreviate(reply), e.getKey());
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("FastAGI session ended: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("FastAGI session failed", e);
        }
    }

    /** The decision variables for an environment; never throws for bad input, answers "none" instead. */
    Map<String, String> answer(Map<String, String> env) {
        String script = env.getOrDefault("agi_network_script", "");
        int q = script.indexOf('?');
        if (q >= 0) {
            script = script.substring(0, q);
        }
        if (script.startsWith("/")) {
            script = script.substring(1);
        }
        if (!script.equals(scriptName)) {
            return none("unknown AGI script '" + abbreviate(script) + "', expected '" + scriptName + "'");
        }
        String caller = env.containsKey("agi_arg_1") ? env.get("agi_arg_1") : env.getOrDefault("agi_callerid", "");
        String called = env.containsKey("agi_arg_2") ? env.get("agi_arg_2") : env.getOrDefault("agi_extension", "");
        if (caller.equalsIgnoreCase("unknown")) {
            caller = ""; // Asterisk's word for "no caller id"
        }
        try {
            RouteDecision d = engine.decide(RouteRequest.of(caller, called));
            log.debug("FastAGI {} -> {}", env.get("agi_channel"), d);
            return d.channelVariables();
        } catch (InvalidRequestException e) {
            return none(e.getMessage());
        }
    }

    private static Map<String, String> none(String error) {
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
