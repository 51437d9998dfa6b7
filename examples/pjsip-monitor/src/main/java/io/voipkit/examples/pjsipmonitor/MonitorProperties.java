package io.voipkit.examples.pjsipmonitor;

import io.voipkit.core.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the monitor is configured with, bound from the {@code voip.*} properties (see
 * {@code application.yml} and the README for each one). Immutable; {@link #toString()} never
 * shows a secret or a password.
 *
 * <p>These properties move to {@code voip-spring-boot-starter} once it exists; the names stay.
 *
 * @param asterisk  the real Asterisk to watch; without a host the built-in simulator is used
 * @param simulator the built-in simulator (simulation mode only)
 * @param monitor   the web application itself: log-in, data directory, buffers
 */
@ConfigurationProperties("voip")
public record MonitorProperties(@DefaultValue Asterisk asterisk, @DefaultValue Simulator simulator,
                                @DefaultValue Monitor monitor) {

    /**
     * The AMI connection and log files of a real Asterisk.
     *
     * @param host     AMI host; blank means simulation mode
     * @param port     AMI port, 0 for the default (5038, or 5039 with TLS)
     * @param username AMI user
     * @param secret   AMI secret (required with a host)
     * @param tls      AMI over TLS
     * @param logFiles Asterisk log files to tail, such as {@code /var/log/asterisk/full}
     * @param zone     the Asterisk host's time zone (its log and CDR times carry none); default this JVM's
     */
    public record Asterisk(String host, @DefaultValue("0") int port, @DefaultValue("voipkit") String username,
                           String secret, @DefaultValue("false") boolean tls, @DefaultValue List<Path> logFiles,
                           ZoneId zone) {
        /** Validates the port and copies the list. */
        public Asterisk {
            if (port < 0 || port > 65535) {
                throw new InvalidRequestException("voip.asterisk.port", "must be 0..65535, was " + port);
            }
            logFiles = logFiles == null ? List.of() : List.copyOf(logFiles);
        }

        /** Whether a real Asterisk is configured (else simulation mode). */
        public boolean configured() {
            return host != null && !host.isBlank();
        }

        @Override
        public String toString() {
            return "Asterisk[host=" + host + ", port=" + port + ", username=" + username
                    + ", secret=" + (secret == null ? "(none)" : "****") + ", tls=" + tls + ", logFiles=" + logFiles
                    + ", zone=" + zone + "]";
        }
    }

    /**
     * The embedded simulator of simulation mode.
     *
     * @param phones         PJSIP phones ({@code 101-ep} ...), 1..9000
     * @param registered     how many of them register at start
     * @param callsPerSecond random traffic steps per second, 0 for none
     * @param seed           the traffic's seed (reproducible runs)
     * @param logNoise       also write NOTICE/WARNING/ERROR/DEBUG lines now and then, so the log
     *                       viewer shows every level
     */
    public record Simulator(@DefaultValue("20") int phones, @DefaultValue("15") int registered,
                            @DefaultValue("0.5") double callsPerSecond, @DefaultValue("42") long seed,
                            @DefaultValue("true") boolean logNoise) {
        /** Validates the numbers. */
        public Simulator {
            if (phones < 1 || phones > 9000) {
                throw new InvalidRequestException("voip.simulator.phones", "must be 1..9000, was " + phones);
            }
            if (registered < 0 || registered > phones) {
                throw new InvalidRequestException("voip.simulator.registered", "must be 0.." + phones + ", was " + registered);
            }
            if (!(callsPerSecond >= 0 && callsPerSecond <= 10_000)) {
                throw new InvalidRequestException("voip.simulator.calls-per-second", "must be 0..10000, was " + callsPerSecond);
            }
        }
    }

    /**
     * The web application.
     *
     * @param username       the log-in user
     * @param password       its password; blank means one is generated and printed once at start
     * @param dataDir        where sections are stored ({@code sections.json}) and the simulator's log goes
     * @param logBufferLines log lines kept in memory for the viewer's history
     * @param statusInterval the shortest time between two status pushes (coalescing)
     */
    public record Monitor(@DefaultValue("admin") String username, String password,
                          @DefaultValue("./data") Path dataDir, @DefaultValue("10000") int logBufferLines,
                          @DefaultValue("100ms") Duration statusInterval) {
        /** Validates the values. */
        public Monitor {
            if (username == null || username.isBlank() || username.length() > 64) {
                throw new InvalidRequestException("voip.monitor.username", "must be 1..64 characters");
            }
            if (logBufferLines < 1 || logBufferLines > 1_000_000) {
                throw new InvalidRequestException("voip.monitor.log-buffer-lines", "must be 1..1000000, was " + logBufferLines);
            }
            if (statusInterval == null || statusInterval.toMillis() < 10 || statusInterval.toSeconds() > 60) {
                throw new InvalidRequestException("voip.monitor.status-interval", "must be 10ms..60s, was " + statusInterval);
            }
        }

        @Override
        public String toString() {
            return "Monitor[username=" + username + ", password=" + (password == null || password.isBlank() ? "(generated)" : "****")
                    + ", dataDir=" + dataDir + ", logBufferLines=" + logBufferLines + ", statusInterval=" + statusInterval + "]";
        }
    }
}
