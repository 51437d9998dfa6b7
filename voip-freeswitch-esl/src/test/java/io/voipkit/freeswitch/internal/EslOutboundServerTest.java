package io.voipkit.freeswitch.internal;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link EslOutboundServer} driven by a fake FreeSWITCH that replays the recorded outbound call. */
class EslOutboundServerTest {

    private final List<EslEvent> events = new CopyOnWriteArrayList<>();

    private EslConnectionConfig template() {
        return EslConnectionConfig.builder().password("unused-in-outbound-mode")
                .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(10))
                .callbackExecutor(Runnable::run).eventSink(events::add).build();
    }

    private static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theRecordedOutboundCallReplaysByteForByte() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        try (EslOutboundServer server = new EslOutboundServer(InetAddress.getLoopbackAddress(), 0, 4, template(), s -> {
            try {
                seen.add(s.uniqueId());
                seen.add(s.header("Caller-Caller-ID-Number"));
                seen.add(s.channelData().getDecoded("Reply-Text"));
                seen.add(get(s.getVar("caller_id_number")));
                seen.add(String.valueOf(get(s.getVar("no_such_variable"))));
                get(s.command("myevents"));
                get(s.command("linger"));
                get(s.command("nolinger"));
                get(s.command("linger 2"));
                get(s.command("event plain CHANNEL_EXECUTE_COMPLETE"));
                get(s.sendMsg(null, List.of(Map.entry("call-command", "execute"), Map.entry("execute-app-name", "answer"),
                        Map.entry("Event-UUID", "11111111-aaaa-4bbb-8ccc-000000000001")), null));
                get(s.sendMsg(null, List.of(Map.entry("call-command", "execute"), Map.entry("execute-app-name", "playback"),
                        Map.entry("event-lock", "true"), Map.entry("content-type", "text/plain")), "tone_stream://%(500,0,440)"));
                get(s.sendMsg(s.uniqueId(), List.of(Map.entry("call-command", "execute"), Map.entry("execute-app-name", "set"),
                        Map.entry("execute-app-arg", "crm_id=42")), null));
                seen.add(get(s.api("uuid_getvar", s.uniqueId() + " crm_id")));
                get(s.execute("hangup", "NORMAL_CLEARING", false));
                await().atMost(10, TimeUnit.SECONDS).until(() -> !s.isConnected()); // FreeSWITCH closes after linger
            } finally {
                handled.countDown();
            }
        })) {
            TranscriptCaller fs = new TranscriptCaller("outbound-connect", server.port());
            fs.done().get(20, TimeUnit.SECONDS);
            assertThat(handled.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(fs.problems()).isEmpty();
        }
        assertThat(seen.get(0)).isEqualTo("ff2d45d3-902c-4d36-95fa-e87184c3ec10");
        assertThat(seen.get(1)).isEqualTo("+79161234567");
        assertThat(seen.get(2)).isEqualTo("+OK\n");
        assertThat(seen.get(3)).isEqualTo("+79161234567");
        assertThat(seen.get(4)).isEqualTo("null");
        // sendmsg is answered before the app runs (fixture README), so the recorded read raced the set.
        assertThat(seen.get(5)).isEqualTo("_undef_");
        assertThat(events).anySatisfy(e -> assertThat(e.name()).isEqualTo("CHANNEL_EXECUTE_COMPLETE"));
    }

    @Test
    void callsBeyondMaxSessionsAreRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (EslOutboundServer server = new EslOutboundServer(InetAddress.getLoopbackAddress(), 0, 1, template(), s -> {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            TranscriptCaller first = new TranscriptCaller("outbound-connect", server.port());
            // The first call holds the only session once connect is answered.
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                assertThat(second.getInputStream().read()).isEqualTo(-1); // closed without a word
            }
            assertThat(server.rejectedSessions()).isEqualTo(1);
            release.countDown();
            first.done().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void argumentsAreValidatedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new EslOutboundServer(InetAddress.getLoopbackAddress(), 0, 0, template(), s -> { }))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxSessions");
        EslOutboundSession s = new EslOutboundSession(null, EslMessage.of(null, "Unique-ID", "u"));
        assertThatThrownBy(() -> s.execute("playback", "a\nb", false)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> s.getVar("x\r")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> s.hangup("NORMAL\nexit")).isInstanceOf(InvalidRequestException.class);
    }
}
