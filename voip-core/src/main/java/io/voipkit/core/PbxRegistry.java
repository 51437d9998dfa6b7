package io.voipkit.core;

import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Pbx} instances of an application, by id, for setups with several servers.
 *
 * <pre>{@code
 * PbxRegistry registry = new PbxRegistry();
 * registry.register(office);                      // id "office"
 * registry.register(callCenter);                  // id "cc"
 * registry.require("cc").calls().hangup(channel);
 * registry.close();                               // closes both
 * }</pre>
 *
 * <p>Thread-safe. Iteration order is registration order. The registry owns what it holds:
 * {@link #close()} closes every registered PBX; {@link #remove(String)} hands one back without
 * closing it.
 */
public final class PbxRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PbxRegistry.class);

    private final Map<String, Pbx> byId = new LinkedHashMap<>();
    private boolean closed;

    /** An empty registry. */
    public PbxRegistry() {
    }

    /**
     * Adds a PBX under its {@link Pbx#id()}.
     *
     * @throws InvalidRequestException when {@code pbx} is null, its id is invalid, or another PBX
     *                                 already has that id
     * @throws IllegalStateException   when the registry is closed
     */
    public void register(Pbx pbx) {
        Checks.notNull(pbx, "pbx");
        String id = Checks.identifier(pbx.id(), "pbx.id");
        synchronized (byId) {
            if (closed) {
                throw new IllegalStateException("PbxRegistry is closed; cannot register '" + id + "'");
            }
            Pbx existing = byId.get(id);
            if (existing != null) {
                throw new InvalidRequestException("pbx.id", "a PBX with id '" + id + "' is already registered"
                        + (existing == pbx ? " (the same instance)" : "") + "; ids must be unique");
            }
            byId.put(id, pbx);
        }
    }

    /** The PBX with this id, if registered. */
    public Optional<Pbx> get(String id) {
        Checks.notNull(id, "id");
        synchronized (byId) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    /**
     * The PBX with this id.
     *
     * @throws InvalidRequestException naming {@code id} and listing the registered ids when there is none
     */
    public Pbx require(String id) {
        Checks.notNull(id, "id");
        synchronized (byId) {
            Pbx pbx = byId.get(id);
            if (pbx == null) {
                throw new InvalidRequestException("id", "no PBX registered with id " + Checks.abbreviate(id)
                        + "; registered: " + byId.keySet());
            }
            return pbx;
        }
    }

    /** Removes the PBX with this id and returns it, without closing it; empty if there was none. */
    public Optional<Pbx> remove(String id) {
        Checks.notNull(id, "id");
        synchronized (byId) {
            return Optional.ofNullable(byId.remove(id));
        }
    }

    /** The registered PBXs in registration order; an immutable snapshot. */
    public List<Pbx> all() {
        synchronized (byId) {
            return List.copyOf(byId.values());
        }
    }

    /** The registered ids in registration order; an immutable snapshot. */
    public Set<String> ids() {
        synchronized (byId) {
            return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(byId.keySet()));
        }
    }

    /**
     * Closes every registered PBX (in reverse registration order) and empties the registry; later
     * {@link #register(Pbx)} calls fail. Idempotent. A PBX whose {@code close()} throws is logged
     * and the others are still closed; the first such exception is rethrown at the end with the
     * others suppressed.
     */
    @Override
    public void close() {
        List<Pbx> toClose;
        synchronized (byId) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(byId.values());
            byId.clear();
        }
        RuntimeException first = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            Pbx pbx = toClose.get(i);
            try {
                pbx.close();
            } catch (RuntimeException e) {
                log.warn("Closing PBX '{}' failed; closing the others anyway", pbx.id(), e);
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "PbxRegistry" + ids();
    }
}
