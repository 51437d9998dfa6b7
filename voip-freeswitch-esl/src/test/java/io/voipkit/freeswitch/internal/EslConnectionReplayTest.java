package io.voipkit.freeswitch.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Drives a real {@link EslConnection} against fake servers scripted from the FreeSWITCH
 * transcripts: the client must write exactly the recorded bytes (auth, every command, exit),
 * and every reply, job result, event and log line must reach the right place.
 */
class EslConnectionReplayTest {

    private final List<EslEvent> events = new CopyOnWriteArrayList<>();
    private final List<EslMessage> logs = new CopyOnWriteArrayList<>();
    private final List<String> disconnects = new CopyOnWriteArrayList<>();

    /** Whether the connections under test use a dispatch thread (the default; a subclass turns it off). */
    boolean dispatchThread() {
        return true;
    }

    private EslConnection connection(TranscriptServer server, String password) {
        return new EslConnection(EslConnectionConfig.builder()
                .host("127.0.0.1").port(server.port()).password(password).dispatchThread(dispatchThread())
                .connectTimeout(Duration.ofSeconds(5)).commandTimeout(Duration.ofSeconds(10))
                .callbackExecutor(Runnable::run) // completion order = wire order, for the assertions
                .eventSink(events::add).logSink(logs::add)
                .disconnectListener((reason, cause) -> disconnects.add(reason))
                .build());
    }

    private void replay(String name, Consumer<EslConnection> script) throws Exception {
        try (TranscriptServer server = new TranscriptServer(name)) {
            EslConnection c = connection(server, "ClueCon");
            c.connect();
            assertThat(c.isConnected()).isTrue();
            script.accept(c);
            c.close();
            server.done().get(10, TimeUnit.SECONDS);
            assertThat(server.problems()).isEmpty();
            assertThat(c.isConnected()).isFalse();
        }
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

    private static String failure(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PbxActionFailedException.class);
            return ((PbxActionFailedException) e.getCause()).pbxMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return fail("expected a failure");
    }

    private static int eventFrames(String name) {
        return (int) EslFixtures.decodeWhole(EslFixtures.received(name)).stream().filter(EslMessage::isEvent).count();
    }

    @Test
    void authOkThenApiStatusThenExit() throws Exception {
        replay("auth-ok", c -> assertThat(get(c.api("status", null))).startsWith("UP 0 years")
                .contains("FreeSWITCH (Version 1.10.12-release"));
        assertThat(disconnects).isEmpty();
    }

    @Test
    void aBadPasswordIsAClearAuthFailure() throws Exception {
        try (TranscriptServer server = new TranscriptServer("auth-bad-password")) {
            EslConnection c = connection(server, "wrong");
            assertThatThrownBy(c::connect).isInstanceOfSatisfying(PbxActionFailedException.class, e -> {
                assertThat(e.action()).isEqualTo(EslConnection.AUTH);
                assertThat(e.getMessage()).contains("-ERR invalid").contains("refused the password").doesNotContain("wrong");
            });
            server.done().get(10, TimeUnit.SECONDS);
            assertThat(server.problems()).isEmpty();
            assertThat(disconnects).isEmpty();
        }
    }

    @Test
    void anAclRejectionIsAClearAuthFailureWithoutSendingAnything() throws Exception {
        try (TranscriptServer server = new TranscriptServer("acl-reject")) {
            EslConnection c = connection(server, "ClueCon");
            assertThatThrownBy(c::connect).isInstanceOfSatisfying(PbxActionFailedException.class, e -> {
                assertThat(e.action()).isEqualTo(EslConnection.AUTH);
                assertThat(e.getMessage()).contains("Access Denied, go away.").contains("ACL");
            });
            server.done().get(10, TimeUnit.SECONDS);
            assertThat(server.problems()).isEmpty();
        }
    }

    @Test
    void bgapiResultsAreMatchedByJobUuidWhateverTheirCompletionOrder() throws Exception {
        List<Integer> completed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> jobs = new ArrayList<>();
        replay("bgapi-originate", c -> {
            assertThat(get(c.command("event plain BACKGROUND_JOB"))).isEqualTo("+OK event listener enabled plain");
            jobs.add(c.bgapi("msleep", "2000", null));
            jobs.add(c.bgapi("originate", "{origination_caller_id_number=+79161234567}loopback/9007/default &park()", null));
            jobs.add(c.bgapi("originate", "loopback/nosuchexten/default &park()", null));
            jobs.add(c.bgapi("msleep", "500", null));
            jobs.add(c.bgapi("status", null, null));
            jobs.add(c.bgapi("no_such_command", null, null));
            jobs.add(c.bgapi("uuid_kill", "00000000-0000-0000-0000-000000000000", null));
            jobs.add(c.bgapi("originate", "loopback/9007/default &park()", "7a1c2d3e-client-chosen-job-uuid"));
            for (int i = 0; i < jobs.size(); i++) {
                int n = i + 1;
                jobs.get(i).whenComplete((r, e) -> completed.add(n));
            }
            CompletableFuture.allOf(jobs.stream().map(j -> j.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(get(c.api("hupall", "NORMAL_CLEARING"))).startsWith("+OK");
        });
        assertThat(completed).containsExactly(2, 5, 6, 7, 8, 3, 4, 1); // fixture README: completion order
        assertThat(get(jobs.get(0))).isEqualTo("+OK");
        assertThat(get(jobs.get(1))).startsWith("+OK ");
        assertThat(failure(jobs.get(2))).startsWith("-ERR");
        assertThat(get(jobs.get(4))).startsWith("UP ");
        assertThat(failure(jobs.get(5))).contains("Command not found");
        assertThat(failure(jobs.get(6))).isEqualTo("-ERR No such channel!");
        assertThat(get(jobs.get(7))).startsWith("+OK ");
        assertThat(events).noneMatch(e -> "BACKGROUND_JOB".equals(e.name())); // consumed by their jobs
    }

    @Test
    void eventSubscriptionFiltersAndTheirErrors() throws Exception {
        replay("event-filter", c -> {
            assertThat(get(c.command("event plain ALL"))).startsWith("+OK");
            assertThat(failure(c.command("filter Event-Name"))).isEqualTo("-ERR invalid syntax");
            assertThat(get(c.command("filter Event-Name CHANNEL_ANSWER"))).isEqualTo("+OK filter added. [Event-Name]=[CHANNEL_ANSWER]");
            assertThat(get(c.command("filter add Event-Name CHANNEL_HANGUP_COMPLETE"))).startsWith("+OK filter added.");
            String uuid = get(c.api("originate", "loopback/9007/default &park()")).substring(4).strip();
            get(c.api("uuid_kill", uuid));
            assertThat(get(c.command("filter delete Event-Name CHANNEL_ANSWER"))).startsWith("+OK filter deleted.");
            assertThat(get(c.command("filter delete all"))).startsWith("+OK filter deleted.");
            assertThat(get(c.command("filter Event-Name /^CHANNEL_(CREATE|DESTROY)$/"))).startsWith("+OK filter added.");
            String uuid2 = get(c.api("originate", "loopback/9007/default &park()")).substring(4).strip();
            get(c.command("filter Unique-ID " + uuid2));
            get(c.api("uuid_kill", uuid2));
            get(c.command("filter delete all"));
            assertThat(get(c.command("nixevent ALL"))).isEqualTo("+OK events nixed");
            get(c.command("event plain CHANNEL_CREATE CHANNEL_DESTROY"));
            get(c.command("nixevent CHANNEL_CREATE"));
            String uuid3 = get(c.api("originate", "loopback/9007/default &park()")).substring(4).strip();
            get(c.api("uuid_kill", uuid3));
            assertThat(get(c.command("noevents"))).isEqualTo("+OK no longer listening for events");
            assertThat(failure(c.command("noevents"))).isEqualTo("-ERR not listening for events");
        });
        assertThat(events).hasSize(eventFrames("event-filter"));
    }

    @Test
    void sendeventWithHeadersAndABodyIsEncodedAsFreeswitchReadsIt() throws Exception {
        replay("sendevent", c -> {
            get(c.command("event plain CUSTOM verify::ping"));
            assertThat(get(c.sendEvent("CUSTOM", List.of(Map.entry("Event-Subclass", "verify::ping"),
                    Map.entry("Crm-Id", "42"), Map.entry("Crm-Note", "50% off, now!")), null))).startsWith("+OK ");
            get(c.sendEvent("CUSTOM", List.of(Map.entry("Event-Subclass", "verify::ping"), Map.entry("Crm-Id", "43"),
                    Map.entry("Content-Type", "text/plain")), "hello body\nline two\n"));
            get(c.sendEvent("CUSTOM", List.of(Map.entry("Event-Subclass", "verify::other"), Map.entry("Crm-Id", "44")), null));
            assertThat(get(c.sendEvent("NO_SUCH_EVENT", List.of(Map.entry("Event-Subclass", "verify::ping"),
                    Map.entry("Crm-Id", "45")), null))).startsWith("+OK"); // unknown name still +OK (README)
        });
        assertThat(events).hasSize(eventFrames("sendevent"));
        assertThat(events).anySatisfy(e -> assertThat(e.body()).isEqualTo("hello body\nline two\n"));
        assertThat(events.get(0).get("Crm-Note")).isEqualTo("50% off, now!");
    }

    @Test
    void logLinesGoToTheLogSinkAndLogErrorsFail() throws Exception {
        replay("log", c -> {
            assertThat(get(c.command("log 7"))).isEqualTo("+OK log level 7 [7]");
            assertThat(failure(c.command("log bogus"))).isEqualTo("-ERR invalid log level");
            assertThat(failure(c.api("originate", "loopback/nosuchexten/default &park()"))).startsWith("-ERR");
            get(c.command("log 3"));
            String uuid = get(c.api("originate", "loopback/9007/default &park()")).substring(4).strip();
            get(c.api("uuid_kill", uuid));
            get(c.command("log"));
            get(c.api("log", "WARNING verify warning line with 100% and a:colon"));
            get(c.command("nolog"));
            assertThat(failure(c.command("nolog"))).isEqualTo("-ERR not loging");
        });
        assertThat(logs).hasSize(308);
    }

    @Test
    void everyBadCommandFailsWithFreeswitchsOwnText() throws Exception {
        List<String> messages = new ArrayList<>();
        replay("api-bad-command", c -> {
            String[] apis = {"no_such_command", "no_such_command with args", "uuid_kill 00000000-0000-0000-0000-000000000000",
                "uuid_kill", "originate", "originate loopback/nosuchexten/default &park()", "sofia status profile nosuch",
                "callcenter_config", "conference nosuch list", "show nosuch", "fsctl nosuch"};
            for (String a : apis) {
                int sp = a.indexOf(' ');
                CompletableFuture<String> f = c.api(sp < 0 ? a : a.substring(0, sp), sp < 0 ? null : a.substring(sp + 1));
                try {
                    messages.add("ok:" + get(f).strip());
                } catch (PbxActionFailedException e) {
                    messages.add(e.pbxMessage());
                }
            }
            for (String cmd : new String[] {"bogus_esl_command", "event plain NO_SUCH_EVENT", "event", "log bogus", "nolog",
                "noevents", "linger", "divert_events on", "myevents not-a-uuid json"}) {
                try {
                    messages.add("ok:" + get(c.command(cmd)));
                } catch (PbxActionFailedException e) {
                    messages.add(e.pbxMessage());
                }
            }
        });
        assertThat(messages).contains("-ERR no_such_command Command not found!", "-ERR No such channel!",
                "-ERR command not found", "-ERR invalid log level", "-ERR not loging", "ok:Invalid Profile!");
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("-USAGE: "));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("-ERR Invalid command\nUSAGE:"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("-ERR not controlling a session"));
    }

    @Test
    void crOrLfInAnyArgumentIsRejectedBeforeAnythingIsSent() throws Exception {
        replay("auth-ok", c -> {
            assertThatThrownBy(() -> c.api("status", "x\nexit")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("arguments");
            assertThatThrownBy(() -> c.api("status\r", null)).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> c.api("show channels", null)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("one word");
            assertThatThrownBy(() -> c.sendEvent("CUSTOM", List.of(Map.entry("A", "1\n\nexit")), null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("header A");
            assertThatThrownBy(() -> c.sendEvent("CUSTOM", List.of(Map.entry("A: B", "1")), null))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("header name");
            assertThatThrownBy(() -> c.sendMsg("uuid\n", List.of(), null)).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> c.bgapi("status", null, "id\r\n")).isInstanceOf(InvalidRequestException.class);
            assertThat(get(c.api("status", null))).startsWith("UP"); // the script went on: nothing was written
        });
    }

    @Test
    void afterCloseEveryCommandFailsFast() throws Exception {
        try (TranscriptServer server = new TranscriptServer("exit")) {
            EslConnection c = connection(server, "ClueCon");
            c.connect();
            c.close();
            server.done().get(10, TimeUnit.SECONDS);
            assertThat(server.problems()).isEmpty();
            assertThatThrownBy(() -> get(c.api("status", null))).isInstanceOf(PbxNotConnectedException.class);
        }
    }
}
