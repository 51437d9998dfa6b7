package io.voipkit.examples.livestate;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.ActiveCall;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.PbxException;
import io.voipkit.core.event.CallAnswered;
import io.voipkit.core.event.CallEnded;
import io.voipkit.core.event.ConnectionStateChanged;
import io.voipkit.core.event.EndpointStatusChanged;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.TrafficGenerator;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the live state of a PBX's phones — status, active calls, the other party and how long
 * each call has been running — and the events that change it, as they happen.
 *
 * <p>With no {@code --host}, it starts the built-in {@link PbxSimulator} with {@code --phones}
 * PJSIP phones and random, reproducible traffic, and connects the real Asterisk adapter to it
 * over real AMI. With {@code --host} it connects to a real Asterisk instead.
 */
@Command(name = "live-state", mixinStandardHelpOptions = true,
        description = "Live phone state from the voipkit simulator (default) or a real Asterisk.")
public final class LiveStateDemo implements Callable<Integer> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(names = "--host", description = "Asterisk host. Without it the built-in simulator is used.")
    String host;

    @Option(names = "--port", description = "AMI port (default: ${DEFAULT-VALUE}; 5039 with --tls).", defaultValue = "5038")
    int port;

    @Option(names = "--username", description = "AMI user (default: ${DEFAULT-VALUE}).", defaultValue = "voipkit")
    String username;

    @Option(names = "--secret", description = "AMI secret. Defaults to the environment variable VOIPKIT_AMI_SECRET.")
    String secret;

    @Option(names = "--tls", description = "Connect with TLS (AMI over TLS, usually port 5039).")
    boolean tls;

    @Option(names = "--phones", description = "Simulated phones (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    int phones;

    @Option(names = "--calls-per-second", description = "Simulated traffic steps per second (default: ${DEFAULT-VALUE}).", defaultValue = "1.0")
    double callsPerSecond;

    @Option(names = "--seed", description = "Seed of the simulated traffic (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--duration", description = "Stop after this many seconds; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long durationSeconds;

    @Option(names = "--refresh", description = "Seconds between state tables (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    long refreshSeconds;

    private final PrintStream out = System.out;
    private final boolean color = System.console() != null && System.getenv("NO_COLOR") == null;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LiveStateDemo()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (phones < 2 || phones > 5000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--phones must be between 2 and 5000, was " + phones);
        }
        if (refreshSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--refresh must be at least 1 second");
        }
        PbxSimulator simulator = null;
        TrafficGenerator traffic = null;
        try {
            AsteriskPbx.Builder builder = AsteriskPbx.builder().username(username);
            if (host == null) {
                simulator = PbxSimulator.builder().endpoints(phones).seed(seed).build().start();
                for (String phone : simulator.endpoints().subList(0, Math.max(1, phones * 3 / 4))) {
                    simulator.registerPhone(phone);
                }
                builder.host("127.0.0.1").port(simulator.amiPort()).secret("voipkit");
                out.printf("Simulator: %d PJSIP phones on 127.0.0.1:%d, %.1f traffic steps/s, seed %d%n",
                        phones, simulator.amiPort(), callsPerSecond, seed);
            } else {
                String s = secret != null ? secret : System.getenv("VOIPKIT_AMI_SECRET");
                if (s == null || s.isBlank()) {
                    System.err.println("A real Asterisk needs the AMI secret: pass --secret or set VOIPKIT_AMI_SECRET.");
                    return 2;
                }
                builder.host(host).port(tls && port == AsteriskPbx.DEFAULT_PORT ? AsteriskPbx.DEFAULT_TLS_PORT : port)
                        .secret(s).tls(tls);
            }
            try (AsteriskPbx pbx = builder.build()) {
                List<Subscription> subscriptions = subscribe(pbx);
                out.printf("Connecting to %s ...%n", pbx.id());
                pbx.connect();
                out.printf("Connected; %d phones known.%n", pbx.state().endpoints().size());
                if (simulator != null) {
                    traffic = simulator.traffic(seed, callsPerSecond).start();
                }
                run(pbx);
                subscriptions.forEach(Subscription::close);
            }
            return 0;
        } catch (PbxException e) {
            System.err.println("voipkit: " + e.getMessage());
            System.err.println(host == null
                    ? "The built-in simulator failed; this is a bug, please report it with the output above."
                    : "Check --host/--port, the AMI user and secret in manager.conf, and that this machine may connect (permit=).");
            return 1;
        } finally {
            if (traffic != null) {
                traffic.stop();
            }
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private List<Subscription> subscribe(AsteriskPbx pbx) {
        List<Subscription> subs = new ArrayList<>();
        // Device state changes (in use, ringing, ...) also arrive as EndpointStatusChanged; print
        // only real status changes. Listeners of one subscription run one at a time, so a plain map is enough.
        Map<String, EndpointStatus> lastStatus = new HashMap<>();
        subs.add(pbx.events().subscribe(EndpointStatusChanged.class,
                e -> lastStatus.put(e.endpoint(), e.status()) != e.status(),
                e -> line(e, paint(statusColor(e.status()), e.endpoint() + " is " + e.status())
                        + (e.detail() == null ? "" : " (" + e.detail() + ")"))));
        subs.add(pbx.events().subscribe(CallAnswered.class,
                e -> line(e, e.channel() + " answered by " + e.destChannel())));
        subs.add(pbx.events().subscribe(CallEnded.class,
                e -> line(e, e.channel() + " hung up: " + e.causeText() + " (" + e.cause() + ")")));
        subs.add(pbx.events().subscribe(ConnectionStateChanged.class,
                e -> line(e, "AMI connection " + e.previous() + " -> " + e.current()
                        + (e.reason() == null ? "" : ": " + e.reason()))));
        return subs;
    }

    private void run(AsteriskPbx pbx) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "live-state-shutdown"));
        Instant end = durationSeconds > 0 ? Instant.now().plusSeconds(durationSeconds) : Instant.MAX;
        long printedVersion = -1;
        while (!stop.await(refreshSeconds, TimeUnit.SECONDS) && Instant.now().isBefore(end)) {
            long version = pbx.state().version();
            if (version != printedVersion) {
                printTable(pbx);
                printedVersion = version;
            }
        }
        printTable(pbx);
    }

    private void printTable(AsteriskPbx pbx) {
        List<Endpoint> endpoints = new ArrayList<>(pbx.state().endpoints());
        endpoints.sort(Comparator.comparing(Endpoint::name));
        long online = endpoints.stream().filter(e -> e.status() == EndpointStatus.ONLINE).count();
        long busy = endpoints.stream().filter(e -> e.activeCallCount() > 0).count();
        Instant now = Instant.now();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n=== %s  %d phones, %d online, %d on a call  (%s) ===%n",
                LocalTime.now().format(CLOCK), endpoints.size(), online, busy,
                pbx.state().isCurrent() ? "live" : "resynchronising"));
        for (Endpoint e : endpoints) {
            sb.append(String.format("  %-12s %s", e.name(), paint(statusColor(e.status()), String.format("%-7s", e.status()))));
            for (ActiveCall call : e.activeCalls()) {
                Duration d = Duration.between(call.startedAt(), now);
                sb.append(String.format("  %s %s %d:%02d", call.inbound() ? "<-" : "->",
                        call.otherPartyNumber() == null ? "?" : call.otherPartyNumber(), d.toMinutes(), d.toSecondsPart()));
            }
            sb.append('\n');
        }
        out.print(sb);
    }

    private void line(PbxEvent event, String text) {
        out.printf("%s  %s%n", event.timestamp().atZone(ZoneId.systemDefault()).toLocalTime().format(CLOCK), text);
    }

    private static String statusColor(EndpointStatus status) {
        return switch (status) {
            case ONLINE -> "32";
            case OFFLINE -> "31";
            case UNKNOWN -> "33";
        };
    }

    private String paint(String ansi, String text) {
        return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }
}
