package io.voipkit.simulator.internal;

import java.time.Duration;

/** app_queue's AMI actions, texts as in the queue-* transcripts. Holds the model lock while answering. */
final class QueueActions {
    private QueueActions() {
    }

    private static AmiMessage ok(String id, String message) {
        return AmiMessage.response("Success", id).add("Message", message);
    }

    static void status(SimModel model, ClientConnection c, Action a, String id) {
        String only = a.value("Queue");
        String member = a.value("Member");
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Queue status will follow"));
            int items = 0;
            for (SimQueue q : model.queueMap().values()) {
                if (only != null && !only.equals(q.name)) {
                    continue;
                }
                int handled = q.completed + q.abandoned;
                c.send(AmiMessage.bareEvent("QueueParams", null).add("Queue", q.name).add("Max", q.max)
                        .add("Strategy", q.strategy).add("Calls", q.callers.size())
                        .add("Holdtime", q.completed == 0 ? 0 : q.totalHold / Math.max(1, q.completed))
                        .add("TalkTime", q.completed == 0 ? 0 : q.totalTalk / q.completed).add("Completed", q.completed)
                        .add("Abandoned", q.abandoned).add("ServiceLevel", q.serviceLevel)
                        .add("ServicelevelPerf", handled == 0 ? "0.0" : String.format(java.util.Locale.ROOT, "%.1f", q.completed * 100.0 / handled))
                        .add("ServicelevelPerf2", handled == 0 ? "0.0" : String.format(java.util.Locale.ROOT, "%.1f", q.completed * 100.0 / handled))
                        .add("Weight", 0).addIfPresent("ActionID", id));
                items++;
                for (SimQueue.Member m : q.members.values()) {
                    if (member != null && !member.equals(m.iface) && !member.equals(m.name)) {
                        continue;
                    }
                    c.send(AmiMessage.bareEvent("QueueMember", null).add("Queue", q.name).add("Name", m.name)
                            .add("Location", m.iface).add("StateInterface", m.iface).add("Membership", m.membership)
                            .add("Penalty", m.penalty).add("CallsTaken", m.callsTaken).add("LastCall", m.lastCall)
                            .add("LastPause", m.lastPause).add("LoginTime", m.loginTime).add("InCall", m.inCall ? "1" : "0")
                            .add("Status", m.status).add("Paused", m.paused ? "1" : "0").add("PausedReason", m.pausedReason)
                            .add("Wrapuptime", 0).addIfPresent("ActionID", id));
                    items++;
                }
                int pos = 1;
                for (SimQueue.Caller qc : q.callers) {
                    Chan ch = qc.chan;
                    c.send(AmiMessage.bareEvent("QueueEntry", null).add("Queue", q.name).add("Position", pos++)
                            .add("Channel", ch.name).add("Uniqueid", ch.uniqueid).add("CallerIDNum", ch.callerNum)
                            .add("CallerIDName", ch.callerName).add("ConnectedLineNum", ch.connNum)
                            .add("ConnectedLineName", ch.connName)
                            .add("Wait", (model.now().toEpochMilli() - qc.joinedEpochMillis) / 1000).add("Priority", 0)
                            .addIfPresent("ActionID", id));
                    items++;
                }
            }
            c.send(AmiMessage.listItem("QueueStatusComplete", id).add("EventList", "Complete").add("ListItems", items));
        }
    }

    static void summary(SimModel model, ClientConnection c, Action a, String id) {
        String only = a.value("Queue");
        synchronized (model) {
            c.send(AmiMessage.response("Success", id).add("EventList", "start").add("Message", "Queue summary will follow"));
            int items = 0;
            for (SimQueue q : model.queueMap().values()) {
                if (only != null && !only.equals(q.name)) {
                    continue;
                }
                long available = q.members.values().stream().filter(m -> !m.paused && !m.inCall).count();
                long longest = q.callers.isEmpty() ? 0
                        : (model.now().toEpochMilli() - q.callers.get(0).joinedEpochMillis) / 1000;
                c.send(AmiMessage.bareEvent("QueueSummary", null).add("Queue", q.name).add("LoggedIn", q.members.size())
                        .add("Available", available).add("Callers", q.callers.size())
                        .add("HoldTime", q.completed == 0 ? 0 : q.totalHold / q.completed)
                        .add("TalkTime", q.completed == 0 ? 0 : q.totalTalk / q.completed).add("LongestHoldTime", longest)
                        .addIfPresent("ActionID", id));
                items++;
            }
            c.send(AmiMessage.listItem("QueueSummaryComplete", id).add("EventList", "Complete").add("ListItems", items));
        }
    }

    private static String pauseDevice(SimQueue q, SimQueue.Member m) {
        return "Queue:" + q.name + "_pause_" + m.iface;
    }

    static void add(SimModel model, ClientConnection c, Action a, String id) {
        String queue = a.value("Queue");
        String iface = a.value("Interface");
        if (queue == null) {
            c.send(ActionHandler.error(id, "'Queue' not specified."));
            return;
        }
        if (iface == null) {
            c.send(ActionHandler.error(id, "'Interface' not specified."));
            return;
        }
        synchronized (model) {
            SimQueue q = model.queueMap().get(queue);
            if (q == null) {
                c.send(ActionHandler.error(id, "Unable to add interface to queue: No such queue"));
                return;
            }
            if (q.members.containsKey(iface)) {
                c.send(ActionHandler.error(id, "Unable to add interface: Already there"));
                return;
            }
            String name = a.value("MemberName");
            SimQueue.Member m = new SimQueue.Member(iface, name == null ? iface : name, "dynamic", model.now().getEpochSecond());
            String penalty = a.value("Penalty");
            m.penalty = parseInt(penalty, 0);
            m.paused = a.isTrue("Paused");
            q.members.put(iface, m);
            c.send(ok(id, "Added interface to queue"));
            model.emit(model.deviceState(pauseDevice(q, m), m.paused ? "INUSE" : "NOT_INUSE"));
            model.emit(model.memberEvent("QueueMemberAdded", q, m));
        }
    }

    static void remove(SimModel model, ClientConnection c, Action a, String id) {
        String queue = a.value("Queue");
        String iface = a.value("Interface");
        if (queue == null || iface == null) {
            c.send(ActionHandler.error(id, "Need 'Queue' and 'Interface' parameters."));
            return;
        }
        synchronized (model) {
            SimQueue q = model.queueMap().get(queue);
            if (q == null) {
                c.send(ActionHandler.error(id, "Unable to remove interface from queue: No such queue"));
                return;
            }
            SimQueue.Member m = q.members.get(iface);
            if (m == null) {
                c.send(ActionHandler.error(id, "Unable to remove interface: Not there"));
                return;
            }
            if (!m.membership.equals("dynamic")) {
                c.send(ActionHandler.error(id, "Member not dynamic"));
                return;
            }
            q.members.remove(iface);
            c.send(ok(id, "Removed interface from queue"));
            model.emit(model.memberEvent("QueueMemberRemoved", q, m));
        }
    }

    static void pause(SimModel model, ClientConnection c, Action a, String id) {
        String iface = a.value("Interface");
        String paused = a.value("Paused");
        if (iface == null || paused == null) {
            c.send(ActionHandler.error(id, "Need 'Interface' and 'Paused' parameters."));
            return;
        }
        String queue = a.value("Queue");
        String reason = a.value("Reason");
        boolean pause = a.isTrue("Paused");
        synchronized (model) {
            boolean found = false;
            for (SimQueue q : model.queueMap().values()) {
                if (queue != null && !queue.equals(q.name)) {
                    continue;
                }
                SimQueue.Member m = q.members.get(iface);
                if (m == null) {
                    continue;
                }
                if (!found) {
                    c.send(ok(id, pause ? "Interface paused successfully" : "Interface unpaused successfully"));
                }
                found = true;
                m.paused = pause;
                m.pausedReason = pause && reason != null ? reason : "";
                if (pause) {
                    m.lastPause = model.now().getEpochSecond();
                }
                model.emit(model.deviceState(pauseDevice(q, m), pause ? "INUSE" : "NOT_INUSE"));
                model.emit(model.memberEvent("QueueMemberPause", q, m));
            }
            if (!found) {
                c.send(ActionHandler.error(id, "Interface not found"));
            }
        }
    }

    static void penalty(SimModel model, ClientConnection c, Action a, String id) {
        String iface = a.value("Interface");
        String penalty = a.value("Penalty");
        if (iface == null || penalty == null) {
            c.send(ActionHandler.error(id, "Need 'Interface' and 'Penalty' parameters."));
            return;
        }
        int p = parseInt(penalty, -1);
        if (p < 0) {
            c.send(ActionHandler.error(id, "Invalid penalty"));
            return;
        }
        String queue = a.value("Queue");
        synchronized (model) {
            boolean found = false;
            for (SimQueue q : model.queueMap().values()) {
                SimQueue.Member m = q.members.get(iface);
                if (m == null || (queue != null && !queue.equals(q.name))) {
                    continue;
                }
                if (!found) {
                    c.send(ok(id, "Interface penalty set successfully"));
                }
                found = true;
                m.penalty = p;
                model.emit(model.memberEvent("QueueMemberPenalty", q, m));
            }
            if (!found) {
                c.send(ActionHandler.error(id, "Invalid interface, queuename or penalty"));
            }
        }
    }

    static int parseInt(String s, int fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static long seconds(Duration d) {
        return d.toSeconds();
    }
}
