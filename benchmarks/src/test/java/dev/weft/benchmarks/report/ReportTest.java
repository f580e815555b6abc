package dev.weft.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.benchmarks.report.Measurement.Better;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Measurement m(String suite, String point, String subject, Role role, String metric, double value, Better better) {
        return new Measurement(suite, point, subject, role, metric, "u", value, better);
    }

    private static final List<Measurement> RUN = List.of(
            m("masking", "64 KiB heap aligned", "weft", Role.WEFT, "throughput", 30, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "netty", Role.PEER, "throughput", 10, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "arraycopy", Role.BASELINE, "throughput", 40, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "bytewise", Role.REFERENCE, "throughput", 1, Better.HIGHER),
            m("echo", "64 conn × 16 B × 16", "weft-nio", Role.WEFT, "server cpu per message", 2, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "weft-loom", Role.WEFT, "server cpu per message", 3, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "netty", Role.PEER, "server cpu per message", 4, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "helidon", Role.PEER, "server cpu per message", 12, Better.LOWER));

    @Test
    void tablesSetWeftBesidePeersAndBaselinesWithRatios() {
        List<Report.Table> tables = Report.tables(RUN);
        assertEquals(2, tables.size());
        Report.Table masking = tables.get(0);
        assertEquals(List.of("point", "weft", "netty", "arraycopy", "bytewise", "weft ÷ netty", "weft ÷ arraycopy"), masking.header());
        assertEquals(List.of("64 KiB heap aligned", "30.0", "10.0", "40.0", "1.00", "3.00×", "0.750×"), masking.rows().get(0));
        assertTrue(masking.title().contains("higher is better"));

        Report.Table echo = tables.get(1);
        // Loom stands beside its counterparts (Helidon, Weft NIO), not every subject.
        assertEquals(List.of("point", "weft-nio", "weft-loom", "netty", "helidon",
                "weft-nio ÷ netty", "weft-nio ÷ helidon", "weft-loom ÷ helidon", "weft-loom ÷ weft-nio"), echo.header());
        assertEquals("0.250×", echo.rows().get(0).get(7));
        assertEquals("1.50×", echo.rows().get(0).get(8));
        assertTrue(echo.title().contains("lower is better"));
    }

    @Test
    void textAlignsEveryColumn() {
        String text = Report.text(Report.tables(RUN));
        List<String> lines = text.lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(lines.get(0).length(), lines.get(1).length());
        assertTrue(text.contains("weft-loom ÷ helidon"));
    }

    @Test
    void markdownHasOneRowPerPoint() {
        String md = Report.markdown(Report.tables(RUN));
        assertTrue(md.contains("| point | weft | netty | arraycopy | bytewise | weft ÷ netty | weft ÷ arraycopy |"));
        assertTrue(md.contains("| 64 KiB heap aligned | 30.0 | 10.0 | 40.0 | 1.00 | 3.00× | 0.750× |"));
    }

    @Test
    void numbersKeepAboutThreeSignificantDigits() {
        assertEquals("262,900", Report.number(262_900.4));
        assertEquals("540", Report.number(540.2));
        assertEquals("35.2", Report.number(35.24));
        assertEquals("1.14", Report.number(1.1412));
        assertEquals("0.0123", Report.number(0.012345));
        assertEquals("0", Report.number(0));
    }

    @Test
    void targetsCheckRatiosAndLimitsInTheMetricsDirection() {
        List<Target.Check> checks = Targets.check(RUN);
        Target.Check arraycopy = find(checks, "weft ÷ arraycopy");
        assertFalse(arraycopy.met(), arraycopy.line());
        assertEquals(0.75, arraycopy.value().orElseThrow(), 1e-9);
        assertTrue(find(checks, "masking 64 KiB heap aligned throughput: weft ÷ netty").met());
        // CPU per message: lower is better, so 2 ÷ 4 = 0.5 meets "≤ 0.8", and 3 ÷ 12 = 0.25 meets "≤ 0.5".
        assertTrue(find(checks, "server cpu per message: weft-nio ÷ netty").met());
        assertTrue(find(checks, "server cpu per message: weft-loom ÷ helidon").met());
        // 3 ÷ 2 = 1.5 misses "≤ 1.25".
        assertFalse(find(checks, "server cpu per message: weft-loom ÷ weft-nio").met());
        Target.Check idle = find(checks, "idle");
        assertTrue(idle.value().isEmpty());
        assertTrue(idle.line().contains("not measured"));
    }

    private static Target.Check find(List<Target.Check> checks, String fragment) {
        return checks.stream().filter(c -> c.line().contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no check with " + fragment + " in " + checks.stream().map(Target.Check::line).toList()));
    }

    @Test
    void chartBarsShowWeftsAdvantageWhateverTheDirection() {
        assertEquals(3.0, SvgChart.advantage(RUN, "64 KiB heap aligned · weft vs netty").orElseThrow(), 1e-9);
        assertEquals(0.75, SvgChart.advantage(RUN, "64 KiB heap aligned · weft vs arraycopy").orElseThrow(), 1e-9);
        assertEquals(2.0, SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-nio vs netty").orElseThrow(), 1e-9);
        assertEquals(4.0, SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-loom vs helidon").orElseThrow(), 1e-9);
        assertTrue(SvgChart.advantage(RUN, "64 KiB heap aligned · weft vs bytewise").isEmpty(), "references are not compared");
        String svg = SvgChart.svg(RUN, "t <&>", "machine\ncommand");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains("t &lt;&amp;&gt;"));
        assertTrue(svg.contains("3.00×") && svg.contains("0.750×"));
        assertTrue(SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-loom vs netty").isEmpty(), "Loom is charted beside Helidon");
        assertEquals(4, svg.split("<rect class=").length - 1, "one bar per comparison: 2 for masking, 2 for echo");
    }

    @Test
    void jsonEscapesAndNests() {
        String json = Json.write(java.util.Map.of("a\"b", List.of(1.5, "x\ny", true)));
        assertEquals("{\n  \"a\\\"b\": [\n    1.5,\n    \"x\\ny\",\n    true\n  ]\n}\n", json);
        assertEquals("null\n", Json.write(Double.NaN));
    }
}
