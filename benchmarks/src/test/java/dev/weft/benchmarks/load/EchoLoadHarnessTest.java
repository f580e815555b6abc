package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.benchmarks.report.Measurement;
import dev.weft.benchmarks.report.Measurement.Better;
import dev.weft.benchmarks.report.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's API, as the report orchestrator calls it: measurements in the shared shape. */
class EchoLoadHarnessTest {

    @Test
    void reportsEveryMetricPerServerAndPointAsMediansOverRounds() {
        EchoPlan plan = EchoPlan.defaults()
                .withServers(List.of(Subject.WEFT_NIO, Subject.TCP_ECHO))
                .withPoints(List.of(new EchoPoint(2, 16, 2)))
                .withTiming(Duration.ofMillis(100), Duration.ofMillis(300), 2)
                .withJvm(TestJvm.SMALL);
        List<String> progress = new ArrayList<>();
        List<Measurement> results = EchoLoadHarness.run(plan, progress::add);

        List<String> metrics = List.of("throughput", "bandwidth", "p50", "p99", "p999", "server cpu per message",
                "generator cpu per message", "server allocation per message");
        assertEquals(2 * metrics.size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            Measurement m = results.get(i);
            assertEquals(EchoLoadHarness.SUITE, m.suite());
            assertEquals("2 conn × 16 B × 2", m.point());
            assertEquals(i < metrics.size() ? "weft-nio" : "tcp-echo", m.subject());
            assertEquals(i < metrics.size() ? Role.WEFT : Role.BASELINE, m.role());
            assertEquals(metrics.get(i % metrics.size()), m.metric());
            assertEquals(i % metrics.size() < 2 ? Better.HIGHER : Better.LOWER, m.better());
            assertTrue(m.value() >= 0 && Double.isFinite(m.value()), m.toString());
        }
        assertTrue(results.get(0).value() > 0, "throughput");
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("echo round 2/2 · tcp-echo")), progress.toString());
    }
}
