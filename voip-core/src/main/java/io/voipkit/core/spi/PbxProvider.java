package io.voipkit.core.spi;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Creates {@link Pbx} instances of one kind from plain properties, so that the Spring Boot
 * starter and the command line can build adapters without compile-time knowledge of them.
 * Adapter modules register an implementation in
 * {@code META-INF/services/io.voipkit.core.spi.PbxProvider}.
 *
 * <pre>{@code
 * Pbx pbx = PbxProvider.find("asterisk").orElseThrow()
 *         .create("office", Map.of("host", "127.0.0.1", "username", "monitor", "secret", secret,
 *                 "action-timeout", "5s"));
 * }</pre>
 *
 * <p>Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface PbxProvider {

    /**
     * The kind this provider creates, lower case, for example {@code asterisk}, {@code freeswitch}
     * or {@code simulator}; matched case-insensitively by {@link #find(String)}.
     */
    String kind();

    /**
     * Creates an unconnected PBX. {@code properties} hold the adapter's settings (such as
     * {@code host}, {@code port}, {@code username}, {@code secret}) and the core settings that
     * {@link io.voipkit.core.PbxConfig.Builder#properties(Map)} reads.
     *
     * @param id         the PBX's id (letters, digits, {@code . _ -})
     * @param properties the settings; unknown keys should be rejected to catch typos
     * @throws InvalidRequestException naming the property when one is missing, unknown or invalid
     */
    Pbx create(String id, Map<String, String> properties);

    /**
     * Creates an unconnected PBX whose configuration starts from {@code base}: the core keys in
     * {@code properties} override its values, and what has no property form (the
     * {@link io.voipkit.core.ActionObserver}) is taken from it. The Spring Boot starter calls this
     * to pass the observer bound to Micrometer.
     *
     * <p>The default implementation serves providers written before this method: it accepts only
     * a {@code base} equal to {@link PbxConfig#defaults()} and then calls
     * {@link #create(String, Map)}; any other base is refused rather than silently ignored.
     * voipkit's own providers override it.
     *
     * @throws InvalidRequestException naming the property when one is missing, unknown or invalid,
     *                                 or {@code base} when this provider cannot take one
     */
    default Pbx create(String id, Map<String, String> properties, PbxConfig base) {
        Checks.notNull(base, "base");
        if (!base.equals(PbxConfig.defaults())) {
            throw new InvalidRequestException("base", "the " + kind() + " provider " + getClass().getName()
                    + " takes its settings only as properties; it cannot use a base configuration or an action observer");
        }
        return create(id, properties);
    }

    /** The provider of {@code kind} found through the context class loader (or this class's), if any. */
    static Optional<PbxProvider> find(String kind) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return find(kind, cl != null ? cl : PbxProvider.class.getClassLoader());
    }

    /**
     * The provider of {@code kind} found through {@code classLoader}, if any.
     *
     * @throws InvalidRequestException when two providers claim the same kind (a classpath mistake)
     */
    static Optional<PbxProvider> find(String kind, ClassLoader classLoader) {
        Checks.wireText(kind, "kind");
        Checks.notNull(classLoader, "classLoader");
        String wanted = kind.trim().toLowerCase(Locale.ROOT);
        List<PbxProvider> matches = new ArrayList<>();
        for (PbxProvider p : ServiceLoader.load(PbxProvider.class, classLoader)) {
            if (p.kind() != null && p.kind().trim().toLowerCase(Locale.ROOT).equals(wanted)) {
                matches.add(p);
            }
        }
        if (matches.size() > 1) {
            throw new InvalidRequestException("kind", "several PBX providers claim kind '" + wanted + "': "
                    + matches.stream().map(p -> p.getClass().getName()).toList());
        }
        return matches.stream().findFirst();
    }

    /** Every provider found through {@code classLoader}, in service-file order. */
    static List<PbxProvider> all(ClassLoader classLoader) {
        Checks.notNull(classLoader, "classLoader");
        List<PbxProvider> list = new ArrayList<>();
        ServiceLoader.load(PbxProvider.class, classLoader).forEach(list::add);
        return List.copyOf(list);
    }
}
