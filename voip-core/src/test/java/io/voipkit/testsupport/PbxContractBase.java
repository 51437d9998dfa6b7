package io.voipkit.testsupport;

import io.voipkit.core.Pbx;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The life cycle every adapter contract (AsteriskPbxContract, FreeSwitchPbxContract) runs each
 * test in: start the target, build the PBX, record every event it publishes from before
 * {@code connect()}, connect; afterwards let the contract clean up on the still-connected PBX,
 * close it and stop the target.
 *
 * @param <P> the adapter's public {@link Pbx} type
 */
public abstract class PbxContractBase<P extends Pbx> {

    /** Waits for events: generous for a loaded CI machine, still far below a hang. */
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    /** The PBX under test, connected before each test. */
    protected P pbx;
    /** Every event {@link #pbx} published, in delivery order, from before it connected. */
    protected final List<PbxEvent> events = new CopyOnWriteArrayList<>();
    private Subscription allEvents;

    /** A new, unconnected PBX for the target of this run. */
    protected abstract P newPbx();

    /** Starts what the target needs, once per test, before the PBX connects. */
    protected void startTarget() throws Exception {
    }

    /** Stops what {@link #startTarget()} started, after the PBX is closed. */
    protected void stopTarget() throws Exception {
    }

    /** Runs after each test while {@link #pbx} is still open (leave nothing behind on the target). */
    protected void beforeClose() throws Exception {
    }

    /** Starts the target, builds the PBX, subscribes to every event, connects. */
    @BeforeEach
    protected final void connectPbx() throws Exception {
        startTarget();
        pbx = newPbx();
        allEvents = pbx.events().subscribe(PbxEvent.class, events::add);
        pbx.connect();
    }

    /** Cleans up ({@link #beforeClose()}), ends the subscription, closes the PBX, stops the target. */
    @AfterEach
    protected final void closePbx() throws Exception {
        if (pbx != null) {
            beforeClose();
        }
        if (allEvents != null) {
            allEvents.close();
        }
        if (pbx != null) {
            pbx.close();
        }
        stopTarget();
    }
}
