package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.internal.PropertiesPbxProvider;
import io.voipkit.freeswitch.FreeSwitchPbx;

import java.util.Locale;
import java.util.Map;

import static io.voipkit.core.internal.ProviderProperties.parseInt;

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
public final class FreeSwitchPbxProvider extends PropertiesPbxProvider {

    /** For {@link java.util.ServiceLoader}. */
    public FreeSwitchPbxProvider() {
        super("freeswitch");
    }

    @Override
    protected Pbx create(String id, PbxConfig config, Map<String, String> adapter) {
        FreeSwitchPbx.Builder b = FreeSwitchPbx.builder().id(id).config(config);
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
}
