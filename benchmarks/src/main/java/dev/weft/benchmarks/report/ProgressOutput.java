package dev.weft.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.function.Consumer;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's own output goes to a log file, whole; the terminal gets one progress line per benchmark,
 * so a ten-minute run stays readable.
 */
final class ProgressOutput implements OutputFormat {

    private final OutputFormat log;
    private final Consumer<String> progress;
    private int started;

    ProgressOutput(PrintStream logFile, Consumer<String> progress) {
        this.log = OutputFormatFactory.createFormatInstance(logFile, VerboseMode.NORMAL);
        this.progress = progress;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        String benchmark = params.getBenchmark();
        int lastDot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
        progress.accept(String.format("jmh #%d: %s · %s · %s", started, JmhResults.suiteOf(className),
                benchmark.substring(lastDot + 1), JmhResults.pointOf(params)));
        log.startBenchmark(params);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        log.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        log.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        log.endBenchmark(result);
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        log.endRun(result);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
    }

    @Override
    public void flush() {
        log.flush();
    }

    @Override
    public void close() {
        log.close();
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
