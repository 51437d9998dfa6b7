package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The before-wake hook of {@link EventWaiters}: the adapter publishes the live state there, so a
 * caller woken by an {@code OriginateResponse} or a {@code ParkedCall} (or handed a stashed one)
 * finds the state of the events before it. It must run before the caller can see the event, and
 * not for events that reach nobody (the reader thread's fast path).
 */
class EventWaitersTest {
    private final List<String> log = new ArrayList<>();
    /** Callbacks inline, so the order of hook and completion is observable. */
    private final EventWaiters waiters = new EventWaiters(Runnable::run);
    private final Runnable hook = () -> log.add("hook");

    EventWaitersTest() {
        waiters.actionIdPrefix("vk1-");
    }

    @Test
    void aWaitedForOriginateResponseRunsTheHookBeforeItCompletesTheCaller() {
        CompletableFuture<AmiMessage> f = waiters.originateResponse("vk1-7");
        f.thenRun(() -> log.add("woken"));
        waiters.onEvent(AmiMessage.of("Event", "OriginateResponse", "ActionID", "vk1-7", "Response", "Success"), hook);
        assertThat(f).isDone();
        assertThat(log).containsExactly("hook", "woken");
    }

    @Test
    void anOriginateResponseStashedForALaterCallerRunsTheHookToo() {
        waiters.onEvent(AmiMessage.of("Event", "OriginateResponse", "ActionID", "vk1-8", "Response", "Success"), hook);
        assertThat(log).containsExactly("hook");
        assertThat(waiters.originateResponse("vk1-8")).isDone();
    }

    @Test
    void aWaitedForParkedCallRunsTheHookBeforeItCompletesTheCaller() {
        CompletableFuture<AmiMessage> f = waiters.parkedCall("PJSIP/101-00000001");
        f.thenRun(() -> log.add("woken"));
        waiters.onEvent(AmiMessage.of("Event", "ParkedCall", "ParkeeChannel", "PJSIP/101-00000001"), hook);
        assertThat(log).containsExactly("hook", "woken");
    }

    @Test
    void eventsThatReachNobodyDoNotRunTheHook() {
        waiters.parkedCall("PJSIP/101-00000001");
        waiters.onEvent(AmiMessage.of("Event", "OriginateResponse", "ActionID", "other-1"), hook); // another client's
        waiters.onEvent(AmiMessage.of("Event", "ParkedCall", "ParkeeChannel", "PJSIP/102-00000002"), hook);
        waiters.onEvent(AmiMessage.of("Event", "Newchannel", "Channel", "PJSIP/101-00000001"), hook);
        assertThat(log).isEmpty();
    }
}
