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
            m("masking", "64 KiB heap aligned", "weftCopying", Role.WEFT, "throughput", 20, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "netty", Role.PEER, "throughput", 10, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "xorBaseline", Role.BASELINE, "throughput", 25, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "arraycopy", Role.BASELINE, "throughput", 40, Better.HIGHER),
            m("masking", "64 KiB heap aligned", "bytewise", Role.REFERENCE, "throughput", 1, Better.HIGHER),
            m("echo", "64 conn × 16 B × 16", "weft-nio", Role.WEFT, "server cpu per message", 2, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "weft-loom", Role.WEFT, "server cpu per message", 3, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "netty", Role.PEER, "server cpu per message", 4, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "netty-epoll", Role.PEER, "server cpu per message", 1, Better.LOWER),
            m("echo", "64 conn × 16 B × 16", "helidon", Role.PEER, "server cpu per message", 12, Better.LOWER));

    @Test
    void tablesSetWeftBesidePeersAndBaselinesWithRatios() {
        List<Report.Table> tables = Report.tables(RUN);
        assertEquals(2, tables.size());
        Report.Table masking = tables.get(0);
        // Like beside like: the in-place mask beside the in-place loop and the copy, the copying mask
        // beside Netty (which copies) and the copy; the reference is shown, never divided by.
        assertEquals(List.of("point", "weft", "weftCopying", "netty", "xorBaseline", "arraycopy", "bytewise",
                "weft ÷ xorBaseline", "weft ÷ arraycopy", "weftCopying ÷ netty", "weftCopying ÷ arraycopy"), masking.header());
        assertEquals(List.of("64 KiB heap aligned", "30.0", "20.0", "10.0", "25.0", "40.0", "1.00", "1.20×", "0.750×", "2.00×", "0.500×"),
                masking.rows().get(0));
        assertTrue(masking.title().contains("higher is better"));

        Report.Table echo = tables.get(1);
        // Loom stands beside its counterparts (Helidon, Weft NIO), not every subject.
        assertEquals(List.of("point", "weft-nio", "weft-loom", "netty", "netty-epoll", "helidon",
                "weft-nio ÷ netty", "weft-nio ÷ netty-epoll", "weft-nio ÷ helidon", "weft-loom ÷ helidon", "weft-loom ÷ weft-nio"),
                echo.header());
        assertEquals("0.500×", echo.rows().get(0).get(6));
        assertEquals("2.00×", echo.rows().get(0).get(7));
        assertEquals("0.250×", echo.rows().get(0).get(9));
        assertEquals("1.50×", echo.rows().get(0).get(10));
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
    void idleMemoryTablesSayWhatEachFigureMeasures() {
        List<Measurement> idle = List.of(
                m("idle", "10,000 connections", "weft-nio", Role.WEFT, "rss per connection", 7000, Better.LOWER),
                m("idle", "10,000 connections", "weft-nio", Role.WEFT, "rss per added connection", 2000, Better.LOWER),
                m("idle", "10,000 connections", "weft-nio", Role.WEFT, "open time", 2, Better.LOWER));
        List<Report.Table> tables = Report.tables(idle);
        assertTrue(tables.get(0).note().contains("over N"), tables.get(0).note());
        assertTrue(tables.get(1).note().contains("second half"), tables.get(1).note());
        assertEquals("", tables.get(2).note(), "open time needs no note");
        String md = Report.markdown(tables);
        assertTrue(md.contains("**idle — rss per added connection (u, lower is better)**\n\n_resident set after GC and a trim added by the second half"), md);
        assertTrue(Report.text(tables).contains("\n  resident set after GC and a trim of free C-heap memory, all N"), Report.text(tables));
    }

    @Test
    void markdownHasOneRowPerPoint() {
        String md = Report.markdown(Report.tables(RUN));
        assertTrue(md.contains("| point | weft | weftCopying | netty | xorBaseline | arraycopy | bytewise | weft ÷ xorBaseline | "
                + "weft ÷ arraycopy | weftCopying ÷ netty | weftCopying ÷ arraycopy |"), md);
        assertTrue(md.contains("| 64 KiB heap aligned | 30.0 | 20.0 | 10.0 | 25.0 | 40.0 | 1.00 | 1.20× | 0.750× | 2.00× | 0.500× |"), md);
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
        List<Measurement> run = List.of(
                m("echo", "64 conn × 16 B × 16", "weft-nio", Role.WEFT, "server cpu per message", 2, Better.LOWER),
                m("echo", "64 conn × 16 B × 16", "weft-loom", Role.WEFT, "server cpu per message", 3, Better.LOWER),
                m("echo", "64 conn × 16 B × 16", "netty", Role.PEER, "server cpu per message", 4, Better.LOWER),
                m("echo", "64 conn × 16 B × 16", "netty-epoll", Role.PEER, "server cpu per message", 1, Better.LOWER),
                m("echo", "1 conn × 16 B × 1", "weft-nio", Role.WEFT, "p999", 100, Better.LOWER),
                m("echo", "1 conn × 16 B × 1", "weft-loom", Role.WEFT, "p999", 150, Better.LOWER),
                m("decode", "16 B client-to-server", "weft", Role.WEFT, "throughput", 3, Better.HIGHER),
                m("decode", "16 B client-to-server", "netty", Role.PEER, "throughput", 2, Better.HIGHER),
                m("decode", "64 KiB client-to-server", "weft", Role.WEFT, "throughput", 3, Better.HIGHER),
                m("decode", "64 KiB client-to-server", "netty", Role.PEER, "throughput", 2, Better.HIGHER),
                m("idle", "10,000 connections", "weft-nio", Role.WEFT, "heap per connection", 2000, Better.LOWER));
        List<Target.Check> checks = Targets.check(run);
        // CPU per message: lower is better, so 2 ÷ 4 = 0.5 meets "≤ 0.8", and 2 ÷ 1 = 2 misses "≤ 1.0".
        assertTrue(find(checks, "server cpu per message: weft-nio ÷ netty =").met());
        assertFalse(find(checks, "server cpu per message: weft-nio ÷ netty-epoll").met());
        // 3 ÷ 2 = 1.5 misses "≤ 1.25"; a p99.9 of 1.5 times NIO's meets "≤ 2".
        assertFalse(find(checks, "server cpu per message: weft-loom ÷ weft-nio").met());
        assertTrue(find(checks, "p999: weft-loom ÷ weft-nio").met());
        // Throughput: higher is better, so 3 ÷ 2 = 1.5 meets "≥ 1.5" at 16 B and "≥ 1.2" at 64 KiB.
        assertTrue(find(checks, "decode 16 B client-to-server throughput: weft ÷ netty").met());
        assertTrue(find(checks, "decode 64 KiB client-to-server throughput: weft ÷ netty").met());
        // A limit on Weft's figure alone: 2000 B misses "≤ 1536".
        Target.Check heap = find(checks, "heap per connection: weft-nio");
        assertFalse(heap.met(), heap.line());
        assertEquals(2000, heap.value().orElseThrow(), 1e-9);
        Target.Check loomIdle = find(checks, "heap per connection: weft-loom");
        assertTrue(loomIdle.value().isEmpty());
        assertTrue(loomIdle.line().contains("not measured"));
    }

    private static Target.Check find(List<Target.Check> checks, String fragment) {
        return checks.stream().filter(c -> c.line().contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no check with " + fragment + " in " + checks.stream().map(Target.Check::line).toList()));
    }

    @Test
    void chartBarsShowWeftsAdvantageWhateverTheDirection() {
        assertEquals(1.2, SvgChart.advantage(RUN, "64 KiB heap aligned · weft vs xorBaseline").orElseThrow(), 1e-9);
        assertEquals(2.0, SvgChart.advantage(RUN, "64 KiB heap aligned · weftCopying vs netty").orElseThrow(), 1e-9);
        assertTrue(SvgChart.advantage(RUN, "64 KiB heap aligned · weft vs netty").isEmpty(), "an in-place mask is not charted beside a copying one");
        assertEquals(2.0, SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-nio vs netty").orElseThrow(), 1e-9);
        assertEquals(0.5, SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-nio vs netty-epoll").orElseThrow(), 1e-9);
        assertEquals(2.0 / 3.0, SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-loom vs weft-nio").orElseThrow(), 1e-9);
        assertTrue(SvgChart.advantage(RUN, "64 KiB heap aligned · weft vs bytewise").isEmpty(), "references are not compared");
        String svg = SvgChart.svg(RUN, "t <&>", "machine\ncommand");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains("t &lt;&amp;&gt;"));
        assertTrue(svg.contains("1.20×") && svg.contains("0.500×"));
        assertTrue(SvgChart.advantage(RUN, "64 conn × 16 B × 16 · weft-loom vs netty").isEmpty(), "Loom is charted beside Weft NIO");
        assertEquals(5, svg.split("<rect class=").length - 1, "one bar per comparison: 2 for masking, 3 for echo");
    }

    @Test
    void jsonEscapesAndNests() {
        String json = Json.write(java.util.Map.of("a\"b", List.of(1.5, "x\ny", true)));
        assertEquals("{\n  \"a\\\"b\": [\n    1.5,\n    \"x\\ny\",\n    true\n  ]\n}\n", json);
        assertEquals("null\n", Json.write(Double.NaN));
    }
}
