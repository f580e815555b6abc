package dev.weft.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.conformance.SampleReport;
import dev.weft.conformance.autobahn.AutobahnReport;
import dev.weft.conformance.suite.cases.Catalogue;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The catalogue keeps Autobahn's numbering, section by section. */
class CatalogueTest {

    @Test
    void hasAutobahnsCaseCountPerSection() {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (CaseSpec c : Catalogue.all(SuiteMode.QUICK)) {
            counts.merge(c.section(), 1, Integer::sum);
        }
        Map<Integer, Integer> expected = new LinkedHashMap<>();
        expected.put(1, 16);
        expected.put(2, 11);
        expected.put(3, 7);
        expected.put(4, 10);
        expected.put(5, 20);
        expected.put(6, 145);
        expected.put(7, 37);
        expected.put(9, 54);
        expected.put(10, 1);
        expected.put(12, 90);
        expected.put(13, 126);
        assertEquals(expected, counts);
    }

    @Test
    void numbersMatchARealAutobahnReport() throws Exception {
        // The sample covers sections 1-8 and 10: every id there must be one of ours, and the reverse.
        AutobahnReport sample = AutobahnReport.read(SampleReport.dir());
        Set<String> theirs = new HashSet<>();
        sample.cases(sample.agents().get(0)).forEach(e -> theirs.add(e.id()));
        Set<String> ours = new HashSet<>();
        Catalogue.all(SuiteMode.QUICK).stream().filter(c -> c.section() != 9 && c.section() < 12).forEach(c -> ours.add(c.id()));
        assertEquals(247, theirs.size());
        assertEquals(theirs, ours);
    }

    @Test
    void idsAreUniqueAndInOrder() {
        List<String> ids = Catalogue.all(SuiteMode.QUICK).stream().map(CaseSpec::id).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size());
        List<String> sorted = ids.stream().sorted(CaseIds.ORDER).toList();
        assertEquals(sorted, ids);
    }

    @Test
    void everyCaseSaysWhatItSendsAndExpects() {
        for (CaseSpec c : Catalogue.all(SuiteMode.QUICK)) {
            assertFalse(c.description().isBlank(), c.id());
            assertFalse(c.expectation().isBlank(), c.id());
            assertFalse(c.steps().isEmpty(), c.id());
            assertFalse(c.expect().outcomes().isEmpty(), c.id());
        }
    }

    @Test
    void fullModeUsesAutobahnsSizes() {
        Map<String, CaseSpec> full = byId(Catalogue.all(SuiteMode.FULL));
        assertEquals(16 * 1024 * 1024, messageSize(full.get("9.1.6")));
        assertEquals(4 * 1024 * 1024, messageSize(full.get("9.3.1")));
        assertEquals(65536, full.get("9.3.1").steps().size(), "4 MiB in 64-byte fragments");
        assertEquals(1000, ((Step.RoundTrips) full.get("9.8.6").steps().get(0)).count());
        Map<String, CaseSpec> quick = byId(Catalogue.all(SuiteMode.QUICK));
        assertEquals(1024 * 1024, messageSize(quick.get("9.1.6")));
        assertEquals(100, ((Step.RoundTrips) quick.get("9.8.6").steps().get(0)).count());
    }

    @Test
    void utf8SamplesAgreeWithTheJdk() {
        // Section 6.5-6.23: a case expects an echo exactly when its payload is valid UTF-8.
        for (CaseSpec c : Catalogue.all(SuiteMode.QUICK)) {
            String[] p = c.id().split("\\.");
            if (c.section() != 6 || Integer.parseInt(p[1]) < 5) {
                continue;
            }
            byte[] payload = ((Step.Send) c.steps().get(0)).frame().payload();
            boolean echoed = !c.expect().outcomes().get(Verdict.OK).isEmpty();
            assertEquals(FuzzPeer.isUtf8(payload), echoed, c.id() + ": " + c.description());
        }
    }

    private static Map<String, CaseSpec> byId(List<CaseSpec> cases) {
        Map<String, CaseSpec> m = new LinkedHashMap<>();
        cases.forEach(c -> m.put(c.id(), c));
        return m;
    }

    private static int messageSize(CaseSpec c) {
        Event.Message m = (Event.Message) c.expect().outcomes().get(Verdict.OK).get(0);
        assertTrue(m.payload().length > 0);
        return m.payload().length;
    }
}
