package io.voipkit.simulator.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One simulated channel. Guarded by the {@link SimModel} lock. */
final class Chan {
    final String name;
    final String uniqueid;
    String linkedid;
    int state;
    String callerNum = "<unknown>";
    String callerName = "<unknown>";
    String connNum = "<unknown>";
    String connName = "<unknown>";
    String accountCode = "";
    String context;
    String exten;
    int priority = 1;
    String application = "";
    String appData = "";
    final Instant created;
    Instant answered;
    Bridge bridge;
    final String endpoint; // PJSIP endpoint name, or null for Local channels
    final Map<String, String> vars = new LinkedHashMap<>();
    Chan peer; // the other leg of a two-party call
    Chan localOther; // the other half of a Local channel pair
    boolean gone; // hung up
    String mixMonitorFile; // recording file while a MixMonitor runs on this channel, else null

    Chan(String name, String uniqueid, String linkedid, int state, String context, String exten, Instant created, String endpoint) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
        this.state = state;
        this.context = context;
        this.exten = exten;
        this.created = created;
        this.endpoint = endpoint;
    }

    static String stateDesc(int state) {
        return switch (state) {
            case 0 -> "Down";
            case 1 -> "Rsrvd";
            case 2 -> "OffHook";
            case 3 -> "Dialing";
            case 4 -> "Ring";
            case 5 -> "Ringing";
            case 6 -> "Up";
            case 7 -> "Busy";
            case 8 -> "Dialing Offhook";
            case 9 -> "Pre-ring";
            default -> "Unknown";
        };
    }

    /** Appends the 14-header channel snapshot block with an optional prefix ({@code Dest}, {@code LocalOne}...). */
    AmiMessage snapshot(AmiMessage m, String prefix) {
        return m.add(prefix + "Channel", name)
                .add(prefix + "ChannelState", Integer.toString(state))
                .add(prefix + "ChannelStateDesc", stateDesc(state))
                .add(prefix + "CallerIDNum", callerNum)
                .add(prefix + "CallerIDName", callerName)
                .add(prefix + "ConnectedLineNum", connNum)
                .add(prefix + "ConnectedLineName", connName)
                .add(prefix + "Language", "en")
                .add(prefix + "AccountCode", accountCode)
                .add(prefix + "Context", context)
                .add(prefix + "Exten", exten)
                .add(prefix + "Priority", Integer.toString(priority))
                .add(prefix + "Uniqueid", uniqueid)
                .add(prefix + "Linkedid", linkedid);
    }
}
