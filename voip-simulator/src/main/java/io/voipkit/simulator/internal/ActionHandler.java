package io.voipkit.simulator.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Answers AMI actions the way Asterisk 22.10.1 does: the same response texts, list framing and
 * error messages as the recorded transcripts, against the {@link SimModel}.
 *
 * <p>Thread-safe: called from every connection's reader thread; model access synchronizes on the model.
 */
public final class ActionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ActionHandler.class);
    static final String VERSION = "22.10.1+dfsg+~cs6.17.60671434-1";
    static final String VERSION_LINE = "Asterisk " + VERSION
            + " built by nobody @ buildhost.invalid on a unknown running Linux on 2026-07-20 21:35:32 UTC";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SimModel model;
    private final Map<String, User> users;
    private final Duration loginFailureDelay;
    private final Originator originator;
    private final List<String[]> endpointDetailTemplate;
    private volatile boolean refuseLogins;

    /** Answers actions against {@code model} for these users. */
    public ActionHandler(SimModel model, Map<String, User> users, Duration loginFailureDelay) {
        this.model = model;
        this.users = Map.copyOf(users);
        this.loginFailureDelay = loginFailureDelay;
        this.originator = new Originator(model);
        this.endpointDetailTemplate = loadTemplate("pjsip-endpoint-detail.txt");
    }

    /** The Originate implementation. */
    public Originator originator() {
        return originator;
    }

    /** While true every login fails. */
    public void refuseLogins(boolean refuse) {
        this.refuseLogins = refuse;
    }

    private static List<String[]> loadTemplate(String resource) {
        try (InputStream in = ActionHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<String[]> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                int colon = l.indexOf(": ");
                lines.add(colon < 0 ? new String[] {l, null} : new String[] {l.substring(0, colon), l.substring(colon + 2)});
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Write permission an action needs (any one of these classes); empty = none. */
    private static Set<Privileges> required(String action) {
        return switch (action) {
            case "ping", "logoff", "events", "challenge", "login", "filter", "queuestatus", "queuesummary",
                 "queuereload", "queuereset" -> EnumSet.noneOf(Privileges.class);
            case "coresettings", "corestatus", "coreshowchannels" -> EnumSet.of(Privileges.SYSTEM, Privileges.REPORTING);
            case "command" -> EnumSet.of(Privileges.COMMAND);
            case "pjsipshowendpoints", "pjsipshowendpoint", "pjsipshowcontacts" -> EnumSet.of(Privileges.SYSTEM);
            case "queueadd", "queueremove", "queuepause", "queuepenalty" -> EnumSet.of(Privileges.AGENT);
            case "originate" -> EnumSet.of(Privileges.ORIGINATE);
            case "hangup" -> EnumSet.of(Privileges.SYSTEM, Privileges.CALL);
            case "redirect", "blindtransfer", "setvar", "playdtmf", "bridge" -> EnumSet.of(Privileges.CALL);
            case "bridgelist", "bridgeinfo", "parkedcalls", "parkinglots" -> EnumSet.noneOf(Privileges.class);
            case "park", "atxfer" -> EnumSet.of(Privileges.CALL);
            // app_mixmonitor registers MixMonitor with EVENT_FLAG_SYSTEM, StopMixMonitor with SYSTEM|CALL.
            case "mixmonitor" -> EnumSet.of(Privileges.SYSTEM);
            case "stopmixmonitor" -> EnumSet.of(Privileges.SYSTEM, Privileges.CALL);
            case "getvar" -> EnumSet.of(Privileges.CALL, Privileges.REPORTING);
            case "status" -> EnumSet.of(Privileges.SYSTEM, Privileges.CALL, Privileges.REPORTING);
            case "userevent" -> EnumSet.of(Privileges.USER);
            default -> null; // unknown action
        };
    }

    /** Handles one action from a client; never throws for bad input. */
    public void handle(ClientConnection c, Action a) {
        String id = a.actionId();
        String name = a.name();
        if (name == null) {
            c.send(AmiMessage.response("Error", id).add("Message", "Missing action in request"));
            return;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (!c.loggedIn() && !key.equals("login") && !key.equals("challenge") && !key.equals("logoff")) {
            c.send(error(id, "Permission denied"));
            return;
        }
        Set<Privileges> needed = required(key);
        if (needed == null) {
            c.send(error(id, "Invalid/unknown command: " + name + ". Use Action: ListCommands to show available commands."));
            return;
        }
        if (c.loggedIn() && !needed.isEmpty() && needed.stream().noneMatch(c.writePerm()::contains)) {
            c.send(error(id, "Permission denied"));
            return;
        }
        switch (key) {
            case "login" -> login(c, a, id);
            case "challenge" -> challenge(c, a, id);
            case "logoff" -> {
                c.send(AmiMessage.response("Goodbye", id).add("Message", "Thanks for all the fish."));
                c.closeAfterFlush();
            }
            case "ping" -> c.send(AmiMessage.response("Success", id).add("Ping", "Pong").add("Timestamp", model.timestamp()));
            case "events" -> {
                Set<Privileges> mask = Privileges.mask(a.get("EventMask"));
                c.eventMask(mask);
                c.send(AmiMessage.response("Success", id).add("Events", mask.isEmpty() ? "Off" : "On"));
            }
            case "filter" -> c.send(AmiMessage.response("Success", id).add("Message", "Success"));
            case "coresettings" -> coreSettings(c, id);
            case "corestatus" -> coreStatus(c, id);
            case "coreshowchannels" -> coreShowChannels(c, id);
            case "command" -> command(c, a, id);
            case "pjsipshowendpoints" -> pjsipShowEndpoints(c, id);
            case "pjsipshowendpoint" -> pjsipShowEndpoint(c, a, id);
            case "pjsipshowcontacts" -> pjsipShowContacts(c, id);
            case "queuestatus" -> QueueActions.status(model, c, a, id);
            case "queuesummary" -> QueueActions.summary(model, c, a, id);
            case "queueadd" -> QueueActions.add(model, c, a, id);
            case "queueremove" -> QueueActions.remove(model, c, a, id);
            case "queuepause" -> QueueActions.pause(model, c, a, id);
            case "queuepenalty" -> QueueActions.penalty(model, c, a, id);
            case "queuereload" -> c.send(AmiMessage.response("Success", id).add("Message", "Queue reloaded successfully"));
            case "queuereset" -> c.send(AmiMessage.response("Success", id).add("Message", "Queue stats reset successfully"));
            case "originate" -> originator.originate(c, a, id);
            case "hangup" -> ChannelActions.hangup(model, c, a, id);
            case "redirect", "blindtransfer" -> ChannelActions.redirect(model, c, a, id, key.equals("blindtransfer"));
            case "getvar" -> ChannelActions.getvar(model, c, a, id);
            case "setvar" -> ChannelActions.setvar(model, c, a, id);
            case "playdtmf" -> ChannelActions.playDtmf(model, c, a, id);
            case "status" -> ChannelActions.status(model, c, a, id);
            case "bridge" -> ChannelActions.bridge(model, c, a, id);
            case "park" -> ChannelActions.park(model, c, a, id);
            case "atxfer" -> ChannelActions.atxfer(model, c, a, id);
            case "mixmonitor" -> ChannelActions.mixMonitor(model, c, a, id);
            case "stopmixmonitor" -> ChannelActions.stopMixMonitor(model, c, a, id);
            case "parkedcalls" -> ChannelActions.parkedCalls(model, c, a, id);
            case "parkinglots" -> ChannelActions.parkingLots(c, id);
            case "bridgelist" -> ChannelActions.bridgeList(model, c, a, id);
            case "bridgeinfo" -> ChannelActions.bridgeInfo(model, c, a, id);
            case "userevent" -> userEvent(c, a, id);
            default -> c.send(error(id, "Invalid/unknown command: " + name + ". Use Action: ListCommands to show available commands."));
        }
    }

    static AmiMessage error(String id, String message) {
        return AmiMessage.response("Error", id).add("Message", message);
    }

    private void challenge(ClientConnection c, Action a, String id) {
        String type = a.value("AuthType");
        if (type == null || !type.equalsIgnoreCase("MD5")) {
            c.send(error(id, "Must specify AuthType"));
            return;
        }
        String challenge;
        synchronized (model) {
            challenge = Integer.toString(100_000_000 + model.random().nextInt(900_000_000));
        }
        c.challenge(challenge);
        c.send(AmiMessage.response("Success", id).add("Challenge", challenge));
    }

    private void login(ClientConnection c, Action a, String id) {
        if (c.loggedIn()) {
            // Asterisk answers a second Login on a logged-in session with success again.
            c.send(AmiMessage.response("Success", id).add("Message", "Authentication accepted"));
            return;
        }
        String username = a.value("Username");
        User user = username == null ? null : users.get(username);
        boolean ok = false;
        boolean usingPassword = false;
        if (user != null && !refuseLogins) {
            String authType = a.value("AuthType");
            if (authType != null && authType.equalsIgnoreCase("MD5")) {
                String key = a.value("Key");
                String challenge = c.challenge();
                ok = key != null && challenge != null && key.equalsIgnoreCase(md5(challenge + user.secret()));
            } else {
                String secret = a.get("Secret");
                ok = secret != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                        user.secret().getBytes(StandardCharsets.UTF_8));
                usingPassword = false;
            }
        }
        if (!ok) {
            // Asterisk's own wording; the secret is never written.
            String host = c.remote().split(":")[0];
            model.log().write("NOTICE", "manager.c", user == null
                    ? host + " tried to authenticate with nonexistent user '" + (username == null ? "" : username) + "'"
                    : host + " failed to authenticate as '" + username + "'");
            // Asterisk delays the failure answer by about a second to slow down guessing (fact 12).
            try {
                Thread.sleep(loginFailureDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.send(error(id, "Authentication failed"));
            c.closeAfterFlush();
            return;
        }
        Set<Privileges> mask = Privileges.mask(a.get("Events"));
        synchronized (model) {
            // Answer and join the event fan-out in one step under the model lock: an event emitted
            // after the client has seen its login answer must reach it. Logged in before the answer
            // is queued: raw fault frames (broadcastRaw) do not take the model lock, and a client
            // that reacts to the answer at once must already count as logged in.
            c.login(user.name(), user.read(), user.write(), mask);
            c.send(AmiMessage.response("Success", id).add("Message", "Authentication accepted"));
            if (c.wants("system,all")) {
                long uptime = Duration.between(model.started(), model.now()).toSeconds();
                c.send(AmiMessage.bareEvent("FullyBooted", "system,all").add("Privilege", "system,all")
                        .add("Uptime", uptime).add("LastReload", uptime).add("Status", "Fully Booted"));
            }
            String now = SimModel.EVENT_TV.format(model.now());
            model.emit(model.event("SuccessfulAuth", "security,all").add("EventTV", now).add("Severity", "Informational")
                    .add("Service", "AMI").add("EventVersion", "1").add("AccountID", user.name())
                    .add("SessionID", "0x" + Long.toHexString(0x7f0000000000L + c.id() * 0x1000L))
                    .add("LocalAddress", "IPV4/TCP/127.0.0.1/" + c.localPort())
                    .add("RemoteAddress", "IPV4/TCP/127.0.0.1/" + c.remotePort())
                    .add("UsingPassword", usingPassword ? "1" : "0").add("SessionTV", now));
        }
        model.log().write("VERBOSE", "manager.c", "Manager '" + user.name() + "' logged on from " + c.remote().split(":")[0]);
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    private void coreSettings(ClientConnection c, String id) {
        c.send(AmiMessage.response("Success", id).add("AMIversion", "11.0.0").add("AsteriskVersion", VERSION)
                .add("SystemName", "").add("CoreMaxCalls", "500").add("CoreMaxLoadAvg", "0.000000")
                .add("CoreRunUser", "").add("CoreRunGroup", "").add("CoreMaxFilehandles", "0")
                .add("CoreRealTimeEnabled", "No").add("CoreCDRenabled", "Yes").add("CoreHTTPenabled", "No")
                .add("SoundsSearchCustomDir", "No"));
    }

    private void coreStatus(ClientConnection c, String id) {
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("CoreStartupDate", DATE.format(model.started()))
                    .add("CoreStartupTime", TIME.format(model.started())).add("CoreReloadDate", DATE.format(model.started()))
                    .add("CoreReloadTime", TIME.format(model.started())).add("CoreCurrentCalls", model.channelCount())
                    .add("CoreProcessedCalls", model.processedCalls()));
        }
    }

    static String hms(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private void coreShowChannels(ClientConnection c, String id) {
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Channels will follow"));
            int n = 0;
            for (Chan ch : model.channelMap().values()) {
                c.send(ch.snapshot(AmiMessage.listItem("CoreShowChannel", id), "").add("Application", ch.application)
                        .add("ApplicationData", ch.appData).add("Duration", hms(Duration.between(ch.created, model.now())))
                        .add("BridgeId", ch.bridge == null ? "" : ch.bridge.id));
                n++;
            }
            c.send(AmiMessage.listItem("CoreShowChannelsComplete", id).add("EventList", "Complete").add("ListItems", n));
        }
    }

    private void command(ClientConnection c, Action a, String id) {
        String cmd = a.value("Command");
        if (cmd == null) {
            c.send(error(id, "No command provided"));
            return;
        }
        String norm = cmd.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        boolean ok = true;
        synchronized (model) {
            switch (norm) {
                case "core show version" -> out.add(VERSION_LINE);
                case "core show uptime" -> {
                    String up = uptimeText(Duration.between(model.started(), model.now()));
                    out.add("System uptime: " + up);
                    out.add("Last reload: " + up);
                }
                case "core show channels" -> {
                    out.add(String.format("%-64s %-32s %-7s %-30s", "Channel", "Location", "State", "Application(Data)"));
                    for (Chan ch : model.channelMap().values()) {
                        out.add(String.format("%-64s %-32s %-7s %-30s", ch.name, ch.exten + "@" + ch.context + ":" + ch.priority,
                                Chan.stateDesc(ch.state), ch.application + "(" + ch.appData + ")"));
                    }
                    int n = model.channelCount();
                    out.add(n + " active channel" + (n == 1 ? "" : "s"));
                    int calls = (n + 1) / 2;
                    out.add(calls + " of 500 max active call" + (calls == 1 ? "" : "s") + " ("
                            + String.format(Locale.ROOT, "%5.2f", calls * 100.0 / 500) + "% of capacity)");
                    out.add(model.processedCalls() + " call" + (model.processedCalls() == 1 ? "" : "s") + " processed");
                }
                default -> {
                    ok = false;
                    String[] words = cmd.trim().split("\\s+");
                    String prefix = words.length > 2 ? words[0] + " " + words[1] : words[0];
                    out.add("No such command '" + cmd.trim() + "' (type 'core show help " + prefix + "' for other possible commands)");
                }
            }
        }
        AmiMessage m = AmiMessage.response(ok ? "Success" : "Error", id).add("Message", "Command output follows");
        out.forEach(l -> m.add("Output", l));
        c.send(m);
    }

    static String uptimeText(Duration d) {
        long s = d.toSeconds();
        List<String> parts = new ArrayList<>();
        long days = s / 86400;
        long hours = (s / 3600) % 24;
        long minutes = (s / 60) % 60;
        long seconds = s % 60;
        if (days > 0) {
            parts.add(days + (days == 1 ? " day" : " days"));
        }
        if (hours > 0) {
            parts.add(hours + (hours == 1 ? " hour" : " hours"));
        }
        if (minutes > 0) {
            parts.add(minutes + (minutes == 1 ? " minute" : " minutes"));
        }
        if (seconds > 0 || parts.isEmpty()) {
            parts.add(seconds + (seconds == 1 ? " second" : " seconds"));
        }
        return String.join(", ", parts);
    }

    private void pjsipShowEndpoints(ClientConnection c, String id) {
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("EventList", "start")
                    .add("Message", "A listing of Endpoints follows, presented as EndpointList events"));
            for (Endpoint e : model.endpointMap().values()) {
                c.send(AmiMessage.listItem("EndpointList", id).add("ObjectType", "endpoint").add("ObjectName", e.name)
                        .add("Transport", "").add("Aor", e.name).add("Auths", e.name).add("OutboundAuths", "")
                        .add("Contacts", e.registered ? e.name + "/" + e.uri() + "," : "")
                        .add("DeviceState", model.deviceStateText(e)).add("ActiveChannels", model.activeChannels(e)));
            }
            c.send(AmiMessage.listItem("EndpointListComplete", id).add("EventList", "Complete")
                    .add("ListItems", model.endpointMap().size()));
        }
    }

    private void pjsipShowEndpoint(ClientConnection c, Action a, String id) {
        String name = a.value("Endpoint");
        if (name == null) {
            c.send(error(id, "Endpoint parameter missing."));
            return;
        }
        synchronized (model) {
            Endpoint e = model.endpoint(name);
            if (e == null) {
                // The real message ends in a bare LF before the CRLF (fixture pjsip-show-endpoint, fact 2).
                c.send(error(id, "Unable to retrieve endpoint " + name + "\n"));
                return;
            }
            c.send(AmiMessage.response("Success", id).add("EventList", "start")
                    .add("Message", "Following are Events for each object associated with the Endpoint"));
            Map<String, String> vars = Map.of("ep", e.name, "pw", e.password,
                    "callerid", "\"" + e.displayName + "\" <" + e.number + ">", "devicestate", model.deviceStateText(e),
                    "active", Integer.toString(model.activeChannels(e)),
                    "contacts", e.registered ? e.name + "/" + e.uri() : "", "total", e.registered ? "1" : "0");
            AmiMessage current = null;
            int items = 0;
            for (String[] line : endpointDetailTemplate) {
                if (line[1] == null) {
                    if (current != null) {
                        c.send(current);
                        items++;
                        current = null;
                    }
                    continue;
                }
                if (line[0].equals("Event")) {
                    current = AmiMessage.listItem(line[1], id);
                    continue;
                }
                String v = line[1];
                for (Map.Entry<String, String> en : vars.entrySet()) {
                    v = v.replace("${" + en.getKey() + "}", en.getValue());
                }
                current.add(line[0], v);
            }
            if (current != null) {
                c.send(current);
                items++;
            }
            if (e.registered) {
                c.send(AmiMessage.listItem("ContactStatusDetail", id).add("AOR", e.name).add("URI", e.uri())
                        .add("UserAgent", "sipp-phone").add("RegExpire", e.regExpire).add("ViaAddress", "127.0.0.1:" + e.contactPort)
                        .add("CallID", e.callId).add("Status", "Reachable").add("RoundtripUsec", e.roundtripUsec)
                        .add("EndpointName", e.name).add("ID", e.contactId()).add("AuthenticateQualify", "0")
                        .add("OutboundProxy", "").add("Path", "").add("QualifyFrequency", "5").add("QualifyTimeout", "3.000")
                        .add("Qualify2xxOnly", "0"));
                items++;
            }
            c.send(AmiMessage.listItem("EndpointDetailComplete", id).add("EventList", "Complete").add("ListItems", items));
        }
    }

    private void pjsipShowContacts(ClientConnection c, String id) {
        synchronized (model) {
            List<Endpoint> reg = model.endpointMap().values().stream().filter(e -> e.registered).toList();
            if (reg.isEmpty()) {
                c.send(error(id, "No Contacts found\n"));
                return;
            }
            c.send(AmiMessage.response("Success", id).add("EventList", "start")
                    .add("Message", "A listing of Contacts follows, presented as ContactList events"));
            for (Endpoint e : reg) {
                c.send(AmiMessage.listItem("ContactList", id).add("ObjectType", "contact").add("ObjectName", e.contactId())
                        .add("ViaAddr", "127.0.0.1").add("QualifyTimeout", "3.000000").add("Qualify2xxOnly", "false")
                        .add("CallId", e.callId).add("RegServer", "").add("PruneOnBoot", "no").add("Path", "")
                        .add("Endpoint", e.name).add("ViaPort", e.contactPort).add("AuthenticateQualify", "no")
                        .add("Uri", e.uri()).add("QualifyFrequency", "5").add("UserAgent", "sipp-phone")
                        .add("ExpirationTime", e.regExpire).add("OutboundProxy", "").add("Status", "Reachable")
                        .add("RoundtripUsec", e.roundtripUsec));
            }
            c.send(AmiMessage.listItem("ContactListComplete", id).add("EventList", "Complete").add("ListItems", reg.size()));
        }
    }

    private void userEvent(ClientConnection c, Action a, String id) {
        String name = a.value("UserEvent");
        if (name == null) {
            c.send(error(id, "UserEvent header missing"));
            return;
        }
        c.send(AmiMessage.response("Success", id).add("Message", "Event Sent"));
        synchronized (model) {
            // The event echoes every header of the action but Action, UserEvent first (fixture userevent).
            AmiMessage m = model.event("UserEvent", "user,all").add("UserEvent", name);
            boolean skippedName = false;
            for (String[] h : a.headers()) {
                if (h[0].equalsIgnoreCase("Action")) {
                    continue;
                }
                if (!skippedName && h[0].equalsIgnoreCase("UserEvent")) {
                    skippedName = true;
                    continue;
                }
                m.add(h[0], h[1]);
            }
            model.emit(m);
        }
    }

    static Pattern channelRegex(String spec) {
        try {
            return Pattern.compile(spec.substring(1, spec.length() - 1));
        } catch (PatternSyntaxException e) {
            LOG.debug("bad channel regex {}", spec);
            return null;
        }
    }
}
