package io.voipkit.core.spi;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
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
