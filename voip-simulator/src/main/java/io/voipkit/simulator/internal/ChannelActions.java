package io.voipkit.simulator.internal;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Channel-level actions (Hangup, Redirect, Atxfer, Getvar/Setvar, PlayDTMF, MixMonitor, Status), texts as in the transcripts. */
final class ChannelActions {
    private ChannelActions() {
    }

    private static AmiMessage ok(String id, String message) {
        return AmiMessage.response("Success", id).add("Message", message);
    }

    /** Hangs up a channel and whatever belongs to the same call leg (peer, Local other half). */
    static void hangupWithPartners(SimModel model, Chan ch, int cause) {
        if (ch.localOther != null) {
            // A Local pair goes down ;2 first, then ;1 (queue-abandon.txt, hangup-action.txt).
            Chan two = ch.name.endsWith(";2") ? ch : ch.localOther;
            Chan one = two.localOther;
            if (model.channelMap().containsKey(two.name) && two != ch) {
                model.hangupRequest(two, cause, false);
            }
            model.hangupChannel(two, cause);
            model.hangupChannel(one, cause);
            Chan bridged = one.peer;
            if (bridged != null) {
                hangupWithPartners(model, bridged, 16);
            }
            return;
        }
        model.hangupChannel(ch, cause);
        if (ch.peer != null) {
            model.hangupChannel(ch.peer, 16);
        }
    }

    static void hangup(SimModel model, ClientConnection c, Action a, String id) {
        String spec = a.value("Channel");
        if (spec == null) {
            c.send(ActionHandler.error(id, "No channel specified"));
            return;
        }
        int cause = QueueActions.parseInt(a.value("Cause"), 16);
        synchronized (model) {
            if (spec.length() > 2 && spec.startsWith("/") && spec.endsWith("/")) {
                Pattern p = ActionHandler.channelRegex(spec);
                List<Chan> matched = p == null ? List.of()
                        : model.channelMap().values().stream().filter(ch -> p.matcher(ch.name).find()).toList();
                c.send(AmiMessage.response("Success", id).add("EventList", "start")
                        .add("Message", "Channels hung up will follow"));
                for (Chan ch : matched) {
                    c.send(AmiMessage.listItem("ChannelHungup", null).add("Channel", ch.name).addIfPresent("ActionID", id));
                }
                c.send(AmiMessage.listItem("ChannelsHungupListComplete", id).add("EventList", "Complete")
                        .add("ListItems", matched.size()));
                for (Chan ch : matched) {
                    hangupWithPartners(model, ch, cause);
                }
                return;
            }
            Chan ch = model.channelMap().get(spec);
            if (ch == null) {
                c.send(ActionHandler.error(id, "No such channel"));
                return;
            }
            c.send(ok(id, "Channel Hungup"));
            hangupWithPartners(model, ch, cause);
        }
    }

    static void redirect(SimModel model, ClientConnection c, Action a, String id, boolean blind) {
        String name = a.value("Channel");
        String exten = a.value("Exten");
        if (name == null) {
            c.send(ActionHandler.error(id, "Channel not specified"));
            return;
        }
        if (exten == null) {
            c.send(ActionHandler.error(id, "Exten not specified"));
            return;
        }
        synchronized (model) {
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, blind ? "No such channel" : "Channel does not exist: " + name));
                return;
            }
            String context = a.value("Context");
            if (blind) {
                // BlindTransfer: the named channel is the transferer; its bridge partner goes on to
                // the new extension and the transferer is hung up (redirect.txt).
                Chan transferee = ch.peer;
                if (transferee == null || ch.bridge == null) {
                    c.send(ActionHandler.error(id, "Transfer failed"));
                    return;
                }
                c.send(ok(id, "Transfer succeeded"));
                AmiMessage m = model.event("BlindTransfer", "call,all").add("Result", "Success");
                ch.snapshot(m, "Transferer");
                transferee.snapshot(m, "Transferee");
                ch.bridge.snapshot(m).add("IsExternal", "Yes").add("Context", context == null ? ch.context : context)
                        .add("Extension", exten);
                model.emit(m);
                ch.peer = null;
                transferee.peer = null;
                model.leaveBridge(transferee);
                model.hangupChannel(ch, 16);
                if (ch.localOther != null) {
                    model.hangupChannel(ch.localOther, 16);
                }
                ch = transferee;
            } else {
                c.send(ok(id, "Redirect successful"));
                model.leaveBridge(ch);
                if (ch.peer != null) {
                    Chan peer = ch.peer;
                    ch.peer = null;
                    peer.peer = null;
                    hangupWithPartners(model, peer, 16);
                }
            }
            ch.context = context == null ? ch.context : context;
            ch.exten = exten;
            ch.priority = QueueActions.parseInt(a.value("Priority"), 1);
            Originator.runExtension(model, ch, exten);
        }
    }


    static void getvar(SimModel model, ClientConnection c, Action a, String id) {
        String variable = a.value("Variable");
        if (variable == null) {
            c.send(ActionHandler.error(id, "No variable specified"));
            return;
        }
        String name = a.value("Channel");
        synchronized (model) {
            String value;
            if (name == null) {
                value = model.globals().getOrDefault(variable, "");
            } else {
                Chan ch = model.channelMap().get(name);
                if (ch == null) {
                    c.send(ActionHandler.error(id, "No such channel"));
                    return;
                }
                value = switch (variable) {
                    case "CALLERID(num)" -> ch.callerNum.equals("<unknown>") ? "" : ch.callerNum;
                    case "CALLERID(name)" -> ch.callerName.equals("<unknown>") ? "" : ch.callerName;
                    case "CHANNEL(name)" -> ch.name;
                    case "CHANNEL(uniqueid)", "UNIQUEID" -> ch.uniqueid;
                    case "CHANNEL(linkedid)" -> ch.linkedid;
                    case "CHANNEL(state)" -> Chan.stateDesc(ch.state);
                    default -> ch.vars.getOrDefault(variable, model.globals().getOrDefault(variable, ""));
                };
            }
            c.send(AmiMessage.response("Success", id).add("Variable", variable).add("Value", value));
        }
    }

    static void setvar(SimModel model, ClientConnection c, Action a, String id) {
        String variable = a.value("Variable");
        if (variable == null) {
            c.send(ActionHandler.error(id, "No variable specified"));
            return;
        }
        String value = a.get("Value") == null ? "" : a.get("Value");
        String name = a.value("Channel");
        synchronized (model) {
            if (name == null) {
                model.globals().put(variable, value);
                c.send(ok(id, "Variable Set"));
                model.emit(model.event("VarSet", "dialplan,all").add("Channel", "none").add("Uniqueid", "none")
                        .add("Variable", variable).add("Value", value));
                return;
            }
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, "No such channel"));
                return;
            }
            c.send(ok(id, "Variable Set"));
            model.varSet(ch, variable, value);
        }
    }

    static void playDtmf(SimModel model, ClientConnection c, Action a, String id) {
        String name = a.value("Channel");
        String digit = a.value("Digit");
        if (name == null) {
            c.send(ActionHandler.error(id, "Channel not specified"));
            return;
        }
        if (digit == null) {
            c.send(ActionHandler.error(id, "No digit specified"));
            return;
        }
        int duration = QueueActions.parseInt(a.value("Duration"), 100);
        synchronized (model) {
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, "Channel not found"));
                return;
            }
            c.send(ok(id, "DTMF successfully queued"));
            // The digit shows on the receiving leg only (fact 15): the other half of a Local pair or the peer.
            Chan receiver = ch.localOther != null ? ch.localOther : ch.peer != null ? ch.peer : ch;
            String d = digit.substring(0, 1);
            model.emit(receiver.snapshot(model.event("DTMFBegin", "dtmf,all"), "").add("Digit", d).add("Direction", "Received"));
            model.emit(receiver.snapshot(model.event("DTMFEnd", "dtmf,all"), "").add("Digit", d)
                    .add("DurationMs", Integer.toString(duration)).add("Direction", "Received"));
        }
    }

    /** res_features' default {@code atxfer} feature code (features.conf of the fixtures' PBX). */
    private static final String ATXFER_FEATURE = "*2";

    /**
     * Atxfer as manager.c's action_atxfer: it only queues the feature code and the extension as DTMF
     * frames on the channel (the bridge's feature detection then does the transfer). The simulator
     * shows the frames as the recording does — a {@code DTMFEnd} per digit on the transferer with no
     * {@code DTMFBegin} (a queued END frame has no begin) — and, like the recording, no AttendedTransfer.
     */
    static void atxfer(SimModel model, ClientConnection c, Action a, String id) {
        String name = a.value("Channel");
        String exten = a.value("Exten");
        if (name == null) {
            c.send(ActionHandler.error(id, "No channel specified"));
            return;
        }
        if (exten == null) {
            c.send(ActionHandler.error(id, "No extension specified"));
            return;
        }
        synchronized (model) {
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, "Channel specified does not exist"));
                return;
            }
            // The ack is written by the action thread; the VarSet and the DTMF frames reach AMI
            // through stasis and the channel's own thread, so they follow it.
            c.send(ok(id, "Atxfer successfully queued"));
            String context = a.value("Context");
            if (context != null) {
                model.varSet(ch, "TRANSFER_CONTEXT", context);
            }
            String digits = ATXFER_FEATURE + exten;
            for (int i = 0; i < digits.length(); i++) {
                // Queued frames carry no length, so DurationMs is 0.
                model.emit(ch.snapshot(model.event("DTMFEnd", "dtmf,all"), "").add("Digit", digits.substring(i, i + 1))
                        .add("DurationMs", "0").add("Direction", "Received"));
            }
        }
    }

    /**
     * MixMonitor as app_mixmonitor's manager_mixmonitor: {@code Response: Success} without a Message,
     * {@code MixMonitorID} only when the options ask for one with {@code i(VAR)}; a missing File is
     * MixMonitor() failing, answered {@code Could not start monitoring channel}.
     */
    static void mixMonitor(SimModel model, ClientConnection c, Action a, String id) {
        String name = a.value("Channel");
        if (name == null) {
            c.send(ActionHandler.error(id, "No channel specified"));
            return;
        }
        String file = a.value("File");
        String options = a.value("Options");
        synchronized (model) {
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, "No such channel"));
                return;
            }
            // MixMonitor() needs a file name unless r()/t() name the one-direction files.
            boolean namedByOption = options != null && (options.contains("r(") || options.contains("t("));
            if (file == null && !namedByOption) {
                c.send(ActionHandler.error(id, "Could not start monitoring channel"));
                return;
            }
            String uidVar = optionArgument(options, 'i');
            String mixMonitorId = null;
            if (uidVar != null && !uidVar.isEmpty()) {
                // Asterisk prints the monitor's address (%p); a stable per-channel value stands in for it.
                mixMonitorId = String.format("0x%012x", 0x7f0000000000L + (ch.uniqueid.hashCode() & 0xffffffL));
                model.varSet(ch, uidVar, mixMonitorId);
            }
            ch.mixMonitorFile = file == null ? "" : file;
            AmiMessage r = AmiMessage.response("Success", id);
            if (mixMonitorId != null) {
                r.add("MixMonitorID", mixMonitorId);
            }
            c.send(r);
            model.emit(ch.snapshot(model.event("MixMonitorStart", "call,all"), ""));
        }
    }

    /** The argument of option {@code letter} in an Asterisk option string ({@code "bi(ID)"}), or null. */
    private static String optionArgument(String options, char letter) {
        if (options == null) {
            return null;
        }
        int at = options.indexOf(letter + "(");
        if (at < 0) {
            return null;
        }
        int end = options.indexOf(')', at);
        return end < 0 ? options.substring(at + 2) : options.substring(at + 2, end);
    }

    /** StopMixMonitor as manager_stop_mixmonitor: {@code Response: Success} only, or {@code Could not stop monitoring channel}. */
    static void stopMixMonitor(SimModel model, ClientConnection c, Action a, String id) {
        String name = a.value("Channel");
        if (name == null) {
            c.send(ActionHandler.error(id, "No channel specified"));
            return;
        }
        synchronized (model) {
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, "No such channel"));
                return;
            }
            if (ch.mixMonitorFile == null) {
                c.send(ActionHandler.error(id, "Could not stop monitoring channel"));
                return;
            }
            ch.mixMonitorFile = null;
            c.send(AmiMessage.response("Success", id));
            model.emit(ch.snapshot(model.event("MixMonitorStop", "call,all"), ""));
        }
    }

    /** Local channels carry signed linear, phones ulaw (the fixtures' phones offer ulaw first). */
    private static String format(Chan ch) {
        return ch.endpoint == null ? "slin" : "ulaw";
    }

    static void status(SimModel model, ClientConnection c, Action a, String id) {
        String only = a.value("Channel");
        synchronized (model) {
            if (only != null && !model.channelMap().containsKey(only)) {
                c.send(ActionHandler.error(id, "No such channel"));
                return;
            }
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Channel status will follow"));
            int n = 0;
            for (Chan ch : model.channelMap().values()) {
                if (only != null && !only.equals(ch.name)) {
                    continue;
                }
                AmiMessage m = AmiMessage.bareEvent("Status", null).add("Privilege", "Call");
                ch.snapshot(m, "").add("Type", ch.name.substring(0, ch.name.indexOf('/'))).add("DNID", "")
                        .add("EffectiveConnectedLineNum", ch.connNum).add("EffectiveConnectedLineName", ch.connName)
                        .add("TimeToHangup", "0").add("BridgeID", ch.bridge == null ? "" : ch.bridge.id)
                        .add("Application", ch.application).add("Data", ch.appData).add("Nativeformats", "(" + format(ch) + ")")
                        .add("Readformat", format(ch)).add("Readtrans", "").add("Writeformat", format(ch)).add("Writetrans", "")
                        .add("Callgroup", "0").add("Pickupgroup", "0")
                        .add("Seconds", Long.toString(Duration.between(ch.created, model.now()).toSeconds()))
                        .addIfPresent("ActionID", id);
                c.send(m);
                n++;
            }
            c.send(AmiMessage.listItem("StatusComplete", id).add("EventList", "Complete").add("ListItems", n).add("Items", n));
        }
    }

    static void bridge(SimModel model, ClientConnection c, Action a, String id) {
        String one = a.value("Channel1");
        String two = a.value("Channel2");
        if (one == null || two == null) {
            c.send(ActionHandler.error(id, "Missing channel parameter in request"));
            return;
        }
        synchronized (model) {
            Chan ca = model.channelMap().get(one);
            if (ca == null) {
                c.send(ActionHandler.error(id, "Channel1 does not exist: " + one));
                return;
            }
            Chan cb = model.channelMap().get(two);
            if (cb == null) {
                c.send(ActionHandler.error(id, "Channel2 does not exist: " + two));
                return;
            }
            c.send(ok(id, "Channels have been bridged"));
            for (Chan ch : new Chan[] {ca, cb}) {
                if (ch.state != 6) {
                    model.newstate(ch, 6);
                }
                // Pulled out of its dialplan application, which returns (bridge.txt shows Priority + 1).
                ch.priority++;
            }
            ca.connNum = cb.callerNum;
            ca.connName = cb.callerName;
            cb.connNum = ca.callerNum;
            cb.connName = ca.callerName;
            model.bridge(ca, cb);
        }
    }

    static void bridgeList(SimModel model, ClientConnection c, Action a, String id) {
        String type = a.value("BridgeType");
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Bridge listing will follow"));
            int n = 0;
            for (Bridge b : model.bridgeMap().values()) {
                if (type != null && !type.equals(b.type)) {
                    continue;
                }
                c.send(b.snapshot(AmiMessage.listItem("BridgeListItem", id)));
                n++;
            }
            c.send(AmiMessage.listItem("BridgeListComplete", id).add("EventList", "Complete").add("ListItems", n));
        }
    }

    static void bridgeInfo(SimModel model, ClientConnection c, Action a, String id) {
        String bridgeId = a.value("BridgeUniqueid");
        if (bridgeId == null) {
            c.send(ActionHandler.error(id, "BridgeUniqueid must be provided"));
            return;
        }
        synchronized (model) {
            Bridge b = model.bridgeMap().get(bridgeId);
            if (b == null) {
                c.send(ActionHandler.error(id, "Bridge not found"));
                return;
            }
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Bridge channel listing will follow"));
            for (Chan ch : b.channels) {
                c.send(ch.snapshot(AmiMessage.listItem("BridgeInfoChannel", id), ""));
            }
            c.send(b.snapshot(AmiMessage.listItem("BridgeInfoComplete", id).add("EventList", "Complete")
                    .add("ListItems", b.channels.size())));
        }
    }

    static void park(SimModel model, ClientConnection c, Action a, String id) {
        String name = a.value("Channel");
        if (name == null) {
            c.send(ActionHandler.error(id, "Channel not specified"));
            return;
        }
        long timeoutMs = QueueActions.parseInt(a.value("Timeout"), 120_000);
        synchronized (model) {
            Chan ch = model.channelMap().get(name);
            if (ch == null) {
                c.send(ActionHandler.error(id, "Channel specified does not exist"));
                return;
            }
            // The real message ends in a bare LF (park.txt, fact 2).
            c.send(ok(id, "Park successful\n"));
            if (model.park(ch, Math.max(1, timeoutMs / 1000)) == null) {
                ChannelActions.hangupWithPartners(model, ch, 34);
            }
        }
    }

    static void parkedCalls(SimModel model, ClientConnection c, Action a, String id) {
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Parked calls will follow"));
            int n = 0;
            for (SimModel.Parked p : model.parkedMap().values()) {
                c.send(model.parkedSnapshot(AmiMessage.bareEvent("ParkedCall", null), p).addIfPresent("ActionID", id));
                n++;
            }
            c.send(AmiMessage.listItem("ParkedCallsComplete", id).add("EventList", "Complete").add("ListItems", n).add("Total", n));
        }
    }

    static void parkingLots(ClientConnection c, String id) {
        c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Parking lots will follow"));
        c.send(AmiMessage.listItem("Parkinglot", id).add("Name", "default").add("StartSpace", "701").add("StopSpace", "720")
                .add("Timeout", "120"));
        c.send(AmiMessage.listItem("ParkinglotsComplete", id).add("EventList", "Complete").add("ListItems", 1));
    }
}
