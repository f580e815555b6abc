package dev.weft.benchmarks.report;

import java.util.Objects;

/**
 * One figure from one run: a subject measured at one point of one suite. Every benchmark in this
 * module, micro or end to end, reports in this shape, so that the report can set Weft beside its
 * peers and baselines measured in the same run and print the ratios.
 *
 * @param suite the family of measurements, e.g. {@code masking}, {@code decode}, {@code echo}
 * @param point the parameters that make figures comparable, e.g. {@code 64 KiB heap aligned} or
 *              {@code 64 conn × 16 B × 16}; figures are compared only within one suite and point
 * @param subject who was measured, e.g. {@code weft}, {@code weft-loom}, {@code netty}, {@code arraycopy}
 * @param role what the subject is to the reader
 * @param metric what was measured, e.g. {@code throughput}, {@code cpu per message}, {@code p99}
 * @param unit the unit of {@code value}, e.g. {@code GB/s}, {@code µs}, {@code msg/s}, {@code B/op}
 * @param value the figure (a median where the run repeated the measurement)
 * @param better which direction is better for this metric
 */
public record Measurement(String suite, String point, String subject, Role role,
                          String metric, String unit, double value, Better better) {

    /** Which direction of a metric is the better one. */
    public enum Better {
        /** More is better: throughput, messages per second. */
        HIGHER,
        /** Less is better: latency, CPU time, bytes allocated or held. */
        LOWER
    }

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if any text field, the role or the direction is null
     */
    public Measurement {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(better, "better");
    }
}
