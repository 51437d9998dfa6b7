package io.voipkit.spring.boot.internal;

import io.voipkit.core.ActionObserver;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.spi.PbxProvider;
import io.voipkit.spring.boot.VoipProperties;
import io.voipkit.spring.boot.VoipProperties.Connection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link VoipProperties} into unconnected {@link Pbx} instances in a {@link PbxRegistry},
 * through the adapters' {@link PbxProvider}s (so that no adapter is a compile-time dependency).
 * Every error is an {@link InvalidRequestException} whose field is the full property name, for
 * example {@code voip.asterisk.secret}.
 */
public final class PbxFactory {
    private static final Logger log = LoggerFactory.getLogger(PbxFactory.class);
    /** The id of the PBX configured under {@code voip.asterisk.*}. */
    public static final String ASTERISK_ID = "asterisk";
    /** The id of the PBX connected to the embedded simulator. */
    public static final String SIMULATOR_ID = "simulator";
    private static final String FREESWITCH = "freeswitch";

    private PbxFactory() {
    }

    /**
     * The number of PBXs the properties configure (not counting the simulator).
     */
    public static int configuredCount(VoipProperties p) {
        return (p.asteriskConfigured() ? 1 : 0) + p.pbx().size();
    }

    /**
     * Builds every configured PBX, or the one behind the simulator when {@code simulator} is
     * given and no PBX is configured. On any error, closes what was already built.
     *
     * @param simulator where the embedded simulator listens, or {@code null}
     * @throws InvalidRequestException naming the property that is missing or wrong
     */
    public static PbxRegistry createRegistry(VoipProperties p, SimulatorEndpoint simulator, ClassLoader classLoader) {
        return createRegistry(p, simulator, classLoader, ActionObserver.NONE);
    }

    /**
     * As {@link #createRegistry(VoipProperties, SimulatorEndpoint, ClassLoader)}, every PBX
     * telling {@code observer} about its actions.
     */
    public static PbxRegistry createRegistry(VoipProperties p, SimulatorEndpoint simulator, ClassLoader classLoader,
                                             ActionObserver observer) {
        // The observer travels in the events config, which reaches every create(): no signature changes.
        PbxConfig events = eventDefaults(p.events()).toBuilder().actionObserver(Checks.notNull(observer, "observer")).build();
        PbxRegistry registry = new PbxRegistry();
        try {
            if (p.asteriskConfigured()) {
                registry.register(create(ASTERISK_ID, "voip.asterisk.", p.asterisk(), events, classLoader));
            }
            for (Map.Entry<String, Connection> e : new java.util.TreeMap<>(p.pbx()).entrySet()) {
                String prefix = "voip.pbx." + e.getKey() + ".";
                if (p.asteriskConfigured() && e.getKey().equals(ASTERISK_ID)) {
                    throw new InvalidRequestException("voip.pbx." + ASTERISK_ID,
                            "clashes with the PBX of voip.asterisk.*, which has the id 'asterisk'; choose another id");
                }
                registry.register(create(e.getKey(), prefix, e.getValue(), events, classLoader));
            }
            if (registry.ids().isEmpty() && p.simulator().enabled()) {
                if (simulator == null) {
                    throw new InvalidRequestException("voip.simulator.enabled",
                            "is true but io.voipkit:voip-simulator is not on the classpath; add it or configure voip.asterisk.host");
                }
                Map<String, String> m = new LinkedHashMap<>();
                m.put("host", "127.0.0.1");
                m.put("port", Integer.toString(simulator.amiPort()));
                m.put("username", SimulatorEndpoint.USER);
                m.put("secret", SimulatorEndpoint.USER);
                // The simulator writes its times in UTC, whatever this machine's zone.
                m.put("zone", "UTC");
                if (simulator.logFile() != null) {
                    // Tailed like a real Asterisk's log: the same code path, lines as LogLineReceived.
                    m.put("log-files", simulator.logFile().toString());
                }
                putEvents(m, events);
                registry.register(create(provider("asterisk", "voip.simulator.enabled", classLoader), SIMULATOR_ID, m, events));
            }
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        if (registry.ids().isEmpty()) {
            log.info("voipkit: no PBX configured (set voip.asterisk.host, voip.pbx.<id>.host or voip.simulator.enabled=true)");
        }
        return registry;
    }

    /** Validates {@code voip.events.*} by building a {@link PbxConfig} from it. */
    static PbxConfig eventDefaults(VoipProperties.Events events) {
        PbxConfig.Builder b = PbxConfig.builder();
        try {
            b.eventQueueCapacity(events.queueCapacity());
        } catch (InvalidRequestException e) {
            throw renamed(e, "voip.events.queue-capacity");
        }
        if (events.overflowPolicy() == null) {
            throw new InvalidRequestException("voip.events.overflow-policy", "must be one of BLOCK, DROP_OLDEST, FAIL");
        }
        return b.overflowPolicy(events.overflowPolicy()).build();
    }

    private static Pbx create(String id, String prefix, Connection c, PbxConfig events, ClassLoader classLoader) {
        if (c == null) {
            throw new InvalidRequestException(prefix.substring(0, prefix.length() - 1), "has no settings");
        }
        String type = c.type() == null || c.type().isBlank() ? "asterisk" : c.type().strip().toLowerCase(Locale.ROOT);
        PbxProvider provider = provider(type, prefix + "type", classLoader);
        if (c.host() == null || c.host().isBlank()) {
            throw new InvalidRequestException(prefix + "host", "is required");
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", c.host());
        if (c.port() != 0) {
            if (c.port() < 1 || c.port() > 65535) {
                throw new InvalidRequestException(prefix + "port", "must be 1 to 65535 (or 0 for the default), was " + c.port());
            }
            m.put("port", Integer.toString(c.port()));
        }
        if (FREESWITCH.equals(type)) {
            putFreeSwitch(m, prefix, c);
        } else {
            putAsterisk(m, prefix, c);
        }
        putDuration(m, "connect-timeout", c.connectTimeout());
        putDuration(m, "action-timeout", c.actionTimeout());
        putDuration(m, "resync-timeout", c.resyncTimeout());
        putDuration(m, "reconnect-initial-delay", c.reconnect().initialDelay());
        putDuration(m, "reconnect-max-delay", c.reconnect().maxDelay());
        m.put("reconnect-multiplier", Double.toString(c.reconnect().multiplier()));
        putEvents(m, events);
        try {
            return create(provider, id, m, events);
        } catch (InvalidRequestException e) {
            if (e.field() != null && e.field().equals("id")) {
                throw renamed(e, prefix.substring(0, prefix.length() - 1));
            }
            String field = FREESWITCH.equals(type) && "password".equals(e.field()) ? "secret" : e.field();
            throw renamed(e, prefix + propertyName(field));
        }
    }

    /**
     * The AMI settings: user, secret and TLS. The provider checks that user and secret are set.
     * The FreeSWITCH-only properties are rejected rather than ignored, the mirror of
     * {@link #putFreeSwitch}: a parking lot the user believes in must not silently do nothing.
     */
    private static void putAsterisk(Map<String, String> m, String prefix, Connection c) {
        if (c.eventFormat() != null) {
            throw new InvalidRequestException(prefix + "event-format",
                    "is read only for FreeSWITCH (type=freeswitch); Asterisk's AMI has one event format; remove it");
        }
        if (isSet(c.parkingLot())) {
            throw new InvalidRequestException(prefix + "parking-lot", "is read only for FreeSWITCH (type=freeswitch);"
                    + " Asterisk parks calls in the lots of its res_parking.conf; remove it");
        }
        if (isSet(c.parkingSlots())) {
            throw new InvalidRequestException(prefix + "parking-slots", "is read only for FreeSWITCH (type=freeswitch);"
                    + " Asterisk's parking spaces are set in its res_parking.conf; remove it");
        }
        putIfSet(m, "username", c.username());
        putIfSet(m, "secret", c.secret());
        m.put("tls", Boolean.toString(c.tls()));
        if (c.truststore() != null) {
            m.put("truststore", c.truststore().toString());
        }
        putIfSet(m, "truststore-password", c.truststorePassword());
        m.put("hostname-verification", Boolean.toString(c.hostnameVerification()));
        putIfSet(m, "zone", c.zone());
        if (!c.logFiles().isEmpty()) {
            m.put("log-files", c.logFiles().stream().map(Path::toString).collect(Collectors.joining(",")));
        }
    }

    /**
     * The Event Socket settings: only a password ({@code event_socket.conf.xml}), passed as the
     * provider's {@code password}. The AMI-only properties are rejected rather than ignored, so
     * that a setting the user believes in (TLS, a user name, a log to tail) is never silently
     * dropped; the port defaults to the provider's 8021.
     */
    private static void putFreeSwitch(Map<String, String> m, String prefix, Connection c) {
        if (c.username() != null && !c.username().isBlank()) {
            throw new InvalidRequestException(prefix + "username",
                    "FreeSWITCH's event socket has no user name, only a password; remove it and set " + prefix + "secret");
        }
        if (c.secret() == null || c.secret().isBlank()) {
            throw new InvalidRequestException(prefix + "secret",
                    "is required (the event socket password, event_socket.conf.xml 'password')");
        }
        m.put("password", c.secret());
        if (c.tls() || c.truststore() != null || c.truststorePassword() != null) {
            throw new InvalidRequestException(prefix + "tls",
                    "FreeSWITCH's event socket has no TLS; remove tls/truststore (tunnel it, e.g. stunnel or SSH, if needed)");
        }
        if (!c.logFiles().isEmpty()) {
            throw new InvalidRequestException(prefix + "log-files", "are read only for Asterisk (type=asterisk)");
        }
        if (c.zone() != null && !c.zone().isBlank()) {
            throw new InvalidRequestException(prefix + "zone",
                    "is not used for FreeSWITCH (its events carry their own UTC time stamps); remove it");
        }
        // The adapter's own settings; empty means its default. The provider validates the values
        // (lot characters, slot range) and its field names are renamed to these properties.
        if (c.eventFormat() != null) {
            m.put("event-format", c.eventFormat().name().toLowerCase(Locale.ROOT));
        }
        if (isSet(c.parkingLot())) {
            m.put("parking-lot", c.parkingLot().strip());
        }
        if (isSet(c.parkingSlots())) {
            String slots = c.parkingSlots().strip();
            // The provider reads '<first>-<last>'; a missing or extra dash would otherwise surface as
            // "not a whole number" about half of the value.
            if (!slots.matches("\\d{1,9}\\s*-\\s*\\d{1,9}")) {
                throw new InvalidRequestException(prefix + "parking-slots",
                        "must be <first>-<last> (whole numbers, for example 6001-6099), was " + Checks.abbreviate(slots));
            }
            m.put("parking-slots", slots);
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * The provider's PBX, given the action observer through a base configuration (the properties
     * carry every other setting). A provider that cannot take one (not voipkit's) still builds its
     * PBX, without action timers, and says so.
     */
    private static Pbx create(PbxProvider provider, String id, Map<String, String> m, PbxConfig events) {
        ActionObserver observer = events.actionObserver();
        if (observer == ActionObserver.NONE) {
            return provider.create(id, m);
        }
        try {
            return provider.create(id, m, PbxConfig.builder().actionObserver(observer).build());
        } catch (InvalidRequestException e) {
            if (!"base".equals(e.field())) {
                throw e;
            }
            log.warn("voipkit: PBX {}: {}; its actions are not timed (voip.action.latency)", id, e.getMessage());
            return provider.create(id, m);
        }
    }

    private static PbxProvider provider(String type, String property, ClassLoader classLoader) {
        return PbxProvider.find(type, classLoader).orElseThrow(() -> new InvalidRequestException(property,
                "no adapter for '" + type + "' on the classpath" + ("asterisk".equals(type)
                        ? " (add io.voipkit:voip-ami)"
                        : FREESWITCH.equals(type) ? " (add io.voipkit:voip-freeswitch-esl)"
                        : "; known: asterisk, freeswitch")));
    }

    private static void putEvents(Map<String, String> m, PbxConfig events) {
        m.put("event-queue-capacity", Integer.toString(events.eventQueueCapacity()));
        m.put("overflow-policy", events.overflowPolicy().name());
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putDuration(Map<String, String> m, String key, java.time.Duration d) {
        if (d != null) {
            m.put(key, d.toMillis() + "ms");
        }
    }

    /** {@code actionTimeout} → {@code action-timeout}; {@code reconnectMaxDelay} → {@code reconnect.max-delay}. */
    static String propertyName(String field) {
        if (field == null || field.isBlank()) {
            return "(unknown)";
        }
        String kebab = field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return switch (kebab) {
            case "reconnect-initial-delay" -> "reconnect.initial-delay";
            case "reconnect-max-delay" -> "reconnect.max-delay";
            case "reconnect-multiplier" -> "reconnect.multiplier";
            case "trust-store" -> "truststore";
            case "trust-store-password" -> "truststore-password";
            case "zone-id" -> "zone";
            default -> kebab;
        };
    }

    /** The same problem, with the field renamed to the full property name. */
    static InvalidRequestException renamed(InvalidRequestException e, String property) {
        String msg = e.getMessage();
        String problem = e.field() != null && msg != null && msg.startsWith(e.field() + ": ")
                ? msg.substring(e.field().length() + 2) : msg;
        // Not chained: the cause would only repeat the problem under the adapter's short field name.
        return new InvalidRequestException(property, problem);
    }
}
