package io.voipkit.benchmarks;

import io.voipkit.ami.AsteriskPbx;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.event.Subscription;
import io.voipkit.simulator.PbxSimulator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Socket to subscriber: AMI events written by the simulator on loopback (its blast mode: a
 * Newchannel / VarSet / Newexten / Hangup mix of about 440 bytes each), read, decoded, typed and
 * delivered to one listener — by voipkit's {@code AsteriskPbx} and, in the same run, by raw
 * asterisk-java 3.41.0's {@code ManagerConnection}.
 *
 * <p>{@code delivered} is the rate that reached the listener (events/s); {@code lost} counts
 * events written but never delivered (asterisk-java's bounded event queue drops silently when the
 * listener is slower than the socket; voipkit's BLOCK policy pushes back to the socket instead).
 * {@code listenerMicros} makes the listener busy-wait that long per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.asteriskjava=error"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class AmiEventThroughputBenchmark {

    /** Events written per benchmark invocation. */
    static final int BATCH = 100_000;

    @Param({"voipkit", "asterisk-java"})
    public String client;

    @Param({"0", "20"})
    public int listenerMicros;

    private PbxSimulator simulator;
    private AsteriskPbx pbx;
    private Subscription subscription;
    private ManagerConnection asteriskJava;
    private final AtomicLong received = new AtomicLong();

    /** Counters JMH reports next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Loss {
        /** Events written by the simulator that never reached the listener. */
        public long lost;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        simulator = PbxSimulator.builder().endpoints(2).build().start();
        long busyNanos = TimeUnit.MICROSECONDS.toNanos(listenerMicros);
        if (client.equals("voipkit")) {
            pbx = AsteriskPbx.builder().host("127.0.0.1").port(simulator.amiPort())
                    .username("voipkit").secret("voipkit").build();
            subscription = pbx.events().subscribe(PbxEvent.class, e -> {
                Delivery.busy(busyNanos);
                received.incrementAndGet();
            });
            pbx.connect();
        } else {
            asteriskJava = new ManagerConnectionFactory("127.0.0.1", simulator.amiPort(), "voipkit", "voipkit")
                    .createManagerConnection();
            asteriskJava.addEventListener(e -> {
                Delivery.busy(busyNanos);
                received.incrementAndGet();
            });
            asteriskJava.login();
        }
        Delivery.settle(received, 200);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (subscription != null) {
            subscription.close();
        }
        if (pbx != null) {
            pbx.close();
        }
        if (asteriskJava != null) {
            asteriskJava.logoff();
        }
        simulator.close();
    }

    /** Writes {@link #BATCH} events and waits until the listener has them all, or until no more arrive. */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public long deliver(Loss loss) throws InterruptedException {
        long before = received.get();
        simulator.blast(BATCH);
        long delivered = Delivery.await(received, before, BATCH);
        loss.lost += BATCH - delivered;
        return delivered;
    }

    /**
     * Not JMH: CPU time per delivered event, per thread group (reader, subscriber, simulator,
     * rest), from {@code ThreadMXBean}, for voipkit with a 0 µs listener. Thread CPU time is
     * inflated far less than wall-clock time by other processes on a shared machine, so this
     * compares two builds where the JMH score is too noisy. {@code -Drounds} (default 5) rounds of
     * 20 blasts of {@link #BATCH} events after 20 warm-up blasts.
     *
     * <pre>{@code java -cp voip-benchmarks/target/benchmarks.jar io.voipkit.benchmarks.AmiEventThroughputBenchmark}</pre>
     */
    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        AmiEventThroughputBenchmark b = new AmiEventThroughputBenchmark();
        b.client = "voipkit";
        b.listenerMicros = 0;
        b.start();
        try {
            Loss loss = new Loss();
            for (int i = 0; i < 20; i++) {
                b.deliver(loss);
            }
            for (int round = 0, rounds = Integer.getInteger("rounds", 5); round < rounds; round++) {
                java.util.Map<Long, Long> before = threadCpu(threads);
                long process = os.getProcessCpuTime();
                long wall = System.nanoTime();
                long delivered = 0;
                for (int i = 0; i < 20; i++) {
                    delivered += b.deliver(loss);
                }
                wall = System.nanoTime() - wall;
                process = os.getProcessCpuTime() - process;
                java.util.Map<String, Long> perGroup = new java.util.TreeMap<>();
                threadCpu(threads).forEach((id, cpu) -> {
                    java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                    if (info != null) {
                        perGroup.merge(group(info.getThreadName()), cpu - before.getOrDefault(id, 0L), Long::sum);
                    }
                });
                StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                        "%,d delivered (%,d lost so far), %,.0f events/s wall, CPU per event: process %.3f µs",
                        delivered, loss.lost, delivered * 1e9 / wall, process / 1e3 / delivered));
                long n = delivered;
                perGroup.forEach((g, cpu) -> line.append(String.format(java.util.Locale.ROOT, ", %s %.3f µs", g, cpu / 1e3 / n)));
                System.out.println(line);
            }
        } finally {
            b.stop();
        }
    }

    private static java.util.Map<Long, Long> threadCpu(java.lang.management.ThreadMXBean threads) {
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    private static String group(String threadName) {
        if (threadName.startsWith("voipkit-ami-reader")) {
            return "reader";
        }
        if (threadName.startsWith("voipkit-events")) {
            return "subscriber";
        }
        return threadName.toLowerCase(java.util.Locale.ROOT).contains("sim") ? "simulator" : "other";
    }
}
