package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run as tables: one per suite and metric, a row per point, a column per subject, then Weft's
 * ratios to its peers and baselines (see {@link Comparisons}). A ratio is Weft's figure
 * divided by the other's, so read it with the metric's direction: above 1 is better for throughput,
 * below 1 is better for CPU time, latency and memory.
 */
public final class Report {

    private Report() {
    }

    /**
     * One table.
     *
     * @param title suite, metric, unit and direction
     * @param note what the metric measures ({@link MetricNotes}), or empty
     * @param header the column names
     * @param rows the cells, row by row
     */
    public record Table(String title, String note, List<String> header, List<List<String>> rows) {
    }

    /**
     * Builds the tables of a run.
     *
     * @param measurements the run's figures
     * @return the tables, in the order suites and metrics first appear
     */
    public static List<Table> tables(List<Measurement> measurements) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            groups.computeIfAbsent(m.suite() + "\u0000" + m.metric(), k -> new ArrayList<>()).add(m);
        }
        List<Table> tables = new ArrayList<>();
        for (List<Measurement> group : groups.values()) {
            tables.add(table(group));
        }
        return tables;
    }

    private static Table table(List<Measurement> group) {
        Measurement first = group.get(0);
        Set<String> points = new LinkedHashSet<>();
        Map<String, Role> subjects = new LinkedHashMap<>();
        group.stream()
                .sorted(Comparator.comparing(Measurement::role))
                .forEach(m -> subjects.putIfAbsent(m.subject(), m.role()));
        group.forEach(m -> points.add(m.point()));
        List<String[]> ratios = new ArrayList<>();
        boolean ratiosMeaningful = !first.unit().equals("B/op");
        if (ratiosMeaningful) {
            List<String> weft = subjects.entrySet().stream().filter(e -> e.getValue() == Role.WEFT).map(Map.Entry::getKey).toList();
            for (String w : weft) {
                for (String other : Comparisons.inTable(first.suite(), w, subjects)) {
                    ratios.add(new String[] {w, other});
                }
            }
        }
        List<String> header = new ArrayList<>();
        header.add("point");
        header.addAll(subjects.keySet());
        for (String[] r : ratios) {
            header.add(r[0] + " ÷ " + r[1]);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String point : points) {
            List<String> row = new ArrayList<>();
            row.add(point);
            for (String subject : subjects.keySet()) {
                row.add(value(group, point, subject).map(Report::number).orElse("—"));
            }
            for (String[] r : ratios) {
                Optional<Double> a = value(group, point, r[0]);
                Optional<Double> b = value(group, point, r[1]);
                row.add(a.isPresent() && b.isPresent() && b.get() != 0 ? number(a.get() / b.get()) + "×" : "—");
            }
            rows.add(row);
        }
        String direction = first.better() == Measurement.Better.HIGHER ? "higher is better" : "lower is better";
        String title = first.suite() + " — " + first.metric() + " (" + first.unit() + ", " + direction + ")";
        return new Table(title, MetricNotes.of(first.metric()).orElse(""), header, rows);
    }

    private static Optional<Double> value(List<Measurement> group, String point, String subject) {
        return group.stream().filter(m -> m.point().equals(point) && m.subject().equals(subject)).map(Measurement::value).findFirst();
    }

    /**
     * The tables as aligned plain text for a terminal.
     *
     * @param tables the tables
     * @return the text
     */
    public static String text(List<Table> tables) {
        StringBuilder out = new StringBuilder();
        for (Table t : tables) {
            int[] widths = new int[t.header().size()];
            for (int c = 0; c < widths.length; c++) {
                widths[c] = t.header().get(c).length();
                for (List<String> row : t.rows()) {
                    widths[c] = Math.max(widths[c], row.get(c).length());
                }
            }
            out.append(t.title()).append('\n');
            if (!t.note().isEmpty()) {
                out.append("  ").append(t.note()).append('\n');
            }
            appendRow(out, t.header(), widths);
            for (List<String> row : t.rows()) {
                appendRow(out, row, widths);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(c == 0 ? "  " + cell + pad : "  " + pad + cell);
        }
        out.append('\n');
    }

    /**
     * The tables as Markdown, for the README.
     *
     * @param tables the tables
     * @return the Markdown
     */
    public static String markdown(List<Table> tables) {
        StringBuilder out = new StringBuilder();
        for (Table t : tables) {
            out.append("**").append(t.title()).append("**\n\n");
            if (!t.note().isEmpty()) {
                out.append('_').append(t.note()).append("._\n\n");
            }
            out.append("| ").append(String.join(" | ", t.header())).append(" |\n");
            out.append("|---").append("|---:".repeat(t.header().size() - 1)).append("|\n");
            for (List<String> row : t.rows()) {
                out.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * A figure with about three significant digits, thousands grouped.
     *
     * @param v the figure
     * @return e.g. {@code 262,900}, {@code 540}, {@code 35.2}, {@code 1.14}, {@code 0.0123}
     */
    public static String number(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
