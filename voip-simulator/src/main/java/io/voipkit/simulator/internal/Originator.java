package io.voipkit.simulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Originate action against the simulated dialplan of the fixtures' test PBX (context
 * {@code test}, see the fixtures README): 200 = Answer, Set, UserEvent CrmTest, Wait 15; 201 =
 * Wait 1, Hangup(17); 999 = Answer, Wait 60; 100/110 = queues support/sales; 300, 400, 700, 800, 900
 * answer and wait 20 s; anything else fails as originate-fail.txt shows. {@code PJSIP/<endpoint>}
 * rings the phone, which answers after a second when registered and fails at once otherwise. The
 * originate's own Application runs on the {@code ;1} half; {@code Dial} of a {@code Local/} channel
 * creates and bridges a second pair (core-show-channels.txt).
 *
 * <p>Thread-safe; the continuation of a call runs on the model's scheduler under the model lock.
 */
public final class Originator {
    static final Set<String> KNOWN = Set.of("100", "110", "200", "201", "300", "400", "700", "800", "900", "999");
    private final SimModel model;

    Originator(SimModel model) {
        this.model = model;
    }

    /** Outcome of an originate attempt. */
    private record Outcome(boolean success, int reason, Chan channel) {
    }

    /** What the client asked for. */
    private record Request(String channel, String app, String data, String context, String exten, int priority,
                           String cidNum, String cidName, List<String[]> variables, long timeoutMs) {
    }

    void originate(ClientConnection c, Action a, String id) {
        String channel = a.value("Channel");
        if (channel == null) {
            c.send(ActionHandler.error(id, "Channel not specified"));
            return;
        }
        String app = a.value("Application");
        String data = a.get("Data") == null ? "" : a.get("Data");
        String exten = a.value("Exten");
        String context = a.value("Context") == null ? "default" : a.value("Context");
        if (app == null && exten == null) {
            c.send(ActionHandler.error(id, "Exten not specified"));
            return;
        }
        if (app == null && (!"test".equals(context) || !KNOWN.contains(exten))) {
            c.send(ActionHandler.error(id, "Extension does not exist."));
            return;
        }
        String cidNum = "<unknown>";
        String cidName = "<unknown>";
        String callerId = a.value("CallerID");
        if (callerId != null) {
            int lt = callerId.indexOf('<');
            if (lt >= 0 && callerId.indexOf('>', lt) > lt) {
                cidNum = callerId.substring(lt + 1, callerId.indexOf('>', lt));
                cidName = callerId.substring(0, lt).replace("\"", "").trim();
                if (cidName.isEmpty()) {
                    cidName = "<unknown>";
                }
            } else {
                cidNum = callerId;
            }
        }
        List<String[]> vars = new ArrayList<>();
        for (String v : a.all("Variable")) {
            for (String part : v.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    vars.add(new String[] {part.substring(0, eq).trim(), part.substring(eq + 1)});
                }
            }
        }
        Request req = new Request(channel, app, data, context, exten, QueueActions.parseInt(a.value("Priority"), 1),
                cidNum, cidName, vars, Math.max(0, QueueActions.parseInt(a.value("Timeout"), 30000)));
        boolean async = a.isTrue("Async");
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (async) {
            c.send(AmiMessage.response("Success", id).add("Message", "Originate successfully queued"));
            done.thenAccept(o -> {
                synchronized (model) {
                    model.emit(model.event("OriginateResponse", "call,all").addIfPresent("ActionID", id)
                            .add("Response", o.success ? "Success" : "Failure")
                            .add("Channel", o.success ? o.channel.name : channel).add("Application", app == null ? "" : app)
                            .add("Data", app == null ? "" : data).add("Reason", Integer.toString(o.reason))
                            .add("Uniqueid", o.success ? o.channel.uniqueid : "<unknown>")
                            .add("CallerIDNum", o.success ? o.channel.callerNum : "<unknown>")
                            .add("CallerIDName", o.success ? o.channel.callerName : "<unknown>"));
                }
            });
            synchronized (model) {
                start(req, done);
            }
            return;
        }
        synchronized (model) {
            // A sync Originate's response precedes the events of the call it made (fact 4):
            // hold the events back while the call starts, answer, then release them.
            model.beginCapture();
            List<AmiMessage> held;
            try {
                start(req, done);
            } finally {
                held = model.endCapture();
            }
            Outcome now = done.getNow(null);
            if (now != null && now.success) {
                c.send(AmiMessage.response("Success", id).add("Message", "Originate successfully queued"));
                model.emitAll(held);
                return;
            }
            model.emitAll(held);
        }
        Outcome o;
        try {
            o = done.get(req.timeoutMs + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            o = new Outcome(false, 0, null);
        }
        c.send(o.success ? AmiMessage.response("Success", id).add("Message", "Originate successfully queued")
                : ActionHandler.error(id, "Originate failed"));
    }

    private static void fail(CompletableFuture<Outcome> done) {
        // Reported right away: an async Originate's response is already out, so the
        // OriginateResponse follows it as in originate-fail.txt.
        done.complete(new Outcome(false, 0, null));
    }

    /** Starts the call; completes {@code done} when it is answered or has failed. Holds the model lock. */
    private void start(Request req, CompletableFuture<Outcome> done) {
        String dial = req.channel;
        if (dial.regionMatches(true, 0, "PJSIP/", 0, 6)) {
            Endpoint e = model.endpoint(dial.substring(6));
            if (e == null || !e.registered) {
                fail(done);
                return;
            }
            Chan ch = model.newPjsipChannel(e, 0, "internal", "s", null);
            ch.callerNum = e.number;
            ch.callerName = e.displayName;
            ch.connNum = req.cidNum;
            ch.connName = req.cidName;
            model.newchannelEvent(ch);
            for (String[] v : req.variables) {
                model.varSet(ch, v[0], v[1]);
            }
            model.newstate(ch, 5);
            model.schedule(Duration.ofSeconds(1), () -> {
                if (!model.channelMap().containsKey(ch.name)) {
                    done.complete(new Outcome(false, 1, null));
                    return;
                }
                model.newstate(ch, 6);
                done.complete(new Outcome(true, 4, ch));
                runApplication(req, ch, null);
            });
            return;
        }
        if (!dial.regionMatches(true, 0, "Local/", 0, 6) || dial.indexOf('@') < 0) {
            fail(done);
            return;
        }
        String body = dial.substring(6);
        String exten = body.substring(0, body.indexOf('@'));
        String context = body.substring(body.indexOf('@') + 1).replace("/n", "");
        LocalPair pair = LocalPair.create(model, exten, context, req.cidNum, req.cidName, null);
        for (String[] v : req.variables) {
            model.varSet(pair.one, v[0], v[1]);
        }
        if (!"test".equals(context) || !KNOWN.contains(exten)) {
            // originate-fail: the pair is created, finds no extension, and is hung up again.
            model.hangupChannel(pair.two, 0);
            model.hangupChannel(pair.one, 0);
            fail(done);
            return;
        }
        if (exten.equals("201")) {
            // 201 = Wait(1), Hangup(17): never answers.
            model.newexten(pair.two, "Wait", "1");
            model.schedule(Duration.ofSeconds(1), () -> {
                pair.two.priority = 2;
                model.newexten(pair.two, "Hangup", "17");
                pair.end(17);
                done.complete(new Outcome(false, 5, null));
            });
            return;
        }
        pair.answerAndRun();
        done.complete(new Outcome(true, 4, pair.one));
        runApplication(req, pair.one, pair);
    }

    /** The originate's Application (or Context/Exten) runs on the answered channel. */
    private void runApplication(Request req, Chan ch, LocalPair pair) {
        if (req.app == null) {
            ch.context = req.context;
            ch.exten = req.exten;
            ch.priority = req.priority;
            runExtension(model, ch, req.exten);
            return;
        }
        ch.application = req.app;
        ch.appData = req.data;
        if (req.app.equalsIgnoreCase("Dial") && req.data.regionMatches(true, 0, "Local/", 0, 6) && req.data.indexOf('@') > 0) {
            String target = req.data.substring(6).split(",")[0];
            String exten2 = target.substring(0, target.indexOf('@'));
            String ctx2 = target.substring(target.indexOf('@') + 1).replace("/n", "");
            if (!"test".equals(ctx2) || !KNOWN.contains(exten2) || exten2.equals("201")) {
                return;
            }
            LocalPair inner = LocalPair.create(model, exten2, ctx2, ch.callerNum, ch.callerName, ch);
            inner.answerAndRun();
            model.emit(inner.one.snapshot(ch.snapshot(model.event("DialEnd", "call,all"), ""), "Dest").add("DialStatus", "ANSWER"));
            inner.one.exten = "";
            model.newexten(inner.one, "AppDial", "(Outgoing Line)");
            ch.peer = inner.one;
            inner.one.peer = ch;
            model.bridge(ch, inner.one);
            return;
        }
        long seconds = req.app.equalsIgnoreCase("Wait") ? Math.max(0, QueueActions.parseInt(req.data.split(",")[0], 20)) : 20;
        model.schedule(Duration.ofSeconds(seconds), () -> endAll(ch, pair));
    }

    private void endAll(Chan ch, LocalPair pair) {
        if (pair != null) {
            pair.end(16);
        } else {
            ChannelActions.hangupWithPartners(model, ch, 16);
        }
    }

    /**
     * Runs the test dialplan of {@code exten} on {@code ch} from priority 2, after its Answer():
     * 200 = Set(CRM_TAG=verify), UserEvent(CrmTest), Wait(15); 999 = Wait(60); 400 = Echo; others
     * Wait(20). {@code end} is called with the hangup cause when the dialplan is done.
     */
    static void afterAnswer(SimModel model, Chan ch, String exten, java.util.function.IntConsumer end) {
        ch.priority = 2;
        switch (exten) {
            case "200" -> {
                model.newexten(ch, "Set", "CRM_TAG=verify");
                model.varSet(ch, "CRM_TAG", "verify");
                ch.priority = 3;
                model.newexten(ch, "UserEvent", "CrmTest,Source: dialplan");
                model.emit(ch.snapshot(model.event("UserEvent", "user,all"), "").add("UserEvent", "CrmTest")
                        .add("Source", "dialplan"));
                ch.priority = 4;
                model.newexten(ch, "Wait", "15");
                model.schedule(Duration.ofSeconds(15), () -> end.accept(16));
            }
            case "999" -> {
                model.newexten(ch, "Wait", "60");
                model.schedule(Duration.ofSeconds(60), () -> end.accept(16));
            }
            case "700" -> {
                model.newexten(ch, "Park", "");
                model.park(ch, 120);
            }
            case "400" -> {
                model.newexten(ch, "Echo", "");
                model.schedule(Duration.ofSeconds(60), () -> end.accept(16));
            }
            default -> {
                model.newexten(ch, "Wait", "20");
                model.schedule(Duration.ofSeconds(20), () -> end.accept(16));
            }
        }
    }

    /** A channel sent to {@code exten} in context test (Redirect, BlindTransfer) runs that extension from priority 1. */
    static void runExtension(SimModel model, Chan ch, String exten) {
        java.util.function.IntConsumer end = cause -> ChannelActions.hangupWithPartners(model, ch, cause);
        if (!"test".equals(ch.context) || !KNOWN.contains(exten) || exten.equals("100") || exten.equals("110")) {
            model.newexten(ch, "Wait", "20");
            model.schedule(Duration.ofSeconds(20), () -> end.accept(16));
            return;
        }
        if (exten.equals("201")) {
            model.newexten(ch, "Wait", "1");
            model.schedule(Duration.ofSeconds(1), () -> {
                ch.priority = 2;
                model.newexten(ch, "Hangup", "17");
                end.accept(17);
            });
            return;
        }
        model.newexten(ch, "Answer", "");
        if (ch.state != 6) {
            model.newstate(ch, 6);
        }
        afterAnswer(model, ch, exten, end);
    }

    /** The two halves of a Local channel ({@code ;1} faces the originator, {@code ;2} runs the dialplan). */
    static final class LocalPair {
        final SimModel model;
        final Chan one;
        final Chan two;
        final String exten;

        private LocalPair(SimModel model, Chan one, Chan two, String exten) {
            this.model = model;
            this.one = one;
            this.two = two;
            this.exten = exten;
        }

        /** Creates the pair with the events of getvar-setvar.txt; {@code dialer} is the channel running Dial, if any. */
        static LocalPair create(SimModel model, String exten, String context, String cidNum, String cidName, Chan dialer) {
            Chan[] pair = model.newLocalPair(exten, context, dialer == null ? null : dialer.linkedid);
            Chan one = pair[0];
            Chan two = pair[1];
            model.newchannelEvent(one);
            model.newchannelEvent(two);
            if (dialer != null) {
                // Dialled by another channel (redirect.txt): ;1 shows the dialler's extension as its
                // caller and the dialler's caller as connected line; ;2 the other way round.
                one.exten = dialer.exten;
                one.callerNum = dialer.exten;
                one.callerName = dialer.callerName;
                one.connNum = dialer.callerNum;
                one.connName = dialer.callerName;
                model.newexten(one, "AppDial", "(Outgoing Line)");
                model.emit(one.snapshot(model.event("NewCallerid", "call,all"), "")
                        .add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
                model.emit(one.snapshot(model.event("NewConnectedLine", "call,all"), ""));
                two.callerNum = dialer.callerNum;
                two.callerName = dialer.callerName;
                two.connNum = dialer.exten;
                two.connName = dialer.callerName;
            } else {
                model.newexten(one, "AppDial2", "(Outgoing Line)");
            }
            if (dialer == null && !cidNum.equals("<unknown>")) {
                for (Chan ch : pair) {
                    ch.callerNum = cidNum;
                    ch.callerName = cidName;
                    model.emit(ch.snapshot(model.event("NewCallerid", "call,all"), "")
                            .add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
                    ch.connNum = cidNum;
                    ch.connName = cidName;
                    model.emit(ch.snapshot(model.event("NewConnectedLine", "call,all"), ""));
                }
            }
            model.emit(two.snapshot(one.snapshot(model.event("LocalBridge", "call,all"), "LocalOne"), "LocalTwo")
                    .add("Context", context).add("Exten", exten).add("LocalOptimization", "Yes"));
            AmiMessage begin = model.event("DialBegin", "call,all");
            if (dialer != null) {
                dialer.snapshot(begin, "");
            }
            model.emit(one.snapshot(begin, "Dest").add("DialString", exten + "@" + context));
            return new LocalPair(model, one, two, exten);
        }

        /** ;2 answers, ;1 comes up, then ;2 runs the extension's dialplan. */
        void answerAndRun() {
            model.newexten(two, "Answer", "");
            model.newstate(two, 6);
            model.newstate(one, 6);
            if (one.peer == null) {
                model.emit(one.snapshot(model.event("DialEnd", "call,all"), "Dest").add("DialStatus", "ANSWER"));
            }
            String device = "Local/" + exten + "@" + two.context;
            model.emit(model.deviceState(device, "INUSE"));
            model.emit(model.deviceState(device, "INUSE"));
            if (exten.equals("100") || exten.equals("110")) {
                two.priority = 2;
                enterQueue(exten.equals("100") ? "support" : "sales");
            } else {
                afterAnswer(model, two, exten, this::end);
            }
        }

        /**
         * ;2 runs Queue(): it waits as a caller; a free member (Local/agentN@agents/n answer by
         * themselves) picks up after a second and hangs up after 20 s of talk, as in queue-call-flow.txt.
         */
        private void enterQueue(String queue) {
            model.newexten(two, "Queue", queue + ",t,,,60");
            SimModel.CallRecord call = model.queueJoin(two, queue);
            if (call == null) {
                model.schedule(Duration.ZERO, () -> end(16));
                return;
            }
            model.schedule(Duration.ofSeconds(1), () -> {
                if (model.agentAnswers(call, null)) {
                    model.schedule(Duration.ofSeconds(20), () -> {
                        model.hangup(call, 16);
                        end(16);
                    });
                }
            });
            model.schedule(Duration.ofSeconds(60), () -> {
                if (!call.answered()) {
                    end(16);
                }
            });
        }

        /** The call ends: both halves (and a channel bridged to ;1) hang up, device state, then the CDR. */
        void end(int cause) {
            if (!model.channelMap().containsKey(two.name) && !model.channelMap().containsKey(one.name)) {
                return;
            }
            boolean twoAlive = model.channelMap().containsKey(two.name);
            model.hangupChannel(two, cause);
            if (model.channelMap().containsKey(one.name)) {
                model.hangupRequest(one, cause, false);
            }
            model.hangupChannel(one, cause);
            if (one.peer != null) {
                ChannelActions.hangupWithPartners(model, one.peer, 16);
            }
            if (one.answered != null) {
                model.emit(model.deviceState("Local/" + exten + "@" + two.context, "NOT_INUSE"));
            }
            if (twoAlive) {
                String disposition = two.answered == null ? (cause == 17 ? "BUSY" : "NO ANSWER") : "ANSWERED";
                model.cdr(two, null, exten, two.application, two.appData, two.answered, disposition);
            }
        }
    }
}
