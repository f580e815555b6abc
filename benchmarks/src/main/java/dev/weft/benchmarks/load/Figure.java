package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement;
import dev.weft.benchmarks.report.Measurement.Better;
import dev.weft.benchmarks.report.Role;

/**
 * One figure of one run, before the medians: a metric, its unit, its value, and which way is
 * better. {@link #measurement} places it in a suite for the report.
 *
 * @param metric such as {@code throughput}
 * @param unit   such as {@code msg/s}
 * @param value  the figure
 * @param better which direction is better
 */
record Figure(String metric, String unit, double value, Better better) {

    /**
     * Returns the same figure with another value, such as the median over rounds.
     *
     * @param value the value
     * @return the figure
     */
    Figure withValue(double value) {
        return new Figure(metric, unit, value, better);
    }

    /**
     * Places the figure in a suite.
     *
     * @param suite   such as {@code echo}
     * @param point   the point's label
     * @param subject the server measured
     * @return the measurement
     */
    Measurement measurement(String suite, String point, Subject subject) {
        Role role = subject.role();
        return new Measurement(suite, point, subject.label(), role, metric, unit, value, better);
    }
}
