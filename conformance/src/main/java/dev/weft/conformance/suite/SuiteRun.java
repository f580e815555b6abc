package dev.weft.conformance.suite;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The results of running the catalogue against one peer: a Weft server or client on one transport.
 *
 * @param agent          the peer's name in reports, such as {@code weft-server-nio}
 * @param side           {@code server} or {@code client}: which Weft side was tested
 * @param transport      the transport it ran on
 * @param mode           the suite mode
 * @param results        one per case, in catalogue order
 * @param durationMillis how long the run took
 */
public record SuiteRun(String agent, String side, String transport, String mode, List<CaseResult> results,
                       long durationMillis) {

    /** Copies the results. */
    public SuiteRun {
        results = List.copyOf(results);
    }

    /**
     * Returns how many cases got each overall verdict.
     *
     * @return counts for every verdict, zeros included
     */
    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        for (CaseResult r : results) {
            counts.merge(r.verdict(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Returns the cases whose overall verdict is FAILED.
     *
     * @return those results
     */
    public List<CaseResult> failures() {
        return results.stream().filter(r -> r.verdict() == Verdict.FAILED).toList();
    }

    /**
     * Returns one line: the agent, the counts and the time.
     *
     * @return the summary
     */
    public String summary() {
        Map<Verdict, Integer> c = counts();
        return String.format("%-20s %3d cases: %3d OK, %2d NON-STRICT, %2d INFORMATIONAL, %2d FAILED  (%.1f s, %s mode)",
                agent, results.size(), c.get(Verdict.OK), c.get(Verdict.NON_STRICT), c.get(Verdict.INFORMATIONAL),
                c.get(Verdict.FAILED), durationMillis / 1000.0, mode);
    }
}
