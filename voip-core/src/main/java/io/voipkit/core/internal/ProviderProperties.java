package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The properties a {@link io.voipkit.core.spi.PbxProvider} is given, split into the
 * {@link PbxConfig} settings and the adapter's own keys. Both adapters' providers read their
 * properties the same way (keys matched ignoring case, dashes, dots and underscores; values
 * stripped; {@code null} values rejected), so the reading lives here once.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 *
 * @param config  the core settings applied over the provider's base configuration
 * @param adapter the adapter keys, normalised (lower case, no {@code - _ .}), in the caller's
 *                order, values stripped
 */
public record ProviderProperties(PbxConfig config, Map<String, String> adapter) {

    /** The {@link PbxConfig} keys, normalised; they go to {@link PbxConfig.Builder#properties}. */
    private static final Set<String> CORE_KEYS = Set.of("connecttimeout", "actiontimeout", "reconnectinitialdelay",
            "reconnectmaxdelay", "reconnectmultiplier", "eventqueuecapacity", "overflowpolicy", "maxframelinelength",
            "maxheadersperframe", "maxframebytes", "resynctimeout");

    /** Copies the adapter map (unmodifiable, order kept). */
    public ProviderProperties {
        Checks.notNull(config, "config");
        adapter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull(adapter, "adapter")));
    }

    /**
     * Splits {@code properties}: the core keys, as the user wrote them, are applied over
     * {@code base}; every other key is normalised and kept for the adapter.
     *
     * @throws InvalidRequestException naming the key when a key holds CR/LF or is blank, a value is
     *                                 {@code null}, or a core value cannot be parsed
     */
    public static ProviderProperties split(Map<String, String> properties, PbxConfig base) {
        Checks.notNull(properties, "properties");
        Checks.notNull(base, "base");
        Map<String, String> adapter = new LinkedHashMap<>();
        Map<String, String> core = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = Checks.wireText(e.getKey(), "properties key");
            String norm = normalise(key);
            if (e.getValue() == null) {
                throw new InvalidRequestException(key, "must not be null");
            }
            if (CORE_KEYS.contains(norm)) {
                core.put(key, e.getValue());
            } else {
                adapter.put(norm, e.getValue().strip());
            }
        }
        return new ProviderProperties(base.toBuilder().properties(core).build(), adapter);
    }

    /** A key without {@code - _ .}, in lower case: {@code Event-Format} and {@code event_format} match. */
    public static String normalise(String key) {
        return key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
    }

    /**
     * A whole number.
     *
     * @throws InvalidRequestException naming {@code key} when {@code value} is not one
     */
    public static int parseInt(String value, String key) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(key, "is not a whole number: " + Checks.abbreviate(value));
        }
    }

    /**
     * {@code true}/{@code yes}/{@code 1} or {@code false}/{@code no}/{@code 0}, case-insensitive.
     *
     * @throws InvalidRequestException naming {@code key} for anything else
     */
    public static boolean parseBoolean(String value, String key) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes") || value.equals("1")) {
            return true;
        }
        if (value.equalsIgnoreCase("false") || value.equalsIgnoreCase("no") || value.equals("0")) {
            return false;
        }
        throw new InvalidRequestException(key, "must be true or false, was " + Checks.abbreviate(value));
    }
}
