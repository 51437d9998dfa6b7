package io.voipkit.core;

import io.voipkit.core.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Facts about the PBX itself (Asterisk {@code CoreSettings} + {@code CoreStatus}, FreeSWITCH
 * {@code status}).
 *
 * @param kind            which PBX software
 * @param version         its version, for example {@code 22.10.1}
 * @param uptime          how long the PBX has been running
 * @param reloadTime      when its configuration was last reloaded, or {@code null} if unknown
 * @param currentCalls    calls in progress (Asterisk counts channels of calls; both halves of a
 *                        {@code Local} channel count)
 * @param maxCalls        the configured call limit, 0 for none
 * @param systemName      the configured system name, or {@code null}
 * @param protocolVersion the management protocol version (AMI {@code AMIversion}), or {@code null}
 * @param details         further PBX-specific facts by name, in the PBX's order
 */
public record SystemInfo(PbxKind kind, String version, Duration uptime, Instant reloadTime, int currentCalls,
                         int maxCalls, String systemName, String protocolVersion, Map<String, String> details) {

    /** Validates every value and copies the details. */
    public SystemInfo {
        Checks.notNull(kind, "kind");
        Checks.wireText(version, "version");
        Checks.nonNegative(uptime, "uptime");
        Checks.nonNegative(currentCalls, "currentCalls");
        Checks.nonNegative(maxCalls, "maxCalls");
        systemName = Checks.blankToNull(systemName);
        protocolVersion = Checks.blankToNull(protocolVersion);
        Checks.notNull(details, "details");
        var copy = new java.util.LinkedHashMap<String, String>();
        details.forEach((k, v) -> copy.put(Checks.notNull(k, "details name"), Checks.notNull(v, "details[" + k + "]")));
        details = java.util.Collections.unmodifiableMap(copy);
    }
}
