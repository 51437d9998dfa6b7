package io.voipkit.spring.boot.internal;

import io.voipkit.core.internal.Checks;

/**
 * Where the embedded simulator listens. A bean of its own so that the registry can depend on
 * the simulator without naming {@code voip-simulator}'s classes (an optional dependency).
 *
 * @param amiPort the simulator's loopback AMI port
 */
public record SimulatorEndpoint(int amiPort) {
    /** The built-in AMI user (and secret) of {@code PbxSimulator}. */
    public static final String USER = "voipkit";

    /** Validates the port. */
    public SimulatorEndpoint {
        Checks.positive(amiPort, "amiPort");
    }
}
