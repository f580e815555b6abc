package dev.weft.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.benchmarks.report.Measurement;
import dev.weft.benchmarks.report.Measurement.Better;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The idle scale holds connections to every server and reports what they cost. */
// Opens connections to a child JVM per server subject: about half a minute, so it runs with
// ./weft test --slow (and in CI).
@Tag("slow")
class IdleScaleTest {

    @Test
    void holdsTwoHundredConnectionsToEveryServer() {
        List<String> progress = new ArrayList<>();
        // No warm-up here: each one waits seconds for the JIT; warmsUpAndLetsGoOfTheWarmUpsSockets has one.
        IdlePlan plan = IdlePlan.defaults().withConnections(200, 64).withWarmup(0).withJvm(TestJvm.SMALL);
        List<Measurement> results = IdleScale.run(plan, progress::add);

        assertTrue(progress.get(0).startsWith("limits: "), progress.get(0));
        assertTrue(progress.stream().noneMatch(p -> p.contains("warmed up")), String.join("\n", progress));
        Set<String> subjects = results.stream().map(Measurement::subject).collect(Collectors.toSet());
        assertEquals(Set.copyOf(Subject.labels(Subject.all())), subjects);
        for (Measurement m : results) {
            assertEquals(IdleScale.SUITE, m.suite());
            assertEquals("200 connections", m.point());
            assertEquals(Better.LOWER, m.better());
            assertTrue(Double.isFinite(m.value()), m.toString());
            if (m.metric().equals("open time")) {
                assertTrue(m.value() > 0 && m.value() < 60, m.toString());
                assertEquals("s", m.unit());
            } else {
                assertEquals("B", m.unit());
            }
        }
        for (String metric : List.of(IdleMemory.HEAP_PER_CONNECTION, IdleMemory.HEAP_PER_ADDED_CONNECTION)) {
            assertEquals(Subject.all().size(), results.stream().filter(m -> m.metric().equals(metric)).count(), metric);
        }
        long rss = results.stream().filter(m -> m.metric().equals(IdleMemory.RSS_PER_CONNECTION)).count();
        assertEquals(rss, results.stream().filter(m -> m.metric().equals(IdleMemory.RSS_PER_ADDED_CONNECTION)).count());
    }

    @Test
    void warmsUpAndLetsGoOfTheWarmUpsSockets() {
        List<String> progress = new ArrayList<>();
        IdlePlan plan = IdlePlan.defaults().withServers(List.of(Subject.WEFT_NIO)).withConnections(100, 32)
                .withJvm(TestJvm.SMALL);
        List<Measurement> results = IdleScale.run(plan, progress::add);

        // The run fails if the server keeps the warm-up's sockets; it says how long the JIT took.
        assertEquals(1, progress.stream()
                .filter(p -> p.contains("weft-nio: warmed up with 100 connections, opened and closed; the JIT was quiet after "))
                .count(), String.join("\n", progress));
        assertTrue(progress.stream().anyMatch(p -> p.contains("weft-nio: heap after GC before, after half and after all: ")));
        assertTrue(results.stream().anyMatch(m -> m.metric().equals(IdleMemory.HEAP_PER_ADDED_CONNECTION) && m.value() > 0),
                results.toString());
    }

    @Test
    void aServerChildSettlesAndHandsBackFreeMemory() throws Exception {
        try (ServerProcess server = ServerProcess.start(Subject.TCP_ECHO, TestJvm.SMALL, List.of())) {
            // Each answers with its own word, or the call throws: an unknown command answers "error".
            server.settle();
            server.trimNativeHeap();
            assertTrue(server.openFiles().orElse(1) > 0);
        }
    }

    @Test
    void theWarmUpCountsAgainstTheEphemeralPorts() {
        long ports = ProcFs.ephemeralPorts().orElseThrow();
        LoadFailure f = assertThrows(LoadFailure.class, () -> IdleScale.checkLimits(100, (int) ports));
        assertTrue(f.getMessage().contains("--warmup"), f.getMessage());
        assertTrue(IdleScale.checkLimits(100, (int) ports - 100).startsWith("limits: "));
    }

    @Test
    void moreConnectionsThanFilesFailsInOneLine() {
        // Skipped in effect where /proc does not tell the limit; here it always does.
        LoadFailure f = assertThrows(LoadFailure.class, () -> IdleScale.checkLimits(Integer.MAX_VALUE - IdleScale.SPARE_FILES));
        assertTrue(f.getMessage().contains("ulimit -n") || f.getMessage().contains("ip_local_port_range"), f.getMessage());
        assertTrue(!f.getMessage().contains("\n"), f.getMessage());
    }
}
