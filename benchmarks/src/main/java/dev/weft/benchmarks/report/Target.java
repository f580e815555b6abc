package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One of Weft's published aims, checked against a run: a ratio of Weft's figure to another
 * subject's at the same point, or Weft's figure alone, against a limit. Targets are reported, never
 * asserted: a missed target is a line in the report and the README, with its figure.
 *
 * @param suite the suite the figures come from
 * @param points which points of the suite the target applies to
 * @param pointsLabel how the report names those points
 * @param metric the metric compared
 * @param subject Weft's subject
 * @param versus the other subject, or null for a limit on Weft's figure alone
 * @param atMost true if the ratio (or figure) must not exceed {@code limit}, false if it must reach it
 * @param limit the limit
 */
public record Target(String suite, Predicate<String> points, String pointsLabel, String metric,
                     String subject, String versus, boolean atMost, double limit) {

    /**
     * The outcome of a target at one point.
     *
     * @param target the target
     * @param point the point
     * @param value the ratio or figure found, or empty when a figure was not measured
     * @param met whether the target holds
     */
    public record Check(Target target, String point, Optional<Double> value, boolean met) {

        /**
         * One line for the report.
         *
         * @return e.g. {@code ✓ masking 64 KiB heap aligned throughput: weft ÷ arraycopy = 1.14 (target ≥ 0.80)}
         */
        public String line() {
            Target t = target;
            String what = t.versus() == null ? t.subject() : t.subject() + " ÷ " + t.versus();
            String figure = value.map(v -> Report.number(v)).orElse("not measured");
            String limitText = (t.atMost() ? "≤ " : "≥ ") + Report.number(t.limit());
            String mark = value.isEmpty() ? "·" : met ? "✓" : "✗";
            return String.format(Locale.ROOT, "%s %s %s %s: %s = %s (target %s)", mark, t.suite(), point, t.metric(), what, figure, limitText);
        }
    }

    /**
     * Checks the target at every point of its suite that it applies to.
     *
     * @param measurements the run's figures
     * @return one check per point; one "not measured" check when no point was found
     */
    public List<Check> check(List<Measurement> measurements) {
        List<Check> checks = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Measurement m : measurements) {
            if (!m.suite().equals(suite) || !m.metric().equals(metric) || !m.subject().equals(subject)
                    || !points.test(m.point()) || seen.contains(m.point())) {
                continue;
            }
            seen.add(m.point());
            Optional<Double> value;
            if (versus == null) {
                value = Optional.of(m.value());
            } else {
                value = measurements.stream()
                        .filter(o -> o.suite().equals(suite) && o.metric().equals(metric) && o.point().equals(m.point())
                                && o.subject().equals(versus) && o.value() != 0)
                        .findFirst()
                        .map(o -> m.value() / o.value());
            }
            boolean met = value.map(v -> atMost ? v <= limit : v >= limit).orElse(false);
            checks.add(new Check(this, m.point(), value, met));
        }
        if (checks.isEmpty()) {
            checks.add(new Check(this, pointsLabel, Optional.empty(), false));
        }
        return checks;
    }
}
