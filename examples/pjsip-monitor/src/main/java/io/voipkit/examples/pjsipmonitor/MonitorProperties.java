package io.voipkit.examples.pjsipmonitor;

import io.voipkit.core.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The monitor's own settings, {@code voip.monitor.*}. The PBX, the simulator and the log buffer
 * are configured through {@code voip-spring-boot-starter}'s {@code voip.asterisk.*},
 * {@code voip.simulator.*} and {@code voip.logs.*} (see {@code application.yml} and the README).
 * Immutable; {@link #toString()} never shows the password.
 *
 * @param username       the log-in user
 * @param password       its password; blank means one is generated and printed once at start
 * @param dataDir        where sections are stored ({@code sections.json}); {@code application.yml}
 *                       also puts the simulator's log under it
 * @param statusInterval the shortest time between two status pushes (coalescing)
 */
@ConfigurationProperties("voip.monitor")
public record MonitorProperties(@DefaultValue("admin") String username, String password,
                                @DefaultValue("./data") Path dataDir, @DefaultValue("100ms") Duration statusInterval) {

    /** Validates the values. */
    public MonitorProperties {
        if (username == null || username.isBlank() || username.length() > 64) {
            throw new InvalidRequestException("voip.monitor.username", "must be 1..64 characters");
        }
        if (dataDir == null || dataDir.toString().isBlank()) {
            throw new InvalidRequestException("voip.monitor.data-dir", "is required");
        }
        if (statusInterval == null || statusInterval.toMillis() < 10 || statusInterval.toSeconds() > 60) {
            throw new InvalidRequestException("voip.monitor.status-interval", "must be 10ms..60s, was " + statusInterval);
        }
    }

    @Override
    public String toString() {
        return "MonitorProperties[username=" + username + ", password="
                + (password == null || password.isBlank() ? "(generated)" : "****")
                + ", dataDir=" + dataDir + ", statusInterval=" + statusInterval + "]";
    }
}
