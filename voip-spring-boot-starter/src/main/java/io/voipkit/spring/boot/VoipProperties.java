package io.voipkit.spring.boot;

import io.voipkit.core.PbxConfig;
import io.voipkit.core.event.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code voip.*} properties. Immutable; bound once at start-up.
 *
 * <pre>
 * voip.asterisk.host=pbx.example.com
 * voip.asterisk.username=crm
 * voip.asterisk.secret=${AMI_SECRET}
 * voip.asterisk.action-timeout=5s
 * </pre>
 *
 * <p>Either one Asterisk ({@code voip.asterisk.host} set), or several PBXs under
 * {@code voip.pbx.<id>.*}, or both (the single one gets the id {@code asterisk}). When none is
 * configured and {@code voip.simulator.enabled=true}, an embedded simulator stands in for the PBX.
 *
 * @param asterisk  The single Asterisk; inactive unless {@code voip.asterisk.host} is set
 * @param pbx       Further PBXs by id (letters, digits, {@code . _ -})
 * @param simulator The embedded simulator, used when no PBX is configured
 * @param events    Defaults for every event subscription of every PBX
 * @param logs      The in-memory buffer of tailed log lines (a {@code LogBuffer} bean), kept when
 *                  some PBX has log files
 */
@ConfigurationProperties("voip")
public record VoipProperties(@DefaultValue Connection asterisk, Map<String, Connection> pbx,
                             @DefaultValue Simulator simulator, @DefaultValue Events events,
                             @DefaultValue Logs logs) {

    /** Copies the map; fills absent sections with their defaults. */
    public VoipProperties {
        pbx = pbx == null ? Map.of() : Map.copyOf(pbx);
    }

    /**
     * Whether some PBX will tail log files: {@code voip.asterisk.log-files} (with a host),
     * {@code voip.pbx.<id>.log-files}, or, when the simulator stands in,
     * {@code voip.simulator.log-file}.
     */
    public boolean logFilesConfigured() {
        if (asteriskConfigured() && !asterisk.logFiles().isEmpty()) {
            return true;
        }
        for (Connection c : pbx.values()) {
            if (c != null && !c.logFiles().isEmpty()) {
                return true;
            }
        }
        return !asteriskConfigured() && pbx.isEmpty() && simulator != null && simulator.enabled()
                && simulator.logFile() != null;
    }

    /** Whether {@code voip.asterisk.host} is set. */
    public boolean asteriskConfigured() {
        return asterisk != null && asterisk.host() != null && !asterisk.host().isBlank();
    }

    /**
     * The settings of one PBX connection ({@code voip.asterisk.*} or {@code voip.pbx.<id>.*}).
     * {@link #toString()} never shows the secrets.
     *
     * @param type                 The adapter kind: {@code asterisk} (AMI, needs voip-ami) or
     *                             {@code freeswitch} (Event Socket, needs voip-freeswitch-esl)
     * @param host                 Host name or address of the PBX (AMI or Event Socket)
     * @param port                 AMI or Event Socket port; 0 means the default (Asterisk 5038, or
     *                             5039 with TLS; FreeSWITCH 8021)
     * @param username             The AMI user ({@code manager.conf}); required for Asterisk, must be
     *                             empty for FreeSWITCH (the event socket has only a password)
     * @param secret               The AMI user's secret, or FreeSWITCH's event socket password
     *                             ({@code event_socket.conf.xml}); required; never logged
     * @param tls                  Whether to connect over TLS (Asterisk only)
     * @param truststore           A PKCS12/JKS trust store for TLS, instead of the JVM's default trust
     * @param truststorePassword   The trust store's password; never logged
     * @param hostnameVerification Whether TLS checks the certificate's host name
     * @param zone                 The PBX's time zone (for log lines and CDR times without an offset),
     *                             for example {@code Europe/Berlin}; empty means this JVM's zone
     *                             (Asterisk only)
     * @param logFiles             Asterisk log files to tail, for example {@code /var/log/asterisk/full}
     *                             (Asterisk only)
     * @param connectTimeout       TCP connect, greeting and login of one attempt
     * @param actionTimeout        How long an action waits for the PBX's answer
     * @param resyncTimeout        How long the state synchronisation after a (re)connect may take
     * @param reconnect            The backoff between reconnect attempts
     * @param failFast             Whether start-up fails when the first connect fails; by default the
     *                             application starts and keeps trying in the background
     * @param eventFormat          How FreeSWITCH serialises the events it sends: {@code plain} (URL-encoded
     *                             headers, the cheapest to decode), {@code json} or {@code xml}; the events
     *                             the application sees are the same. Empty means {@code plain}
     *                             (FreeSWITCH only)
     * @param parkingLot           The mod_valet_parking lot that {@code CallControl.park} parks calls in
     *                             (letters, digits and {@code _ . @ -}). Empty means {@code voipkit}
     *                             (FreeSWITCH only; Asterisk parks in its own {@code res_parking} lots)
     * @param parkingSlots         The slots (extensions) parked calls get, {@code <first>-<last>} inclusive,
     *                             for example {@code 6001-6099}; keep them clear of the dialplan's own
     *                             extensions. Empty means {@code 6001-6099} (FreeSWITCH only)
     */
    public record Connection(@DefaultValue("asterisk") String type, String host, @DefaultValue("0") int port,
                             String username, String secret, @DefaultValue("false") boolean tls, Path truststore,
                             String truststorePassword, @DefaultValue("true") boolean hostnameVerification,
                             String zone, List<Path> logFiles,
                             @DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration actionTimeout,
                             @DefaultValue("30s") Duration resyncTimeout, @DefaultValue Reconnect reconnect,
                             @DefaultValue("false") boolean failFast, EventFormat eventFormat, String parkingLot,
                             String parkingSlots) {

        /** Copies the list. */
        public Connection {
            logFiles = logFiles == null ? List.of() : List.copyOf(logFiles);
            reconnect = reconnect == null ? new Reconnect(PbxConfig.DEFAULT_RECONNECT_INITIAL_DELAY,
                    PbxConfig.DEFAULT_RECONNECT_MAX_DELAY, PbxConfig.DEFAULT_RECONNECT_MULTIPLIER) : reconnect;
        }

        /** Everything but the secrets. */
        @Override
        public String toString() {
            return "Connection[type=" + type + ", host=" + host + ", port=" + port + ", username=" + username
                    + ", secret=" + (secret == null ? "(none)" : "****") + ", tls=" + tls + ", truststore=" + truststore
                    + ", zone=" + zone + ", logFiles=" + logFiles + ", connectTimeout=" + connectTimeout
                    + ", actionTimeout=" + actionTimeout + ", reconnect=" + reconnect + ", failFast=" + failFast
                    + (eventFormat == null ? "" : ", eventFormat=" + eventFormat)
                    + (parkingLot == null ? "" : ", parkingLot=" + parkingLot)
                    + (parkingSlots == null ? "" : ", parkingSlots=" + parkingSlots) + "]";
        }    }

    /**
     * How FreeSWITCH serialises its events on the Event Socket ({@code event plain|json|xml}). The
     * mapped events are the same in every format; {@code PLAIN} is the cheapest to decode, the
     * others exist for a FreeSWITCH whose event hooks or proxies expect them.
     */
    public enum EventFormat {
        /** {@code text/event-plain}: URL-encoded headers (the default). */
        PLAIN,
        /** {@code text/event-json}. */
        JSON,
        /** {@code text/event-xml}. */
        XML
    }

    /**
     * Reconnect backoff: waits grow from {@code initialDelay} by {@code multiplier} up to
     * {@code maxDelay}, forever, until the application stops.
     *
     * @param initialDelay The wait before the first reconnect attempt
     * @param maxDelay     The longest wait between attempts
     * @param multiplier   Growth per failed attempt (1.0 = constant)
     */
    public record Reconnect(@DefaultValue("1s") Duration initialDelay, @DefaultValue("30s") Duration maxDelay,
                            @DefaultValue("2.0") double multiplier) {
    }

    /**
     * The embedded simulator ({@code voip-simulator} on the classpath): a loopback PBX speaking
     * Asterisk's AMI, so the application runs with no PBX at all. Used only when no PBX is
     * configured.
     *
     * @param enabled        Whether to start the simulator when no PBX is configured
     * @param phones         How many PJSIP phones the simulator has ({@code 101-ep}, {@code 102-ep}, ...)
     * @param registered     How many of them are registered (online) at start; -1 means all
     * @param callsPerSecond Random traffic: call steps per second; 0 for none
     * @param seed           Seed of the random traffic, for repeatable runs
     * @param logFile        A file the simulator writes Asterisk-format log lines to (as Asterisk's
     *                       {@code full} log), emptied at start; the PBX tails it like a real
     *                       Asterisk's log and a {@code LogBuffer} bean keeps the lines. Empty
     *                       means no log
     * @param logNoise       Also write a NOTICE, WARNING, ERROR, DEBUG or VERBOSE line about a random
     *                       phone every few seconds (needs {@code log-file}), so that a log viewer
     *                       shows every level
     */
    public record Simulator(@DefaultValue("false") boolean enabled, @DefaultValue("10") int phones,
                            @DefaultValue("-1") int registered, @DefaultValue("0") double callsPerSecond,
                            @DefaultValue("42") long seed, Path logFile, @DefaultValue("false") boolean logNoise) {
    }

    /**
     * Defaults of every event subscription.
     *
     * @param queueCapacity  The bound of each subscription's queue
     * @param overflowPolicy What happens when a subscription's queue is full: {@code BLOCK} (the
     *                       PBX's dispatch waits), {@code DROP_OLDEST} (counted in metrics) or
     *                       {@code FAIL}
     */
    public record Events(@DefaultValue("8192") int queueCapacity, @DefaultValue("BLOCK") OverflowPolicy overflowPolicy) {
    }

    /**
     * The buffer of tailed log lines, a {@code LogBuffer} bean ({@code voip-ami} on the classpath)
     * that a log viewer queries for history, filters and per-level counts. Created when some PBX
     * has log files; fed from every PBX's {@code LogLineReceived} events.
     *
     * @param bufferLines How many log lines the buffer keeps; the oldest are evicted first
     */
    public record Logs(@DefaultValue("10000") int bufferLines) {
    }
}
