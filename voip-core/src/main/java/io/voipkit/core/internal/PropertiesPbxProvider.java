package io.voipkit.core.internal;

import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.spi.PbxProvider;

import java.util.Map;

/**
 * The skeleton of voipkit's own {@link PbxProvider}s: the id is validated, the properties are
 * split ({@link ProviderProperties#split}) into the {@link PbxConfig} keys, applied over the base
 * configuration (which carries the action observer), and the adapter's keys, which the subclass
 * turns into its builder calls.
 *
 * <p>Not part of the API: adapters in other voipkit modules may use it, applications should not.
 */
public abstract class PropertiesPbxProvider implements PbxProvider {
    private final String kind;

    /** A provider of {@code kind} (for example {@code asterisk}). */
    protected PropertiesPbxProvider(String kind) {
        this.kind = Checks.wireText(kind, "kind");
    }

    @Override
    public final String kind() {
        return kind;
    }

    /** As {@link #create(String, Map, PbxConfig)} over {@link PbxConfig#defaults()}. */
    @Override
    public final Pbx create(String id, Map<String, String> properties) {
        return create(id, properties, PbxConfig.defaults());
    }

    /** As {@link #create(String, Map)}, the core keys applied over {@code base} (which carries the action observer). */
    @Override
    public final Pbx create(String id, Map<String, String> properties, PbxConfig base) {
        Checks.identifier(id, "id");
        ProviderProperties split = ProviderProperties.split(properties, base);
        return create(id, split.config(), split.adapter());
    }

    /**
     * The unconnected PBX.
     *
     * @param id      the validated id
     * @param config  the configuration with the core keys applied
     * @param adapter the adapter's keys, normalised (see {@link ProviderProperties#normalise}), values stripped
     * @throws io.voipkit.core.InvalidRequestException naming the key of an unknown or invalid setting
     */
    protected abstract Pbx create(String id, PbxConfig config, Map<String, String> adapter);
}
