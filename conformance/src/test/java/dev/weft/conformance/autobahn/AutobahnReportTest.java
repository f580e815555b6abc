package dev.weft.conformance.autobahn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.conformance.SampleReport;
import dev.weft.conformance.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reader, against a real report written by the Autobahn|Testsuite. */
class AutobahnReportTest {

    @Test
    void readsTheSampleReport() throws IOException {
        AutobahnReport report = AutobahnReport.read(SampleReport.dir());
        assertEquals(List.of("py-websockets-10.4"), report.agents());
        List<AutobahnReport.Entry> cases = report.cases("py-websockets-10.4");
        assertEquals(247, cases.size());
        assertEquals("1.1.1", cases.get(0).id());
        assertEquals("10.1.1", cases.get(cases.size() - 1).id(), "case order is numeric, not textual");
        assertEquals(Map.of("OK", 232, "NON-STRICT", 12, "INFORMATIONAL", 3, "FAILED", 0), report.counts("py-websockets-10.4"));
        assertTrue(report.passed(), "NON-STRICT and INFORMATIONAL pass");
        assertTrue(report.failures().isEmpty());
        AutobahnReport.Entry e = cases.stream().filter(c -> c.id().equals("6.4.3")).findFirst().orElseThrow();
        assertEquals("NON-STRICT", e.behavior());
        assertEquals(1007, e.remoteCloseCode());
        assertEquals("py_websockets_10_4_case_6_4_3.json", e.reportFile());
    }

    @Test
    void listsEveryCaseThatDidNotPassWithItsDetails(@TempDir Path dir) throws IOException {
        copySample(dir);
        // Turn two verdicts into failures: one whose per-case file is in the sample, one whose is not.
        Path index = dir.resolve("index.json");
        String text = Files.readString(index);
        Map<String, Object> all = cast(Json.parse(text));
        Map<String, Object> agent = cast(all.get("py-websockets-10.4"));
        cast(agent.get("6.4.3")).put("behavior", "FAILED");
        cast(agent.get("2.5")).put("behaviorClose", "WRONG CODE");
        Files.writeString(index, Json.write(all));

        AutobahnReport report = AutobahnReport.read(dir);
        assertFalse(report.passed());
        assertEquals(2, report.counts("py-websockets-10.4").get("FAILED"));
        List<AutobahnReport.Failure> failures = report.failures();
        assertEquals(List.of("2.5", "6.4.3"), failures.stream().map(f -> f.entry().id()).toList());
        AutobahnReport.Failure f = failures.get(1);
        assertTrue(f.description().startsWith("Same as Case 6.4.1, but we send message not in 3 frames"), f.description());
        assertFalse(f.description().contains("<br>"), "HTML is stripped: " + f.description());
        assertTrue(f.expectation().contains("fail fast on UTF-8"), f.expectation());
        assertEquals("Actual events match at least one expected.", f.result());
        assertTrue(f.describe().contains("case 6.4.3 (py-websockets-10.4): behavior FAILED"), f.describe());
        assertTrue(failures.get(0).description().contains("no per-case file"), failures.get(0).describe());
    }

    @Test
    void saysWhenThereIsNoReport(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> AutobahnReport.read(dir));
        assertTrue(e.getMessage().contains("index.json is missing"), e.getMessage());
        Files.writeString(dir.resolve("index.json"), "[1, 2]");
        e = assertThrows(IOException.class, () -> AutobahnReport.read(dir));
        assertTrue(e.getMessage().contains("not an Autobahn index"), e.getMessage());
    }

    static void copySample(Path dir) throws IOException {
        try (var files = Files.list(SampleReport.dir())) {
            for (Path p : files.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
                dir.resolve(p.getFileName()).toFile().setWritable(true);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
