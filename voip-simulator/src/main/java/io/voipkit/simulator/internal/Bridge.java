package io.voipkit.simulator.internal;

import java.util.ArrayList;
import java.util.List;

/** One simulated bridge (basic two-party). Guarded by the {@link SimModel} lock. */
final class Bridge {
    final String id;
    final String type;
    final String technology;
    final List<Chan> channels = new ArrayList<>();

    Bridge(String id, String type, String technology) {
        this.id = id;
        this.type = type;
        this.technology = technology;
    }

    AmiMessage snapshot(AmiMessage m) {
        return m.add("BridgeUniqueid", id)
                .add("BridgeType", type)
                .add("BridgeTechnology", technology)
                .add("BridgeCreator", "<unknown>")
                .add("BridgeName", "<unknown>")
                .add("BridgeNumChannels", Integer.toString(channels.size()))
                .add("BridgeVideoSourceMode", "none");
    }
}
