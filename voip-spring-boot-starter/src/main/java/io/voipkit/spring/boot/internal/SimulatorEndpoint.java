package io.voipkit.spring.boot.internal;

import io.voipkit.core.internal.Checks;
import java.nio.file.Path;

/**
 * Where the embedded simulator listens, and the log file it writes. A bean of its own so that
 * the registry can depend on the simulator without naming {@code voip-simulator}'s classes (an
 * optional dependency).
 *
 * @param amiPort the simulator's loopback AMI port
 * @param logFile the Asterisk-format log the simulator writes (the PBX tails it), or {@code null}
 */
public record SimulatorEndpoint(int amiPort, Path logFile) {
    /** The built-in AMI user (and secret) of {@code PbxSimulator}. */
    public static final String USER = "voipkit";

    /** Validates the port. */
    public SimulatorEndpoint {
        Checks.positive(amiPort, "amiPort");
    }

    /** A simulator without a log file. */
    public SimulatorEndpoint(int amiPort) {
        this(amiPort, null);
    }
}
