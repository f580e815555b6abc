package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The end-to-end echo load: every server in its own child process, loaded by this process's
 * generator over loopback, point by point.
 *
 * <p>Servers are measured one at a time and interleaved in rounds: round r starts each server in
 * turn, runs every point against it and stops it, so that whatever else the machine does spreads
 * over all servers alike. The figures are medians over rounds. A server's CPU time comes from its
 * own process's accounting over the window, divided by the echoes in the window.
 */
public final class EchoLoadHarness {

    /** The suite every echo measurement belongs to. */
    public static final String SUITE = "echo";
    /** The metric of the server's compression ratio. */
    public static final String COMPRESSION_RATIO = "compression ratio";

    private EchoLoadHarness() {
    }

    /**
     * Runs the plan.
     *
     * @param plan     what to measure
     * @param progress told what is running, a line at a time (the CLI prints it on stderr)
     * @return per server and point, in plan order: {@code throughput} (msg/s), {@code bandwidth}
     *         (MB/s of payload echoed), {@code p50}, {@code p99}, {@code p999} (µs round trip),
     *         {@code server cpu per message} and {@code generator cpu per message} (µs),
     *         {@code server allocation per message} (B, where the server's JVM counts it); each the
     *         median over rounds, suite {@value #SUITE}, point such as {@code 64 conn × 16 B × 16}
     * @throws LoadFailure if a server does not start, mangles, drops or never returns an echo, or
     *                     closes a connection early; the message says which and where
     */
    public static List<Measurement> run(EchoPlan plan, Consumer<String> progress) {
        return run(plan, Compression.NONE, progress);
    }

    /** The suite of the echo load with permessage-deflate. */
    public static final String DEFLATE_SUITE = "echo deflate";

    /**
     * Runs the plan with permessage-deflate as {@code compression} says: JSON-like text messages
     * instead of the plan's, compressed both ways, every echo inflated and compared, and one more
     * figure, {@code compression ratio} (the echoes' bytes on the wire, headers included, over
     * their payload bytes), in suite {@value #DEFLATE_SUITE}.
     *
     * @param plan        what to measure; its servers must speak permessage-deflate
     * @param compression how to negotiate
     * @param progress    told what is running
     * @return as {@link #run(EchoPlan, Consumer)}, plus the ratio when compressed
     */
    public static List<Measurement> run(EchoPlan plan, Compression compression, Consumer<String> progress) {
        String suite = compression.on() ? DEFLATE_SUITE : SUITE;
        Map<Subject, Map<EchoPoint, List<List<Figure>>>> rounds = new LinkedHashMap<>();
        Optional<CpuPinning> pinning = plan.pin() ? CpuPinning.tryPin(progress) : Optional.empty();
        try {
            List<String> prefix = pinning.map(CpuPinning::serverPrefix).orElse(List.of());
            for (int round = 1; round <= plan.rounds(); round++) {
                for (Subject subject : plan.servers()) {
                    String where = "echo round " + round + "/" + plan.rounds() + " · " + subject.label();
                    progress.accept(where + ": starting the server");
                    try (ServerProcess server = start(subject, compression, plan.jvm(), prefix)) {
                        for (EchoPoint point : plan.points()) {
                            progress.accept(where + " · " + point.label() + ": " + seconds(plan.warmup().toMillis()) + " warm-up + "
                                    + seconds(plan.window().toMillis()) + " measured");
                            List<Figure> figures;
                            if (compression.on()) {
                                double[] ratio = {Double.NaN};
                                EchoSample sample = PointRun.measure(server.target(), point, compression, plan.warmup(), plan.window(),
                                        plan.clientThreads(), server::cpuNanos, server.allocatedBytesSupplier(), r -> ratio[0] = r);
                                figures = new ArrayList<>(sample.figures());
                                figures.add(new Figure(COMPRESSION_RATIO, "wire/payload", ratio[0], Measurement.Better.LOWER));
                            } else {
                                EchoSample sample = PointRun.measure(server.target(), point, plan.text(), plan.warmup(), plan.window(),
                                        plan.clientThreads(), server::cpuNanos, server.allocatedBytesSupplier());
                                figures = sample.figures();
                            }
                            progress.accept(where + " · " + point.label() + ": " + summary(figures));
                            rounds.computeIfAbsent(subject, s -> new LinkedHashMap<>())
                                    .computeIfAbsent(point, p -> new ArrayList<>()).add(figures);
                        }
                    }
                }
            }
        } finally {
            pinning.ifPresent(CpuPinning::close);
        }
        List<Measurement> measurements = new ArrayList<>();
        for (EchoPoint point : plan.points()) {
            for (Subject subject : plan.servers()) {
                for (Figure f : Medians.of(rounds.get(subject).get(point))) {
                    measurements.add(f.measurement(suite, point.label(), subject));
                }
            }
        }
        return measurements;
    }

    /**
     * Starts a server child.
     *
     * @throws LoadFailure if it does not start
     */
    static ServerProcess start(Subject subject, ServerJvm jvm, List<String> prefix) {
        return start(subject, Compression.NONE, jvm, prefix);
    }

    /**
     * Starts a server child that takes permessage-deflate as {@code compression} says.
     *
     * @throws LoadFailure if it does not start
     */
    static ServerProcess start(Subject subject, Compression compression, ServerJvm jvm, List<String> prefix) {
        try {
            return ServerProcess.start(subject, compression, jvm, prefix);
        } catch (IOException e) {
            throw new LoadFailure(e.getMessage(), e);
        }
    }

    private static String summary(List<Figure> figures) {
        StringBuilder s = new StringBuilder();
        for (Figure f : figures) {
            if (f.metric().equals(EchoSample.THROUGHPUT) || f.metric().equals("p99") || f.metric().equals(EchoSample.SERVER_CPU)) {
                s.append(s.isEmpty() ? "" : ", ").append(f.metric()).append(' ').append(ResultTable.format(f.value())).append(' ').append(f.unit());
            }
        }
        return s.toString();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
