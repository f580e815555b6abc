package dev.weft.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The run as one picture: for every headline metric, a bar per point and comparison showing how
 * many times better Weft is than a peer or a baseline, on a logarithmic axis centred on parity.
 * Bars to the right of the line are wins, to the left losses, whatever the metric's direction.
 */
public final class SvgChart {

    private SvgChart() {
    }

    /** The metrics the chart shows, by suite; everything else stays in the tables. */
    private static final Map<String, List<String>> HEADLINES = new LinkedHashMap<>();

    static {
        HEADLINES.put("masking", List.of("throughput"));
        HEADLINES.put("decode", List.of("throughput"));
        HEADLINES.put("encode", List.of("throughput"));
        HEADLINES.put("text decode", List.of("throughput"));
        HEADLINES.put("handshake", List.of("throughput"));
        HEADLINES.put("echo", List.of("server cpu per message", "throughput", "p99"));
        HEADLINES.put("idle", List.of("heap per connection"));
    }

    /**
     * One bar.
     *
     * @param section the suite and metric
     * @param label the point and the pair compared
     * @param advantage how many times better Weft is (below 1: worse)
     */
    record Bar(String section, String label, double advantage) {
    }

    /**
     * The bars of a run: every Weft subject against the subjects {@link Comparisons} names for the
     * chart, at every point of a headline metric.
     *
     * @param measurements the run's figures
     * @return the bars, grouped by section in the order of {@link #HEADLINES}
     */
    static List<Bar> bars(List<Measurement> measurements) {
        List<Bar> bars = new ArrayList<>();
        HEADLINES.forEach((suite, metrics) -> {
            for (String metric : metrics) {
                List<Measurement> group = measurements.stream().filter(m -> m.suite().equals(suite) && m.metric().equals(metric)).toList();
                for (Measurement w : group) {
                    if (w.role() != Role.WEFT) {
                        continue;
                    }
                    Map<String, Role> atPoint = new LinkedHashMap<>();
                    group.stream().filter(o -> o.point().equals(w.point())).forEach(o -> atPoint.put(o.subject(), o.role()));
                    for (String otherName : Comparisons.inChart(suite, w.subject(), atPoint)) {
                        Measurement o = group.stream().filter(x -> x.point().equals(w.point()) && x.subject().equals(otherName))
                                .findFirst().orElseThrow();
                        if (w.value() <= 0 || o.value() <= 0) {
                            continue;
                        }
                        double advantage = w.better() == Measurement.Better.HIGHER ? w.value() / o.value() : o.value() / w.value();
                        bars.add(new Bar(suite + " — " + metric + " (" + w.unit() + ")",
                                w.point() + " · " + w.subject() + " vs " + o.subject(), advantage));
                    }
                }
            }
        });
        return bars;
    }

    /**
     * Draws the chart.
     *
     * @param measurements the run's figures
     * @param title the chart's title
     * @param subtitle the machine and the command, one per line
     * @return an SVG document
     */
    public static String svg(List<Measurement> measurements, String title, String subtitle) {
        List<Bar> bars = bars(measurements);
        final int width = 1000;
        final int labelWidth = 430;
        final int plotLeft = labelWidth + 10;
        final int plotWidth = width - plotLeft - 70;
        final int barHeight = 16;
        final int rowHeight = 20;
        final int sectionGap = 30;
        double lo = Math.min(0.25, bars.stream().mapToDouble(Bar::advantage).min().orElse(1) / 1.2);
        double hi = Math.max(4, bars.stream().mapToDouble(Bar::advantage).max().orElse(1) * 1.2);
        double logLo = Math.log(lo);
        double logHi = Math.log(hi);
        java.util.function.DoubleUnaryOperator x = v -> plotLeft + (Math.log(v) - logLo) / (logHi - logLo) * plotWidth;

        StringBuilder body = new StringBuilder();
        int y = 90;
        String section = null;
        for (Bar bar : bars) {
            if (!bar.section().equals(section)) {
                if (section != null) {
                    y += sectionGap - rowHeight + 10;
                }
                section = bar.section();
                y += 10;
                body.append(text(10, y, escape(section), "section"));
                y += 8;
            }
            double parity = x.applyAsDouble(1);
            double end = x.applyAsDouble(Math.max(lo, Math.min(hi, bar.advantage())));
            double left = Math.min(parity, end);
            double w = Math.max(1, Math.abs(end - parity));
            String cls = bar.advantage() >= 1 ? "win" : "loss";
            body.append(text(labelWidth, y + barHeight - 4, escape(bar.label()), "label"));
            body.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>%n", cls, left, y, w, barHeight));
            double tx = bar.advantage() >= 1 ? end + 4 : end - 4;
            String anchor = bar.advantage() >= 1 ? "start" : "end";
            if (bar.advantage() < 1 && end - 60 < plotLeft) {
                tx = parity + 4;
                anchor = "start";
            }
            body.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s×</text>%n",
                    tx, y + barHeight - 4, anchor, Report.number(bar.advantage())));
            y += rowHeight;
        }
        int height = y + 50;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif\">%n",
                width, height, width, height));
        svg.append("""
                <style>
                  .title { font-size: 18px; font-weight: 600; fill: #111; }
                  .subtitle { font-size: 11px; fill: #555; }
                  .section { font-size: 13px; font-weight: 600; fill: #222; }
                  .label { font-size: 11px; fill: #333; text-anchor: end; }
                  .value { font-size: 11px; fill: #222; }
                  .axis { font-size: 10px; fill: #666; text-anchor: middle; }
                  .win { fill: #2e8b57; }
                  .loss { fill: #d2691e; }
                  .grid { stroke: #ddd; stroke-width: 1; }
                  .parity { stroke: #333; stroke-width: 1.5; }
                </style>
                <rect width="100%" height="100%" fill="#fff"/>
                """);
        svg.append(text(10, 26, escape(title), "title"));
        String[] sub = subtitle.split("\n", 2);
        svg.append(text(10, 44, escape(sub[0]), "subtitle"));
        if (sub.length > 1) {
            svg.append(text(10, 58, escape(sub[1]), "subtitle"));
        }
        svg.append(text(10, 72, "Bars: how many times better Weft is than the peer or baseline (log scale; right of the line is better, whatever the metric).", "subtitle"));
        for (double tick : ticks(lo, hi)) {
            double tx = x.applyAsDouble(tick);
            String cls = tick == 1 ? "parity" : "grid";
            svg.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"84\" x2=\"%.1f\" y2=\"%d\"/>%n", cls, tx, tx, y + 4));
            svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\">%s×</text>%n", tx, y + 18, tick < 1 ? String.valueOf(tick) : Report.number(tick)));
        }
        svg.append(body);
        if (bars.isEmpty()) {
            svg.append(text(10, 100, "No comparisons in this run.", "label"));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static List<Double> ticks(double lo, double hi) {
        List<Double> ticks = new ArrayList<>();
        for (double t = 0.125; t <= hi * 1.0001; t *= 2) {
            if (t >= lo) {
                ticks.add(t);
            }
        }
        return ticks;
    }

    private static String text(double x, int y, String content, String cls) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%d\">%s</text>%n", cls, x, y, content);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The advantage of Weft at one comparison, for tests and callers that want the figure itself.
     *
     * @param measurements the run's figures
     * @param label the bar's label
     * @return the advantage, if such a bar exists
     */
    static Optional<Double> advantage(List<Measurement> measurements, String label) {
        return bars(measurements).stream().filter(b -> b.label().equals(label)).map(Bar::advantage).findFirst();
    }
}
