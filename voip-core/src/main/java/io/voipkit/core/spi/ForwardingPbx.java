package io.voipkit.core.spi;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.HealthCheck;
import io.voipkit.core.LiveState;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueueMonitor;
import io.voipkit.core.event.EventBus;
import io.voipkit.core.internal.Checks;

/**
 * A {@link Pbx} that forwards every method to another one. voipkit's adapters
 * ({@code AsteriskPbx}, {@code FreeSwitchPbx}) extend it so that their public class stays small
 * and their implementation stays in an internal package; an application may extend it to decorate
 * a {@code Pbx} (count calls, add logging) and override only what it changes.
 *
 * <pre>{@code
 * final class LoggingPbx extends ForwardingPbx {
 *     LoggingPbx(Pbx delegate) { super(delegate); }
 *     @Override public void connect() { log.info("connecting {}", id()); super.connect(); }
 * }
 * }</pre>
 *
 * <p>Thread-safe when the delegate is.
 */
public abstract class ForwardingPbx implements Pbx {
    private final Pbx delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @throws io.voipkit.core.InvalidRequestException when {@code delegate} is {@code null}
     */
    protected ForwardingPbx(Pbx delegate) {
        this.delegate = Checks.notNull(delegate, "delegate");
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public PbxKind kind() {
        return delegate.kind();
    }

    @Override
    public void connect() {
        delegate.connect();
    }

    @Override
    public ConnectionState connectionState() {
        return delegate.connectionState();
    }

    @Override
    public CallControl calls() {
        return delegate.calls();
    }

    @Override
    public QueueMonitor queues() {
        return delegate.queues();
    }

    @Override
    public HealthCheck health() {
        return delegate.health();
    }

    @Override
    public LiveState state() {
        return delegate.state();
    }

    @Override
    public EventBus events() {
        return delegate.events();
    }

    @Override
    public PbxConfig config() {
        return delegate.config();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The delegate's {@code toString()}, prefixed with this class's simple name. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
