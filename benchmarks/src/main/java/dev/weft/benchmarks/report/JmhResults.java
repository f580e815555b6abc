package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns JMH results into {@link Measurement}s by the benchmark module's naming convention: a class
 * {@code FooBarBenchmark} is the suite {@code foo bar}; each {@code @Benchmark} method is named after
 * its subject ({@code weft}, {@code netty}, {@code arraycopy}, ...); a {@code size} parameter is the
 * payload bytes per operation, which turns operations per second into GB/s.
 */
public final class JmhResults {

    private JmhResults() {
    }

    /**
     * Converts every run: its median throughput and, where the GC profiler ran, its allocation per
     * operation.
     *
     * @param runs the results of one JMH run
     * @return the measurements, in the order of the runs
     */
    public static List<Measurement> toMeasurements(Collection<RunResult> runs) {
        List<Measurement> out = new ArrayList<>();
        for (RunResult run : runs) {
            BenchmarkParams params = run.getParams();
            String benchmark = params.getBenchmark();
            int lastDot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
            String subject = benchmark.substring(lastDot + 1);
            String suite = suiteOf(className);
            String point = pointOf(params);
            Role role = roleOf(subject);
            double opsPerSecond = run.getPrimaryResult().getStatistics().getPercentile(50);
            String size = params.getParamsKeys().contains("size") ? params.getParam("size") : null;
            if (size != null) {
                double gbPerSecond = opsPerSecond * Long.parseLong(size) / 1e9;
                out.add(new Measurement(suite, point, subject, role, "throughput", "GB/s", gbPerSecond, Measurement.Better.HIGHER));
            } else {
                out.add(new Measurement(suite, point, subject, role, "throughput", "ops/s", opsPerSecond, Measurement.Better.HIGHER));
            }
            // JMH declares its secondary results with the raw Result type; only the names and scores matter here.
            for (String name : run.getSecondaryResults().keySet()) {
                if (name.endsWith("gc.alloc.rate.norm")) {
                    out.add(new Measurement(suite, point, subject, role, "allocation", "B/op",
                            run.getSecondaryResults().get(name).getScore(), Measurement.Better.LOWER));
                }
            }
        }
        return out;
    }

    /**
     * The suite a benchmark class reports under: {@code TextDecodeBenchmark} is {@code text decode}.
     *
     * @param className the simple class name
     * @return the suite name
     */
    static String suiteOf(String className) {
        String stem = className.endsWith("Benchmark") ? className.substring(0, className.length() - "Benchmark".length()) : className;
        return stem.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /**
     * What a subject is: Weft's own paths, a peer library, a physical limit, or a plain reference.
     *
     * @param subject the benchmark method's name
     * @return its role
     */
    static Role roleOf(String subject) {
        String s = subject.toLowerCase(Locale.ROOT);
        if (s.startsWith("weft")) {
            return Role.WEFT;
        }
        if (s.contains("arraycopy") || s.contains("baseline") || s.equals("copy")) {
            return Role.BASELINE;
        }
        if (s.contains("bytewise") || s.contains("reference")) {
            return Role.REFERENCE;
        }
        return Role.PEER;
    }

    /**
     * The point's name from the benchmark's parameters: size first, in binary units, then the rest.
     *
     * @param params the run's parameters
     * @return e.g. {@code 64 KiB heap unaligned}; {@code one request} for a benchmark without parameters
     */
    static String pointOf(BenchmarkParams params) {
        List<String> parts = new ArrayList<>();
        if (params.getParamsKeys().contains("size")) {
            parts.add(bytes(Long.parseLong(params.getParam("size"))));
        }
        for (String key : params.getParamsKeys()) {
            String value = params.getParam(key);
            switch (key) {
                case "size" -> { }
                case "offset" -> parts.add("0".equals(value) ? "aligned" : "unaligned");
                default -> parts.add(value);
            }
        }
        return parts.isEmpty() ? "one request" : String.join(" ", parts);
    }

    /**
     * A byte count in the largest binary unit it is a whole multiple of.
     *
     * @param n bytes
     * @return e.g. {@code 125 B}, {@code 64 KiB}, {@code 1 MiB}
     */
    public static String bytes(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " B";
    }
}
