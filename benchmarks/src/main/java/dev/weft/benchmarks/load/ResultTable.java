package dev.weft.benchmarks.load;

import dev.weft.benchmarks.report.Measurement;
import dev.weft.benchmarks.report.Measurement.Better;
import dev.weft.benchmarks.report.MetricNotes;
import dev.weft.benchmarks.report.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prints measurements as the CLIs show them: per point, one row per server with every metric,
 * then Weft's ratio to Netty and to the baseline for the metrics that matter most.
 */
final class ResultTable {

    /** The peer every Weft figure is set against. */
    static final String PEER = Subject.NETTY.label();

    private static final Map<String, String> SHORT = Map.of(
            EchoSample.SERVER_CPU, "srv cpu/msg",
            EchoSample.GENERATOR_CPU, "gen cpu/msg",
            "heap per connection", "heap/conn",
            "rss per connection", "rss/conn",
            IdleMemory.HEAP_PER_ADDED_CONNECTION, "heap/added",
            IdleMemory.RSS_PER_ADDED_CONNECTION, "rss/added");

    private ResultTable() {
    }

    /** Says how to read the ratio lines. */
    static final String LEGEND = "ratios are Weft ÷ other; ↑ marks a metric where more is better, ↓ one where less is";

    /**
     * Renders the table.
     *
     * @param measurements one suite's medians
     * @param ratioMetrics the metrics to give Weft's ratios for
     * @return the text, ending in a newline
     */
    static String render(List<Measurement> measurements, List<String> ratioMetrics) {
        Map<String, List<Measurement>> byPoint = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            byPoint.computeIfAbsent(m.point(), p -> new ArrayList<>()).add(m);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Measurement>> point : byPoint.entrySet()) {
            out.append('\n').append(point.getKey()).append('\n');
            renderPoint(out, point.getValue(), ratioMetrics);
        }
        return out.toString();
    }

    /**
     * Formats a figure with about three significant digits, thousands grouped.
     *
     * @param value the figure
     * @return such as {@code 512,331}, {@code 81.2} or {@code 2.41}
     */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        double a = Math.abs(value);
        String pattern = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static void renderPoint(StringBuilder out, List<Measurement> rows, List<String> ratioMetrics) {
        Set<String> subjects = new LinkedHashSet<>();
        Map<String, Measurement> metricOrder = new LinkedHashMap<>();
        for (Measurement m : rows) {
            subjects.add(m.subject());
            metricOrder.putIfAbsent(m.metric(), m);
        }
        List<List<String>> table = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("server"));
        List<String> units = new ArrayList<>(List.of(""));
        for (Measurement m : metricOrder.values()) {
            names.add(SHORT.getOrDefault(m.metric(), m.metric()));
            units.add(m.unit());
        }
        table.add(names);
        table.add(units);
        for (String subject : subjects) {
            List<String> row = new ArrayList<>(List.of(subject));
            for (String metric : metricOrder.keySet()) {
                row.add(find(rows, subject, metric).map(m -> format(m.value())).orElse("-"));
            }
            table.add(row);
        }
        appendAligned(out, table);
        for (String metric : metricOrder.keySet()) {
            MetricNotes.of(metric).ifPresent(note -> out.append("  ").append(SHORT.getOrDefault(metric, metric)).append(": ")
                    .append(note).append('\n'));
        }

        Optional<String> baseline = rows.stream().filter(m -> m.role() == Role.BASELINE).map(Measurement::subject).findFirst();
        List<String> others = new ArrayList<>();
        if (subjects.contains(PEER)) {
            others.add(PEER);
        }
        baseline.ifPresent(others::add);
        List<String> weft = rows.stream().filter(m -> m.role() == Role.WEFT).map(Measurement::subject).distinct().toList();
        if (weft.isEmpty() || others.isEmpty()) {
            return;
        }
        for (String w : weft) {
            for (String other : others) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-22s", w + " ÷ " + other));
                for (String metric : ratioMetrics) {
                    Optional<Measurement> a = find(rows, w, metric);
                    Optional<Measurement> b = find(rows, other, metric);
                    if (a.isPresent() && b.isPresent() && b.get().value() != 0) {
                        double ratio = a.get().value() / b.get().value();
                        line.append(String.format(Locale.ROOT, "  %s %.2f×%s", SHORT.getOrDefault(metric, metric), ratio,
                                a.get().better() == Better.HIGHER ? " ↑" : " ↓"));
                    }
                }
                out.append(line).append('\n');
            }
        }
    }

    private static Optional<Measurement> find(List<Measurement> rows, String subject, String metric) {
        return rows.stream().filter(m -> m.subject().equals(subject) && m.metric().equals(metric)).findFirst();
    }

    /** The first column left-aligned, the figures right-aligned, two spaces between. */
    private static void appendAligned(StringBuilder out, List<List<String>> table) {
        int columns = table.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : table) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? cell + pad : "  " + pad + cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
