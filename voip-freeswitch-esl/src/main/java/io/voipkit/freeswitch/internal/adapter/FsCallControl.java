package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.CallControl;
import io.voipkit.core.Channel;
import io.voipkit.core.ChannelInfo;
import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.OriginateFailure;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.ParkResult;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.Recording;
import io.voipkit.core.RecordingRequest;
import io.voipkit.core.SpyMode;
import io.voipkit.core.SpyRequest;
import io.voipkit.core.event.CallParked;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.LiveStateStore;
import io.voipkit.core.internal.Requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link CallControl} over FreeSWITCH API commands. Channels may be named by UUID (what every
 * {@code uuid_*} command needs) or by channel name ({@code sofia/internal/1000@host},
 * {@code loopback/7700-a}): a name is looked up in the live state, then in {@code show channels};
 * an unknown one is FreeSWITCH's own {@code -ERR No such channel!}.
 *
 * <table>
 *   <caption>Commands</caption>
 *   <tr><th>method</th><th>FreeSWITCH</th></tr>
 *   <tr><td>originate / originateAsync</td><td>{@code bgapi originate {origination_uuid=..,originate_timeout=..,
 *       ignore_early_media=true,...}<dial string> <exten> XML <context>} (or {@code &app(data)}); the
 *       result is the job's {@code +OK <uuid>} or {@code -ERR <CAUSE>}. Both variants use
 *       {@code bgapi}: a synchronous {@code api originate} would hold back every event of the connection
 *       for the whole ringing time (fixture fact 11).</td></tr>
 *   <tr><td>hangup</td><td>{@code uuid_kill <uuid> <CAUSE>}</td></tr>
 *   <tr><td>transfer</td><td>{@code uuid_transfer <uuid> <exten> XML <context>}</td></tr>
 *   <tr><td>attendedTransfer</td><td>{@code uuid_broadcast <uuid> att_xfer::loopback/<exten>/<context> aleg}:
 *       the channel runs {@code att_xfer}, its bridged peer waits, the target is dialled through the
 *       dialplan; hanging up the channel joins peer and target (context {@code null}: the channel's
 *       {@code context} variable)</td></tr>
 *   <tr><td>park</td><td>{@code uuid_transfer <uuid> 'set:valet_parking_timeout=<s>,valet_park:<lot> auto in
 *       <first> <last>' inline}; the slot comes from the {@code valet_parking::info} hold event</td></tr>
 *   <tr><td>spy</td><td>{@code bgapi originate {eavesdrop vars}<supervisor> &eavesdrop(<target uuid>)}; LISTEN:
 *       no whisper; WHISPER: {@code eavesdrop_whisper_aleg=true} (the target hears the supervisor);
 *       BARGE: {@code eavesdrop_whisper_aleg=true,eavesdrop_whisper_bleg=true}; the supervisor's phone
 *       rings at most 30 s</td></tr>
 *   <tr><td>bridge</td><td>{@code uuid_bridge <uuid1> <uuid2>}</td></tr>
 *   <tr><td>sendDtmf</td><td>{@code uuid_send_dtmf <uuid> <digits>@<ms>}</td></tr>
 *   <tr><td>start/stopRecording</td><td>{@code uuid_record <uuid> start|stop <file>} (relative names under
 *       {@code recordings_dir}; one direction only: {@code RECORD_READ_ONLY=true} first)</td></tr>
 *   <tr><td>channelInfo / activeChannels</td><td>{@code uuid_dump <uuid> json} / {@code show channels as json}</td></tr>
 * </table>
 */
public final class FsCallControl implements CallControl {

    private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final FsSupervisor gateway;
    private final LiveStateStore store;
    private final Clock clock;
    private final String parkingLot;
    private final int firstSlot;
    private final int lastSlot;
    /** Recordings started by this adapter: uuid → file, so that stop names the same file. */
    private final Map<String, String> recordings = new java.util.concurrent.ConcurrentHashMap<>();

    /** Call control through {@code gateway}; parked calls go to {@code parkingLot} slots {@code firstSlot..lastSlot}. */
    public FsCallControl(FsSupervisor gateway, LiveStateStore store, Clock clock, String parkingLot, int firstSlot,
                         int lastSlot) {
        this.gateway = gateway;
        this.store = store;
        this.clock = clock;
        this.parkingLot = parkingLot;
        this.firstSlot = firstSlot;
        this.lastSlot = lastSlot;
    }

    // ---------------------------------------------------------------- originate

    @Override
    public OriginateResult originate(OriginateRequest request) {
        Checks.notNull(request, "request");
        Duration wait = request.timeout().plus(gateway.config().actionTimeout());
        return gateway.await(originateAsync(request), "originate", wait);
    }

    @Override
    public CompletableFuture<OriginateResult> originateAsync(OriginateRequest request) {
        Checks.notNull(request, "request");
        Map<String, String> vars = new LinkedHashMap<>();
        if (request.callerId() != null) {
            String[] cid = callerId(request.callerId());
            if (cid[0] != null) {
                vars.put("origination_caller_id_name", cid[0]);
            }
            if (cid[1] != null) {
                vars.put("origination_caller_id_number", cid[1]);
            }
        }
        if (request.account() != null) {
            vars.put("accountcode", request.account());
        }
        if (!request.earlyMedia()) {
            vars.put("ignore_early_media", "true");
        }
        vars.putAll(request.variables());
        String destination;
        if (request.isApplication()) {
            destination = application(request.application(), request.appData());
        } else {
            destination = word(request.exten(), "exten") + " XML " + word(request.context(), "context");
        }
        return startOriginate(request.channel(), "channel", vars, destination, request.timeout());
    }

    private CompletableFuture<OriginateResult> startOriginate(String dialString, String field, Map<String, String> vars,
                                                              String destination, Duration timeout) {
        word(dialString, field);
        String uuid = UUID.randomUUID().toString();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("origination_uuid", uuid);
        all.put("originate_timeout", Long.toString(Math.max(1, timeout.toSeconds())));
        all.putAll(vars);
        String args = brackets(all) + dialString + " " + destination;
        return gateway.bgapi("originate", args).handle((body, error) -> {
            String name = gateway.recentChannelName(uuid);
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof PbxActionFailedException f) {
                    String msg = f.pbxMessage() == null ? "" : f.pbxMessage().strip();
                    String causeName = msg.startsWith("-ERR ") ? msg.substring(5).strip() : msg;
                    HangupCause hc = HangupCause.fromName(causeName);
                    if (hc != HangupCause.UNKNOWN) {
                        return OriginateResult.failed(OriginateFailure.fromHangupCause(hc), name, msg);
                    }
                }
                throw cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause);
            }
            String text = body == null ? "" : body.strip();
            String got = text.startsWith("+OK ") ? text.substring(4).strip() : uuid;
            return OriginateResult.succeeded(name != null ? name : gateway.recentChannelName(got), got, text);
        });
    }

    /** {@code "Name" <number>}, {@code Name <number>} or a bare number, as {name, number}. */
    static String[] callerId(String cid) {
        String s = cid.strip();
        int lt = s.lastIndexOf('<');
        if (lt >= 0 && s.endsWith(">")) {
            String num = s.substring(lt + 1, s.length() - 1).strip();
            String name = s.substring(0, lt).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return new String[] {name.isEmpty() ? null : name, num.isEmpty() ? null : num};
        }
        return new String[] {null, s};
    }

    /**
     * {@code {a=b,c=d}}: commas separate variables even inside quotes, so they are escaped; a value
     * with spaces is single-quoted; {@code '} and {@code }} cannot be carried and are refused.
     */
    static String brackets(Map<String, String> vars) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : vars.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (!name.matches("[A-Za-z0-9_.:-]+")) {
                throw new InvalidRequestException("variables", "a FreeSWITCH variable name is letters, digits and _ . : -"
                        + " only, was " + Checks.abbreviate(name));
            }
            if (value.indexOf('}') >= 0 || value.indexOf('\'') >= 0 || value.indexOf('{') >= 0) {
                throw new InvalidRequestException("variables", "FreeSWITCH cannot carry { } or ' inside an originate"
                        + " variable; " + name + " was " + Checks.abbreviate(value));
            }
            if (sb.length() > 1) {
                sb.append(',');
            }
            String escaped = value.replace(",", "\\,");
            sb.append(name).append('=');
            if (escaped.indexOf(' ') >= 0) {
                sb.append('\'').append(escaped).append('\'');
            } else {
                sb.append(escaped);
            }
        }
        return sb.append('}').toString();
    }

    /** {@code &app(data)}, quoted when the data has spaces. */
    private static String application(String app, String data) {
        if (!app.matches("[A-Za-z0-9_]+")) {
            throw new InvalidRequestException("application", "must be a FreeSWITCH application name (letters, digits, _),"
                    + " was " + Checks.abbreviate(app));
        }
        String d = data == null ? "" : data;
        if (d.indexOf('\'') >= 0) {
            throw new InvalidRequestException("appData", "must not contain ' (FreeSWITCH's argument quote)");
        }
        String s = "&" + app + "(" + d + ")";
        return s.indexOf(' ') >= 0 ? "'" + s + "'" : s;
    }

    /** A value that travels as one space-separated argument: no whitespace or quotes. */
    private static String word(String v, String field) {
        Checks.wireText(v, field);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c) || c == '\'' || c == '"') {
                throw new InvalidRequestException(field, "must not contain spaces or quotes (it is one FreeSWITCH"
                        + " command argument), was " + Checks.abbreviate(v));
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- channel commands

    @Override
    public void hangup(String channel, HangupCause cause) {
        Requests.hangup(channel, cause);
        gateway.api("uuid_kill", uuid(channel) + " " + cause.name());
    }

    @Override
    public void transfer(String channel, String exten, String context) {
        Requests.transfer(channel, exten, context);
        word(exten, "exten");
        word(context, "context");
        gateway.api("uuid_transfer", uuid(channel) + " " + exten + " XML " + context);
    }

    @Override
    public void attendedTransfer(String channel, String exten, String context) {
        Requests.attendedTransfer(channel, exten, context);
        word(exten, "exten");
        if (context != null) {
            word(context, "context");
        }
        String uuid = uuid(channel);
        String ctx = context;
        if (ctx == null) {
            ctx = gateway.api("uuid_getvar", uuid + " context").strip();
            if (ctx.isEmpty() || ctx.equals("_undef_")) {
                ctx = "default";
            }
        }
        gateway.api("uuid_broadcast", uuid + " att_xfer::loopback/" + exten + "/" + ctx + " aleg");
    }

    @Override
    public ParkResult park(String channel, String timeoutChannel, Duration timeout) {
        Requests.park(channel, timeoutChannel, timeout);
        if (timeoutChannel != null) {
            word(timeoutChannel, "timeoutChannel");
        }
        String uuid = uuid(channel);
        StringBuilder inline = new StringBuilder("set:valet_parking_timeout=").append(Math.max(1, timeout.toSeconds()));
        if (timeoutChannel != null) {
            // on timeout the parked call goes to the "orbit": an inline bridge to the given dial string
            inline.append(",set:valet_parking_orbit_dialplan=inline")
                    .append(",set:valet_parking_orbit_exten=bridge:").append(timeoutChannel);
        }
        inline.append(",valet_park:").append(parkingLot).append(" auto in ").append(firstSlot).append(' ').append(lastSlot);
        CompletableFuture<PbxEvent> parked = gateway.awaitEvent(e -> e instanceof CallParked p && uuid.equals(p.uniqueId()));
        try {
            gateway.api("uuid_transfer", uuid + " '" + inline + "' inline");
            CallParked p = (CallParked) gateway.await(parked, "park", gateway.config().actionTimeout());
            return new ParkResult(p.parkingLot() != null ? p.parkingLot() : parkingLot, p.parkingSpace());
        } finally {
            parked.cancel(false);
        }
    }

    @Override
    public OriginateResult spy(SpyRequest request) {
        Checks.notNull(request, "request");
        String target = uuid(request.targetChannel());
        Map<String, String> vars = new LinkedHashMap<>();
        if (request.mode() == SpyMode.WHISPER || request.mode() == SpyMode.BARGE) {
            vars.put("eavesdrop_whisper_aleg", "true");
        }
        if (request.mode() == SpyMode.BARGE) {
            vars.put("eavesdrop_whisper_bleg", "true");
        }
        if (request.callerId() != null) {
            String[] cid = callerId(request.callerId());
            if (cid[0] != null) {
                vars.put("origination_caller_id_name", cid[0]);
            }
            if (cid[1] != null) {
                vars.put("origination_caller_id_number", cid[1]);
            }
        }
        // quiet: FreeSWITCH's eavesdrop plays no beep to the spied parties anyway; nothing to switch off
        Duration ring = Duration.ofSeconds(30);
        return gateway.await(startOriginate(request.spyChannel(), "spyChannel", vars, "&eavesdrop(" + target + ")", ring),
                "spy", ring.plus(gateway.config().actionTimeout()));
    }

    @Override
    public void bridge(String channel1, String channel2) {
        Requests.bridge(channel1, channel2);
        gateway.api("uuid_bridge", uuid(channel1) + " " + uuid(channel2));
    }

    @Override
    public void sendDtmf(String channel, String digits, Duration toneDuration) {
        String d = Requests.sendDtmf(channel, digits, toneDuration);
        gateway.api("uuid_send_dtmf", uuid(channel) + " " + d + "@" + toneDuration.toMillis());
    }

    @Override
    public Recording startRecording(RecordingRequest request) {
        Checks.notNull(request, "request");
        if (request.options() != null) {
            throw new InvalidRequestException("options", "FreeSWITCH's uuid_record takes no options; use null");
        }
        String uuid = uuid(request.channel());
        String name = request.fileName() != null ? request.fileName()
                : "voipkit-" + uuid + "-" + clock.millis();
        String file = name + "." + request.format();
        if (!file.startsWith("/")) {
            String dir = gateway.recordingsDir();
            if (dir != null) {
                file = dir + (dir.endsWith("/") ? "" : "/") + file;
            }
        }
        if (!request.mixBothLegs()) {
            gateway.api("uuid_setvar", uuid + " RECORD_READ_ONLY true");
        }
        gateway.api("uuid_record", uuid + " start " + file);
        recordings.put(uuid, file);
        return new Recording(request.channel(), file);
    }

    @Override
    public void stopRecording(String channel) {
        Requests.channel(channel);
        String uuid = uuid(channel);
        String file = recordings.remove(uuid);
        gateway.api("uuid_record", uuid + " stop " + (file != null ? file : "all"));
    }

    @Override
    public Optional<ChannelInfo> channelInfo(String channel) {
        Requests.channel(channel);
        String uuid = lookup(channel);
        if (uuid == null) {
            return Optional.empty();
        }
        String body;
        try {
            body = gateway.api("uuid_dump", uuid + " json");
        } catch (PbxActionFailedException e) {
            return Optional.empty(); // -ERR No such channel!
        }
        if (body.isBlank() || !body.strip().startsWith("{")) {
            return Optional.empty();
        }
        return Optional.of(fromDump(FsReplies.jsonObject("uuid_dump", body)));
    }

    @Override
    public List<ChannelInfo> activeChannels() {
        List<ChannelInfo> list = new ArrayList<>();
        Instant now = clock.instant();
        for (Map<String, String> c : FsReplies.jsonRows("show channels as json", gateway.api("show", "channels as json"))) {
            String uuid = c.get("uuid");
            String name = c.get("name");
            if (uuid == null || uuid.isBlank() || name == null || name.isBlank()) {
                continue;
            }
            long created = FsCallcenter.epoch(c.get("created_epoch"));
            Duration age = created > 0 ? Duration.ofSeconds(Math.max(0, now.getEpochSecond() - created)) : Duration.ZERO;
            list.add(new ChannelInfo(name, uuid, c.get("call_uuid"), FsResync.callState(c.get("callstate")),
                    c.get("cid_num"), c.get("cid_name"), c.get("callee_num"), c.get("callee_name"), c.get("context"),
                    c.get("dest"), 0, c.get("application"), c.get("application_data"), age, null, c.get("accountcode")));
        }
        return list;
    }

    private ChannelInfo fromDump(Map<String, String> d) {
        long createdMicros = FsCallcenter.epoch(d.get("Caller-Channel-Created-Time"));
        Duration age = Duration.ZERO;
        if (createdMicros > 0) {
            long nowMicros = TimeUnit.MILLISECONDS.toMicros(clock.millis());
            age = Duration.ofNanos(Math.max(0, nowMicros - createdMicros) * 1000);
        }
        String bridge = d.get("variable_bridge_uuid") != null ? d.get("variable_bridge_uuid") : d.get("Other-Leg-Unique-ID");
        return new ChannelInfo(d.get("Channel-Name"), d.get("Unique-ID"), d.get("Channel-Call-UUID"),
                FsResync.callState(d.get("Channel-Call-State")), d.get("Caller-Caller-ID-Number"),
                d.get("Caller-Caller-ID-Name"), d.get("Caller-Callee-ID-Number"), d.get("Caller-Callee-ID-Name"),
                d.get("Caller-Context"), d.get("Caller-Destination-Number"), 0, d.get("variable_current_application"),
                d.get("variable_current_application_data"), age, bridge, d.get("variable_accountcode"));
    }

    // ---------------------------------------------------------------- channel names

    /** The uuid of {@code channel}; FreeSWITCH's {@code No such channel!} when there is none. */
    private String uuid(String channel) {
        Requests.channel(channel);
        String uuid = lookup(channel);
        if (uuid == null) {
            throw new PbxActionFailedException("channel", "-ERR No such channel! (" + channel + ")");
        }
        return uuid;
    }

    /**
     * A uuid as it is; a channel name through the live state, then {@code show channels}; else
     * {@code null}. FreeSWITCH channel names are not unique (two calls to {@code loopback/7703}
     * both have an A leg {@code loopback/7703-a}): a name that matches several channels is refused
     * rather than guessed, since hanging up the wrong call is worse than asking for the uuid.
     */
    private String lookup(String channel) {
        if (UUID_LIKE.matcher(channel).matches()) {
            return channel;
        }
        word(channel, "channel");
        List<String> found = new ArrayList<>();
        for (Channel c : store.channels()) {
            if (c.name().equals(channel)) {
                found.add(c.uniqueId());
            }
        }
        if (found.isEmpty()) {
            for (Map<String, String> c : FsReplies.jsonRows("show channels as json",
                    gateway.api("show", "channels as json"))) {
                if (channel.equals(c.get("name"))) {
                    found.add(c.get("uuid"));
                }
            }
        }
        if (found.size() > 1) {
            throw new PbxActionFailedException("channel", channel + " names " + found.size()
                    + " channels (FreeSWITCH channel names are not unique); use the uuid: " + found);
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
