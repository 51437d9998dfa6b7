package io.voipkit.simulator;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Builder validation, traffic determinism, the log file, and many concurrent clients. */
class SimulatorApiTest {
    private static final String LOG_LINE = "^\\[[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d] [A-Z]+\\[\\d+](\\[C-[0-9a-f]{8}])? [\\w./]+: .*$";

    @Test
    void builderRejectsBadArgumentsNamingTheField() {
        assertThatThrownBy(() -> PbxSimulator.builder().port(70000)).isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("port");
        assertThatThrownBy(() -> PbxSimulator.builder().user("u", "a\r\nAction: Logoff", "all", "all"))
                .isInstanceOf(InvalidRequestException.class).extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("secret");
        assertThatThrownBy(() -> PbxSimulator.builder().endpoint("10/1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> PbxSimulator.builder().endpoints(-1)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> PbxSimulator.builder().clock(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void scriptedMethodsValidateTheirArguments() {
        try (PbxSimulator sim = PbxSimulator.builder().endpoints(2).build().start()) {
            assertThatThrownBy(() -> sim.registerPhone("999-ep")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("no such endpoint");
            assertThatThrownBy(() -> sim.placeCall("101-ep", "102-ep")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not registered");
            assertThatThrownBy(() -> sim.userEvent("X", Map.of("H", "a\nb"))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> sim.log("LOUD", "x.c", "m")).isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("level");
            assertThatThrownBy(() -> sim.stall(Duration.ZERO)).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> sim.traffic(1, 0)).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void amiPortIsKnownOnlyAfterStart() {
        PbxSimulator sim = PbxSimulator.builder().build();
        assertThatThrownBy(sim::amiPort).isInstanceOf(IllegalStateException.class);
        sim.start();
        try {
            assertThat(sim.amiPort()).isPositive().isEqualTo(sim.port());
        } finally {
            sim.close();
        }
        assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trafficPlanIsTheSameForTheSameSeed() {
        try (PbxSimulator sim = PbxSimulator.builder().endpoints(10).build()) {
            List<TrafficGenerator.Step> a = sim.traffic(42, 5).plan(200);
            List<TrafficGenerator.Step> b = sim.traffic(42, 5).plan(200);
            List<TrafficGenerator.Step> c = sim.traffic(43, 5).plan(200);
            assertThat(a).isEqualTo(b).isNotEqualTo(c);
            assertThat(a).extracting(TrafficGenerator.Step::kind).contains(TrafficGenerator.Step.Kind.values());
            assertThat(a).filteredOn(s -> s.kind() == TrafficGenerator.Step.Kind.CALL)
                    .allSatisfy(s -> {
                        assertThat(s.from()).isNotEqualTo(s.to());
                        assertThat(s.ring()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8));
                        assertThat(s.talk()).isLessThanOrEqualTo(Duration.ofMinutes(10));
                    });
        }
    }

    @Test
    void runningTrafficProducesCallsUntilStopped() throws IOException {
        try (PbxSimulator sim = PbxSimulator.builder().endpoints(5).build().start();
             AmiTestClient c = AmiTestClient.login(sim.amiPort(), "voipkit", "voipkit", "call")) {
            TrafficGenerator traffic = sim.traffic(7, 50, 5).start();
            List<List<String[]>> got = c.readUntil(m -> "DialBegin".equals(Wire.value(m, "Event")));
            assertThat(got).isNotEmpty();
            traffic.stop();
            long steps = traffic.stepsExecuted();
            assertThat(steps).isPositive();
            assertThat(sim.endpoints()).allSatisfy(e -> assertThat(e).matches("10[1-5]-ep"));
        }
    }

    @Test
    void logFileHasAsteriskFullFormatLines(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("full");
        try (PbxSimulator sim = PbxSimulator.builder().endpoints(2).logFile(log).build().start()) {
            sim.registerPhone("101-ep");
            sim.registerPhone("102-ep");
            sim.hangup(sim.placeCall("101-ep", "102-ep"), 16);
            sim.log("WARNING", "chan_pjsip.c", "Something odd: 42");
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).matches(LOG_LINE));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("] chan_pjsip.c: Something odd: 42").contains(" WARNING["));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Contact 101-ep/sip:101-ep@127.0.0.1:").contains("is now Reachable"));
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches(".*\\[C-00000001] pbx.c: Executing \\[102@internal:1] Dial\\(\"PJSIP/101-ep-00000000\", \"PJSIP/102-ep,30\"\\) in new stack"));
        Path recorded = Wire.fixtures().getParent().resolve("logs/asterisk-full");
        List<String> real = Files.readAllLines(recorded).subList(100, 400);
        assertThat(real).as("the pattern describes the real log too").allSatisfy(l -> assertThat(l).matches(LOG_LINE));
    }

    @Test
    void manyClientsSeeTheSameEventsInTheSameOrder() throws Exception {
        try (PbxSimulator sim = PbxSimulator.builder().endpoints(2).build().start()) {
            int n = 20;
            List<AmiTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(AmiTestClient.login(sim.amiPort(), "voipkit", "voipkit", "call,cdr"));
                }
                sim.registerPhone("101-ep");
                sim.registerPhone("102-ep");
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    // Scripted calls from several threads at once.
                    List<Future<?>> calls = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        calls.add(pool.submit(() -> {
                            SimCall call = sim.placeCall("101-ep", "102-ep");
                            sim.answer(call);
                            sim.hangup(call, 16);
                        }));
                    }
                    for (Future<?> f : calls) {
                        f.get();
                    }
                    List<Callable<List<String>>> readers = new ArrayList<>();
                    for (AmiTestClient c : clients) {
                        readers.add(() -> {
                            List<String> seen = new ArrayList<>();
                            int cdrs = 0;
                            while (cdrs < 10) {
                                List<String[]> m = c.readMessage();
                                if (m == null) {
                                    break;
                                }
                                seen.add(Wire.value(m, "Event") + "/" + Wire.value(m, "Channel") + "/" + Wire.value(m, "ChannelState"));
                                if ("Cdr".equals(Wire.value(m, "Event"))) {
                                    cdrs++;
                                }
                            }
                            return seen;
                        });
                    }
                    List<List<String>> seen = new ArrayList<>();
                    for (Future<List<String>> f : pool.invokeAll(readers)) {
                        seen.add(f.get());
                    }
                    assertThat(seen.get(0)).filteredOn(s -> s.startsWith("Cdr/")).hasSize(10);
                    assertThat(seen).allSatisfy(s -> assertThat(s).isEqualTo(seen.get(0)));
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                for (AmiTestClient c : clients) {
                    c.close();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.connectionCount() == 0);
        }
    }

    @Test
    void userToStringHidesTheSecret() {
        var user = new io.voipkit.simulator.internal.User("monitor", "s3cret",
                java.util.Set.of(), java.util.Set.of());
        assertThat(user.toString()).doesNotContain("s3cret").contains("monitor");
    }
}
