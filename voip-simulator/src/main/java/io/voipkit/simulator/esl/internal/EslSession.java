package io.voipkit.simulator.esl.internal;

import io.voipkit.simulator.internal.Outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One inbound Event Socket client: a reader thread that parses commands and answers them against
 * the {@link FsModel}, a writer thread draining a bounded queue of whole frames (frames never
 * interleave; a client that does not read is disconnected with a log line), and the client's
 * subscription: format, event names, CUSTOM subclasses, filters, log level.
 *
 * <p>Thread-safe: event fan-out calls {@link #offerEvent} from model threads.
 */
final class EslSession {
    private static final Logger LOG = LoggerFactory.getLogger(EslSession.class);
    /** Client-side limits: a longer line, more headers or a larger body closes the connection. */
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_HEADERS = 256;
    static final int MAX_BODY = 1 << 20;
    static final byte[] DISCONNECT_NOTICE = ("Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
            + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n").getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> EVENT_NAMES = Set.of("CUSTOM", "CLONE", "CHANNEL_CREATE", "CHANNEL_DESTROY", "CHANNEL_STATE",
            "CHANNEL_CALLSTATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_EXECUTE",
            "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HOLD", "CHANNEL_UNHOLD", "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE", "CHANNEL_PROGRESS",
            "CHANNEL_PROGRESS_MEDIA", "CHANNEL_OUTGOING", "CHANNEL_PARK", "CHANNEL_UNPARK", "CHANNEL_APPLICATION", "CHANNEL_ORIGINATE",
            "CHANNEL_UUID", "API", "LOG", "INBOUND_CHAN", "OUTBOUND_CHAN", "STARTUP", "SHUTDOWN", "PUBLISH", "UNPUBLISH", "TALK",
            "NOTALK", "SESSION_CRASH", "MODULE_LOAD", "MODULE_UNLOAD", "DTMF", "MESSAGE", "PRESENCE_IN", "NOTIFY_IN", "PRESENCE_OUT",
            "PRESENCE_PROBE", "MESSAGE_WAITING", "MESSAGE_QUERY", "ROSTER", "CODEC", "BACKGROUND_JOB", "DETECTED_SPEECH",
            "DETECTED_TONE", "PRIVATE_COMMAND", "HEARTBEAT", "TRAP", "ADD_SCHEDULE", "DEL_SCHEDULE", "EXE_SCHEDULE", "RE_SCHEDULE",
            "RELOADXML", "NOTIFY", "PHONE_FEATURE", "PHONE_FEATURE_SUBSCRIBE", "SEND_MESSAGE", "RECV_MESSAGE", "REQUEST_PARAMS",
            "CHANNEL_DATA", "GENERAL", "COMMAND", "SESSION_HEARTBEAT", "CLIENT_DISCONNECTED", "SERVER_DISCONNECTED", "SEND_INFO",
            "RECV_INFO", "RECV_RTCP_MESSAGE", "SEND_RTCP_MESSAGE", "CALL_SECURE", "NAT", "RECORD_START", "RECORD_STOP",
            "PLAYBACK_START", "PLAYBACK_STOP", "CALL_UPDATE", "FAILURE", "SOCKET_DATA", "MEDIA_BUG_START", "MEDIA_BUG_STOP",
            "CONFERENCE_DATA_QUERY", "CONFERENCE_DATA", "CALL_SETUP_REQ", "CALL_SETUP_RESULT", "CALL_DETAIL", "DEVICE_STATE", "TEXT",
            "SHUTDOWN_REQUESTED", "ALL");
    private static final List<String> LOG_LEVELS = List.of("console", "alert", "crit", "err", "warning", "notice", "info", "debug");

    private final Socket socket;
    private final EslServer server;
    private final Outbox outbox;
    private final int id;
    private volatile boolean authenticated;
    private volatile int logLevel = -1;

    // Subscription, guarded by this.
    private FsEvent.Format format;
    private boolean all;
    private final Set<String> names = new HashSet<>();
    private final Set<String> nixed = new HashSet<>();
    private final Set<String> subclasses = new HashSet<>();
    private final List<String[]> filters = new ArrayList<>();
    private int holding;
    private final List<byte[]> held = new ArrayList<>();

    EslSession(Socket socket, EslServer server, int queueCapacity, int id) {
        this.socket = socket;
        this.server = server;
        this.id = id;
        this.outbox = new Outbox(socket, queueCapacity, "esl", "frames", LOG, OutputStream::write, () -> server.removed(this));
    }

    void start() {
        outbox.start("Content-Type: auth/request\n\n".getBytes(StandardCharsets.US_ASCII), this::readLoop, id);
    }

    // ------------------------------------------------------------------ reading

    /** A command block: first line, headers, optional body. */
    record Command(String line, List<String[]> headers, String body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    static final class FrameTooLargeException extends IOException {
        FrameTooLargeException(String message) {
            super(message);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (buf.size() >= MAX_LINE) {
                throw new FrameTooLargeException("line longer than " + MAX_LINE + " bytes");
            }
            buf.write(b);
        }
    }

    /** The next command, or {@code null} at end of stream. Blank lines between commands are skipped. */
    static Command readCommand(InputStream in) throws IOException {
        String first;
        do {
            first = readLine(in);
            if (first == null) {
                return null;
            }
        } while (first.isEmpty());
        List<String[]> headers = new ArrayList<>();
        for (String l; (l = readLine(in)) != null && !l.isEmpty(); ) {
            if (headers.size() >= MAX_HEADERS) {
                throw new FrameTooLargeException("more than " + MAX_HEADERS + " headers");
            }
            int c = l.indexOf(':');
            headers.add(c < 0 ? new String[] {l.trim(), ""} : new String[] {l.substring(0, c).trim(), l.substring(c + 1).trim()});
        }
        String body = null;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Content-Length")) {
                int n;
                try {
                    n = Integer.parseInt(h[1]);
                } catch (NumberFormatException e) {
                    throw new FrameTooLargeException("Content-Length '" + h[1] + "' is not a number");
                }
                if (n < 0 || n > MAX_BODY) {
                    throw new FrameTooLargeException("Content-Length " + n + " outside 0.." + MAX_BODY);
                }
                byte[] b = in.readNBytes(n);
                if (b.length < n) {
                    return null;
                }
                body = new String(b, StandardCharsets.UTF_8);
            }
        }
        return new Command(first, headers, body);
    }

    private void readLoop() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            while (!outbox.isEnding()) {
                Command c = readCommand(in);
                if (c == null) {
                    break;
                }
                handle(c);
            }
        } catch (FrameTooLargeException e) {
            LOG.warn("ESL client {} sent an oversized or malformed command ({}); closing the connection", remote(), e.getMessage());
        } catch (IOException e) {
            if (!outbox.isClosed()) {
                LOG.debug("ESL client {} read failed: {}", remote(), e.toString());
            }
        } catch (RuntimeException e) {
            // Hostile or unexpected input must never take the server down: drop this client only.
            LOG.warn("ESL client {} caused an internal error; closing it", remote(), e);
        } finally {
            closeAfterFlush();
        }
    }

    // ------------------------------------------------------------------ commands

    private void reply(String text) {
        sendRaw(("Content-Type: command/reply\nReply-Text: " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] apiResponse(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("Content-Type: api/response\nContent-Length: " + b.length + "\n\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + b.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(b, 0, out, head.length, b.length);
        return out;
    }

    private void handle(Command c) throws IOException {
        String line = c.line();
        int sp = line.indexOf(' ');
        String word = sp < 0 ? line : line.substring(0, sp);
        String rest = sp < 0 ? null : line.substring(sp + 1);
        if (!authenticated) {
            if (word.equals("auth")) {
                if (rest != null && server.passwordMatches(rest.trim())) {
                    authenticated = true;
                    reply("+OK accepted");
                } else {
                    reply("-ERR invalid");
                    sendRaw(DISCONNECT_NOTICE);
                    closeAfterFlush();
                }
            } else {
                reply("-ERR command not found");
            }
            return;
        }
        FsModel model = server.model();
        switch (word) {
            case "api" -> {
                if (rest == null) {
                    reply("-ERR command not found");
                    return;
                }
                int s2 = rest.indexOf(' ');
                String cmd = s2 < 0 ? rest : rest.substring(0, s2);
                String args = s2 < 0 ? "" : rest.substring(s2 + 1);
                if (cmd.equals("msleep")) {
                    sleep(args);
                }
                hold();
                try {
                    apiEvent(model, cmd, args);
                    sendRaw(apiResponse(model.api(cmd, args)));
                } finally {
                    release();
                }
            }
            case "bgapi" -> {
                if (rest == null || rest.isBlank()) {
                    reply("-ERR command not found");
                    return;
                }
                String job = c.header("Job-UUID");
                String jobUuid = job != null && !job.isBlank() ? job : model.uuid();
                sendRaw(("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + jobUuid + "\nJob-UUID: " + jobUuid + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                int s2 = rest.indexOf(' ');
                String cmd = s2 < 0 ? rest : rest.substring(0, s2);
                String args = s2 < 0 ? "" : rest.substring(s2 + 1);
                long delay = cmd.equals("msleep") ? parseLong(args, 0) : 0;
                server.scheduler().schedule(() -> backgroundJob(model, jobUuid, cmd, args), delay, TimeUnit.MILLISECONDS);
            }
            case "event" -> event(rest);
            case "nixevent" -> nixevent(rest);
            case "noevents" -> {
                synchronized (this) {
                    if (format == null) {
                        reply("-ERR not listening for events");
                        return;
                    }
                    format = null;
                    all = false;
                    names.clear();
                    nixed.clear();
                    subclasses.clear();
                    filters.clear();
                }
                reply("+OK no longer listening for events");
            }
            case "filter" -> filter(rest);
            case "myevents" -> {
                List<String> w = FsModel.splitArgs(rest);
                if (w.isEmpty() || model.channel(w.get(0)) == null) {
                    reply("-ERR invalid uuid");
                    return;
                }
                FsEvent.Format f = w.size() > 1 ? FsEvent.Format.parse(w.get(1)) : FsEvent.Format.PLAIN;
                synchronized (this) {
                    format = f == null ? FsEvent.Format.PLAIN : f;
                    all = true;
                    filters.clear();
                    filters.add(new String[] {"Unique-ID", w.get(0)});
                }
                reply("+OK Events Enabled");
            }
            case "divert_events" -> reply("-ERR not controlling a session.");
            case "linger", "nolinger", "getvar", "resume", "connect" -> reply("-ERR not controlling a session");
            case "sendevent" -> sendevent(model, rest, c);
            case "sendmsg" -> {
                String uuid = rest == null ? "" : rest.trim();
                if (uuid.isEmpty()) {
                    uuid = c.header("Unique-ID") == null ? "" : c.header("Unique-ID");
                }
                // The reply comes before the events of the application it started (outbound-connect.txt).
                hold();
                try {
                    reply(model.sendmsg(uuid, c.header("call-command"), c.header("execute-app-name"),
                            c.header("execute-app-arg") != null ? c.header("execute-app-arg") : c.body(), c.header("hangup-cause")));
                } finally {
                    release();
                }
            }
            case "log" -> {
                String arg = rest == null ? "" : rest.trim();
                int level;
                if (arg.isEmpty()) {
                    level = 7;
                } else if (arg.matches("[0-7]")) {
                    level = Integer.parseInt(arg);
                } else if (LOG_LEVELS.contains(arg.toLowerCase(java.util.Locale.ROOT))) {
                    level = LOG_LEVELS.indexOf(arg.toLowerCase(java.util.Locale.ROOT));
                } else {
                    reply("-ERR invalid log level");
                    return;
                }
                logLevel = level;
                reply("+OK log level " + arg + " [" + level + "]");
            }
            case "nolog" -> {
                if (logLevel < 0) {
                    reply("-ERR not loging");
                } else {
                    logLevel = -1;
                    reply("+OK no longer logging");
                }
            }
            case "exit" -> {
                reply("+OK bye");
                sendRaw(DISCONNECT_NOTICE);
                closeAfterFlush();
            }
            default -> reply("-ERR command not found");
        }
    }

    private static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void sleep(String millis) {
        try {
            Thread.sleep(Math.min(60_000, Math.max(0, parseLong(millis, 0))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void apiEvent(FsModel model, String cmd, String args) {
        synchronized (model) {
            FsEvent e = EventTemplates.create("API");
            e.replace("API-Command", cmd);
            if (args.isEmpty()) {
                e.removePrefix("API-Command-Argument");
            } else {
                e.set("API-Command-Argument", args);
            }
            model.emit(e);
        }
    }

    private static void backgroundJob(FsModel model, String jobUuid, String cmd, String args) {
        try {
            String result = model.api(cmd, args);
            synchronized (model) {
                FsEvent e = EventTemplates.create("BACKGROUND_JOB");
                e.replace("Job-UUID", jobUuid);
                e.replace("Job-Command", cmd);
                if (args.isEmpty()) {
                    e.removePrefix("Job-Command-Arg");
                } else {
                    e.set("Job-Command-Arg", args);
                }
                e.body(result);
                model.emit(e);
            }
        } catch (RuntimeException e) {
            LOG.warn("ESL simulator: background job {} {} failed", cmd, args, e);
        }
    }

    private void event(String rest) {
        List<String> w = FsModel.splitArgs(rest);
        FsEvent.Format f = w.isEmpty() ? null : FsEvent.Format.parse(w.get(0));
        List<String> words = f == null ? w : w.subList(1, w.size());
        boolean any = false;
        boolean custom = false;
        synchronized (this) {
            for (String word : words) {
                if (custom && !EVENT_NAMES.contains(word)) {
                    subclasses.add(word);
                    any = true;
                    continue;
                }
                if (word.equals("ALL")) {
                    all = true;
                    nixed.clear();
                    any = true;
                } else if (EVENT_NAMES.contains(word)) {
                    names.add(word);
                    nixed.remove(word);
                    custom = word.equals("CUSTOM");
                    any = true;
                }
            }
            if (!any) {
                reply("-ERR no keywords supplied");
                return;
            }
            format = f == null ? FsEvent.Format.PLAIN : f;
        }
        reply("+OK event listener enabled " + format.word());
    }

    private void nixevent(String rest) {
        List<String> w = FsModel.splitArgs(rest);
        boolean custom = false;
        synchronized (this) {
            for (String word : w) {
                if (word.equals("ALL")) {
                    all = false;
                    names.clear();
                    subclasses.clear();
                } else if (custom && !EVENT_NAMES.contains(word)) {
                    subclasses.remove(word);
                } else {
                    names.remove(word);
                    if (all) {
                        nixed.add(word);
                    }
                    custom = word.equals("CUSTOM");
                }
            }
        }
        reply(w.isEmpty() ? "-ERR no keywords supplied" : "+OK events nixed");
    }

    private void filter(String rest) {
        List<String> w = new ArrayList<>(FsModel.splitArgs(rest));
        boolean delete = false;
        if (!w.isEmpty() && (w.get(0).equals("delete") || w.get(0).equals("add"))) {
            delete = w.get(0).equals("delete");
            w.remove(0);
        }
        if (delete) {
            synchronized (this) {
                if (!w.isEmpty() && w.get(0).equals("all")) {
                    filters.clear();
                    reply("+OK filter deleted. [all][]");
                    return;
                }
                String h = w.isEmpty() ? "" : w.get(0);
                String v = w.size() > 1 ? String.join(" ", w.subList(1, w.size())) : "";
                filters.removeIf(f -> f[0].equals(h) && (v.isEmpty() || f[1].equals(v)));
                reply("+OK filter deleted. [" + h + "][" + v + "]");
            }
            return;
        }
        if (w.size() < 2) {
            reply("-ERR invalid syntax");
            return;
        }
        String v = String.join(" ", w.subList(1, w.size()));
        if (v.length() > 2 && v.startsWith("/") && v.endsWith("/")) {
            try {
                Pattern.compile(v.substring(1, v.length() - 1));
            } catch (PatternSyntaxException e) {
                reply("-ERR invalid syntax");
                return;
            }
        }
        synchronized (this) {
            filters.add(new String[] {w.get(0), v});
        }
        reply("+OK filter added. [" + w.get(0) + "]=[" + v + "]");
    }

    private void sendevent(FsModel model, String rest, Command c) {
        String name = rest == null ? "" : rest.trim();
        if (name.isEmpty()) {
            reply("-ERR command not found");
            return;
        }
        String subclass = c.header("Event-Subclass");
        FsEvent e = new FsEvent();
        boolean subclassFirst = name.equals("CUSTOM") && subclass != null;
        if (subclassFirst) {
            e.add("Event-Subclass", subclass);
        }
        e.add("Command", "sendevent " + name);
        for (String[] h : c.headers()) {
            if (!(subclassFirst && h[0].equals("Event-Subclass"))) {
                e.add(h[0], h[1]);
            }
        }
        String eventUuid;
        synchronized (model) {
            eventUuid = model.uuid();
            e.add("Event-UUID", eventUuid);
            // An unknown event name is still accepted, as CUSTOM (the recording).
            e.add("Event-Name", EVENT_NAMES.contains(name) && !name.equals("ALL") ? name : "CUSTOM");
            e.add("Core-UUID", "").add("FreeSWITCH-Hostname", "vm").add("FreeSWITCH-Switchname", "vm").add("FreeSWITCH-IPv4", "192.0.2.2")
                    .add("FreeSWITCH-IPv6", "fd00::2").add("Event-Date-Local", "").add("Event-Date-GMT", "").add("Event-Date-Timestamp", "")
                    .add("Event-Calling-File", "mod_event_socket.c").add("Event-Calling-Function", "parse_command")
                    .add("Event-Calling-Line-Number", "2275").add("Event-Sequence", "");
            if (c.body() != null) {
                e.body(c.body());
            }
            // Fact 11: the reply comes before the event it caused.
            reply("+OK " + eventUuid);
            model.emit(e);
        }
    }

    // ------------------------------------------------------------------ events

    /** Holds this client's events while a synchronous api runs (fact 11); they follow its response. */
    private synchronized void hold() {
        holding++;
    }

    private synchronized void release() {
        if (--holding == 0) {
            for (byte[] b : held) {
                sendRaw(b);
            }
            held.clear();
        }
    }

    synchronized boolean listening() {
        return authenticated && format != null;
    }

    void offerEvent(FsEvent event, Map<FsEvent.Format, byte[]> encoded) {
        synchronized (this) {
            if (!wants(event)) {
                return;
            }
            byte[] bytes = encoded.computeIfAbsent(format, event::encode);
            if (holding > 0) {
                held.add(bytes);
            } else {
                sendRaw(bytes);
            }
        }
    }

    private boolean wants(FsEvent e) {
        if (!authenticated || format == null || outbox.isClosed()) {
            return false;
        }
        String name = e.name();
        if (name == null || nixed.contains(name)) {
            return false;
        }
        String subclass = e.get("Event-Subclass");
        boolean subscribed = all
                || (names.contains(name) && (!name.equals("CUSTOM") || subclass == null || subclasses.contains(subclass)));
        if (!subscribed) {
            return false;
        }
        if (filters.isEmpty()) {
            return true;
        }
        // Filters OR together (the recording); /regex/ values are searched, others compared exactly.
        for (String[] f : filters) {
            String v = e.get(f[0]);
            if (v == null) {
                continue;
            }
            String want = f[1];
            if (want.length() > 2 && want.startsWith("/") && want.endsWith("/")) {
                if (Pattern.compile(want.substring(1, want.length() - 1)).matcher(v).find()) {
                    return true;
                }
            } else if (v.equals(want)) {
                return true;
            }
        }
        return false;
    }

    void offerLog(int level, byte[] frame) {
        if (authenticated && logLevel >= level) {
            synchronized (this) {
                if (holding > 0) {
                    held.add(frame);
                    return;
                }
            }
            sendRaw(frame);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Queues raw bytes; on overflow the client is disconnected. */
    void sendRaw(byte[] bytes) {
        outbox.send(bytes);
    }

    /** The queue to this client, for blast mode ({@link Outbox#blast}), whose pace the client's reading sets. */
    Outbox outbox() {
        return outbox;
    }

    boolean authenticated() {
        return authenticated;
    }

    /** Sends what is queued, then closes (exit, failed auth). */
    void closeAfterFlush() {
        outbox.closeAfterFlush();
    }

    /** Closes the socket at once; queued frames are dropped. */
    void close() {
        outbox.close();
    }

    String remote() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }
}
