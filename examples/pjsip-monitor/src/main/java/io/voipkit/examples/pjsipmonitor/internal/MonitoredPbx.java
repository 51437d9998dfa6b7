package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.simulator.PbxSimulator;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The one PBX the monitor watches, as {@code voip-spring-boot-starter} wires it: a real Asterisk
 * ({@code voip.asterisk.host}) or, by default, the embedded simulator
 * ({@code voip.simulator.enabled=true}). The starter connects it in the background at start-up
 * (the page comes up, red, while the PBX is away) and closes it at shutdown; this class only
 * picks it and names the mode.
 */
public final class MonitoredPbx {
    private final Pbx pbx;
    private final boolean simulation;

    /**
     * @throws InvalidRequestException when the properties configure no PBX or several
     */
    public MonitoredPbx(ObjectProvider<Pbx> pbx, ObjectProvider<PbxRegistry> registry,
                        ObjectProvider<PbxSimulator> simulator) {
        Pbx one = pbx.getIfUnique();
        if (one == null) {
            PbxRegistry r = registry.getIfAvailable();
            throw new InvalidRequestException("voip.asterisk.host", "the monitor watches exactly one PBX: set "
                    + "voip.asterisk.host (a real Asterisk) or voip.simulator.enabled=true (the built-in simulator); "
                    + "configured: " + (r == null ? "none" : r.ids()));
        }
        this.pbx = one;
        this.simulation = simulator.getIfAvailable() != null;
    }

    /** The PBX (connected or not). */
    public Pbx pbx() {
        return pbx;
    }

    /** {@code simulation} or {@code asterisk}. */
    public String mode() {
        return simulation ? "simulation" : "asterisk";
    }

    @Override
    public String toString() {
        return "MonitoredPbx[mode=" + mode() + ", pbx=" + pbx + "]";
    }
}
