package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.spi.PbxProvider;
import io.voipkit.freeswitch.FreeSwitchPbx;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@link FreeSwitchPbx} instances from properties (kind {@code freeswitch}), for the
 * Spring Boot starter and other configuration-driven users. Registered in
 * {@code META-INF/services/io.voipkit.core.spi.PbxProvider}.
 *
 * <p>Adapter keys: {@code host} (required), {@code port} (8021), {@code password} (required; also
 * accepted as {@code secret}), {@code event-format} ({@code plain}, {@code json} or {@code xml}),
 * {@code parking-lot}, {@code parking-slots} ({@code 6001-6099}). The {@link PbxConfig} keys
 * ({@code connect-timeout}, {@code action-timeout}, {@code reconnect-initial-delay}, ...) go to
 * {@link PbxConfig.Builder#properties}. Keys are matched ignoring case, dashes, dots and
 * underscores; an unknown key is rejected so that a typo does not silently fall back to a default.
 */
public final class FreeSwitchPbxProvider implements PbxProvider {

    private static final Set<String> CORE_KEYS = Set.of("connecttimeout", "actiontimeout", "reconnectinitialdelay",
            "reconnectmaxdelay", "reconnectmultiplier", "eventqueuecapacity", "overflowpolicy", "maxframelinelength",
            "maxheadersperframe", "maxframebytes", "resynctimeout");

    /** For {@link java.util.ServiceLoader}. */
    public FreeSwitchPbxProvider() {
    }

    /** {@code freeswitch}. */
    @Override
    public String kind() {
        return "freeswitch";
    }

    @Override
    public Pbx create(String id, Map<String, String> properties) {
        return create(id, properties, PbxConfig.defaults());
    }

    /** As {@link #create(String, Map)}, the core keys applied over {@code base} (which carries the action observer). */
    @Override
    public Pbx create(String id, Map<String, String> properties, PbxConfig base) {
        Checks.identifier(id, "id");
        Checks.notNull(properties, "properties");
        Checks.notNull(base, "base");
        Map<String, String> core = new LinkedHashMap<>();
        FreeSwitchPbx.Builder b = FreeSwitchPbx.builder().id(id);
        Map<String, String> adapter = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = Checks.wireText(e.getKey(), "properties key");
            String norm = key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
            if (e.getValue() == null) {
                throw new InvalidRequestException(key, "must not be null");
            }
            if (CORE_KEYS.contains(norm)) {
                core.put(key, e.getValue());
            } else {
                adapter.put(norm, e.getValue().strip());
            }
        }
        b.config(base.toBuilder().properties(core).build());
        for (Map.Entry<String, String> e : adapter.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "host" -> b.host(v);
                case "port" -> b.port(parseInt(v, "port"));
                case "password", "secret" -> b.password(v);
                case "eventformat" -> {
                    try {
                        b.eventFormat(FreeSwitchPbx.EventFormat.valueOf(v.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException ex) {
                        throw new InvalidRequestException("event-format", "must be plain, json or xml, was "
                                + Checks.abbreviate(v));
                    }
                }
                case "parkinglot" -> b.parkingLot(v);
                case "parkingslots" -> {
                    int dash = v.indexOf('-');
                    if (dash <= 0) {
                        throw new InvalidRequestException("parking-slots", "must be <first>-<last>, was "
                                + Checks.abbreviate(v));
                    }
                    b.parkingSlots(parseInt(v.substring(0, dash).strip(), "parking-slots"),
                            parseInt(v.substring(dash + 1).strip(), "parking-slots"));
                }
                default -> throw new InvalidRequestException(e.getKey(), "is not a FreeSWITCH setting; known: host, port,"
                        + " password, event-format, parking-lot, parking-slots and the PbxConfig keys");
            }
        }
        return b.build();
    }

    private static int parseInt(String v, String key) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(key, "is not a whole number: " + Checks.abbreviate(v));
        }
    }
}
