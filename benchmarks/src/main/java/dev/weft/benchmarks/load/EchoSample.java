package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement.Better;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one measured window of one server at one point gave.
 *
 * @param messages           echoes received in the window
 * @param payloadBytes       their payload bytes
 * @param windowNanos        the window's length
 * @param latencies          their round trips, in nanoseconds
 * @param serverCpuNanos     CPU time the server process used in the window
 * @param generatorCpuNanos  CPU time the generator's threads used in the window
 * @param verified           echoes, over the whole run, whose payload was compared and matched
 * @param serverAllocatedBytes heap bytes the server's threads allocated in the window, or -1
 *                           where it was not counted
 */
record EchoSample(long messages, long payloadBytes, long windowNanos, Histogram latencies, long serverCpuNanos,
                  long generatorCpuNanos, long verified, long serverAllocatedBytes) {

    /** Metric names, as the report and the tables show them. */
    static final String THROUGHPUT = "throughput";
    static final String BANDWIDTH = "bandwidth";
    static final String SERVER_CPU = "server cpu per message";
    static final String GENERATOR_CPU = "generator cpu per message";
    static final String SERVER_ALLOCATION = "server allocation per message";
    static final String MICROS = "µs";

    /**
     * Returns the figures, in the order the report lists them.
     *
     * @return throughput, bandwidth, p50, p99, p999, server and generator CPU per message, and the
     *         server's allocation per message where it was counted (the whole echo path: transport,
     *         engine and handler, every thread of the server)
     */
    List<Figure> figures() {
        double seconds = windowNanos / 1e9;
        List<Figure> figures = new java.util.ArrayList<>(List.of(
                new Figure(THROUGHPUT, "msg/s", messages / seconds, Better.HIGHER),
                new Figure(BANDWIDTH, "MB/s", payloadBytes / seconds / 1e6, Better.HIGHER),
                new Figure("p50", MICROS, percentileMicros(50), Better.LOWER),
                new Figure("p99", MICROS, percentileMicros(99), Better.LOWER),
                new Figure("p999", MICROS, percentileMicros(99.9), Better.LOWER),
                new Figure(SERVER_CPU, MICROS, serverCpuNanos / 1e3 / messages, Better.LOWER),
                new Figure(GENERATOR_CPU, MICROS, generatorCpuNanos / 1e3 / messages, Better.LOWER)));
        if (serverAllocatedBytes >= 0) {
            figures.add(new Figure(SERVER_ALLOCATION, "B", (double) serverAllocatedBytes / messages, Better.LOWER));
        }
        return figures;
    }

    private double percentileMicros(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1e3;
    }
}
