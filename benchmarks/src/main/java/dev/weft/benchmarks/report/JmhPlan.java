package dev.weft.benchmarks.report;

import dev.weft.benchmarks.NettyFlags;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Which JMH benchmarks a report runs, at which parameters and for how long. {@code quick} picks the
 * points that carry the targets and runs each briefly (one fork, three seconds of warm-up, three
 * half-second iterations, the median kept); {@code full} runs every point at the benchmarks' own publishable settings.
 *
 * @param runs the selections, each one JMH invocation
 * @param brief whether to override the benchmarks' own iteration settings with short ones
 */
public record JmhPlan(List<Selection> runs, boolean brief) {

    /**
     * One JMH invocation: a benchmark class and parameter values (empty: the class's own).
     *
     * @param benchmarkClass the simple name of a class in {@code dev.weft.benchmarks}
     * @param params parameter values to run, by parameter name
     * @param subjects the benchmark methods to run; empty for all of them
     */
    public record Selection(String benchmarkClass, Map<String, List<String>> params, List<String> subjects) {
    }

    /**
     * Warm-up seconds in a brief run, the same for every subject: Netty's decoder and Weft's
     * handshake each need about three before the JIT has settled, and a shorter warm-up would
     * flatter whichever warms up faster.
     */
    private static final int BRIEF_WARMUP_SECONDS = 3;

    private static final String PACKAGE = "dev.weft.benchmarks.";

    /**
     * The quick plan: the target points of every suite, about nine minutes on two cores (the
     * permessage-deflate points about two of them).
     *
     * @return the plan
     */
    public static JmhPlan quick() {
        List<Selection> runs = new ArrayList<>();
        // The byte-by-byte reference, the Vector API variant and the validator alone are left to
        // the full run, as are most unmasked encodes (a header written beside the payload).
        List<String> masking = List.of("weft", "xorBaseline", "weftCopying", "netty", "arraycopy");
        runs.add(select("MaskingBenchmark", masking, "size", "125,65536", "offset", "0", "memory", "heap"));
        runs.add(select("MaskingBenchmark", masking, "size", "65536", "offset", "3", "memory", "heap"));
        runs.add(select("MaskingBenchmark", masking, "size", "65536", "offset", "0", "memory", "direct"));
        runs.add(select("DecodeBenchmark", List.of(), "size", "16,1024,65536"));
        runs.add(select("EncodeBenchmark", List.of(), "size", "16,1024,65536", "direction", "client-to-server"));
        runs.add(select("EncodeBenchmark", List.of(), "size", "16,65536", "direction", "server-to-client"));
        runs.add(select("TextDecodeBenchmark", List.of("weft", "netty", "weftStreaming", "nettyFrames", "jdk"), "size", "1024"));
        runs.add(select("HandshakeBenchmark", List.of()));
        // permessage-deflate: JSON-like text at every size, and incompressible bytes where a
        // compressor's output outgrows its input.
        runs.add(select("DeflateBenchmark", List.of(), "size", "16,1024,65536", "data", "json"));
        runs.add(select("DeflateBenchmark", List.of(), "size", "65536", "data", "random"));
        runs.add(select("InflateBenchmark", List.of(), "size", "1024,65536", "data", "json"));
        return new JmhPlan(runs, true);
    }

    /**
     * The full plan: every benchmark at every point, at the benchmarks' own settings.
     *
     * @return the plan
     */
    public static JmhPlan full() {
        List<Selection> runs = new ArrayList<>();
        for (String c : List.of("MaskingBenchmark", "DecodeBenchmark", "EncodeBenchmark", "TextDecodeBenchmark", "HandshakeBenchmark",
                "DeflateBenchmark", "InflateBenchmark")) {
            runs.add(select(c, List.of()));
        }
        return new JmhPlan(runs, false);
    }

    private static Selection select(String benchmarkClass, List<String> subjects, String... keyValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], List.of(keyValues[i + 1].split(",")));
        }
        return new Selection(benchmarkClass, params, subjects);
    }

    /**
     * Runs every selection with the GC profiler, JMH's own output going to {@code log}.
     *
     * @param log where JMH's full output goes
     * @param progress one line per benchmark started, and warnings
     * @return the measurements of every selection that found benchmarks
     * @throws RunnerException when JMH fails to run a benchmark
     */
    public List<Measurement> run(PrintStream log, Consumer<String> progress) throws RunnerException {
        List<Measurement> out = new ArrayList<>();
        ProgressOutput output = new ProgressOutput(log, progress);
        for (Selection selection : runs) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("^" + PACKAGE.replace(".", "\\.") + selection.benchmarkClass() + "\\."
                            + (selection.subjects().isEmpty() ? "" : "(" + String.join("|", selection.subjects()) + ")$"))
                    .addProfiler(GCProfiler.class)
                    // The benchmarks' own @Fork says the same; said here too, so no selection runs Netty otherwise.
                    .jvmArgsPrepend(NettyFlags.all().toArray(String[]::new))
                    .shouldFailOnError(true);
            selection.params().forEach((k, v) -> options.param(k, v.toArray(String[]::new)));
            if (brief) {
                options.forks(1)
                        .warmupIterations(BRIEF_WARMUP_SECONDS).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
            }
            Collection<RunResult> results;
            try {
                results = new Runner(options.build(), output).run();
            } catch (NoBenchmarksException e) {
                progress.accept("jmh: no benchmark matches " + selection.benchmarkClass() + "; skipped");
                continue;
            }
            out.addAll(JmhResults.toMeasurements(results));
        }
        return out;
    }
}
