package io.voipkit.core.internal;

import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.RawFields;
import io.voipkit.core.event.UnknownEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HeldStateChangesTest {
    private static final Instant T = Instant.parse("2026-11-25T18:00:00Z");

    private final List<PbxEvent> applied = new ArrayList<>();
    private final HeldStateChanges held = new HeldStateChanges("pbx1", 3, applied::add,
            LoggerFactory.getLogger(HeldStateChangesTest.class));

    private static PbxEvent event(String name) {
        return new UnknownEvent("pbx1", T, RawFields.empty(), name);
    }

    @Test
    void notHoldingTheCallerAppliesItself() {
        assertThat(held.isHolding()).isFalse();
        assertThat(held.offer(event("a"))).isFalse();
        assertThat(applied).isEmpty();
    }

    @Test
    void heldEventsAreAppliedOnReleaseInArrivalOrder() {
        held.start();
        PbxEvent a = event("a");
        PbxEvent b = event("b");
        assertThat(held.offer(a)).isTrue();
        assertThat(held.offer(b)).isTrue();
        assertThat(applied).isEmpty();

        AtomicInteger after = new AtomicInteger();
        assertThat(held.release(false, after::incrementAndGet)).isTrue();

        assertThat(applied).containsExactly(a, b);
        assertThat(after).hasValue(1);
        assertThat(held.isHolding()).isFalse();
        assertThat(held.offer(event("c"))).isFalse();
    }

    @Test
    void beyondTheLimitTheReleaseFailsAndKeepsHoldingWithNothingHeld() {
        held.start();
        for (int i = 0; i < 5; i++) {
            held.offer(event("e" + i));
        }
        AtomicInteger after = new AtomicInteger();
        assertThat(held.release(false, after::incrementAndGet)).isFalse();
        assertThat(applied).isEmpty();
        assertThat(after).hasValue(0);
        assertThat(held.isHolding()).isTrue();

        // the caller reads again; this time few events arrive
        held.start();
        PbxEvent x = event("x");
        held.offer(x);
        assertThat(held.release(false, () -> { })).isTrue();
        assertThat(applied).containsExactly(x);
    }

    @Test
    void aForcedReleaseAppliesWhatWasKept() {
        held.start();
        List<PbxEvent> offered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            PbxEvent e = event("e" + i);
            offered.add(e);
            held.offer(e);
        }
        assertThat(held.release(true, () -> { })).isTrue();
        assertThat(applied).containsExactlyElementsOf(offered.subList(0, 3));
        assertThat(held.isHolding()).isFalse();
    }
}
