package dev.weft.conformance.suite;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results for cases that could not run at all. */
final class Failures {

    private Failures() {
    }

    /**
     * Returns a FAILED result for a case whose connection never opened.
     *
     * @param spec       the case
     * @param why        what went wrong
     * @param startNanos when the attempt began
     * @return the result
     */
    static CaseResult couldNotRun(CaseSpec spec, String why, long startNanos) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        spec.expect().outcomes().forEach((v, events) -> expected.put(v.label(), CaseRunner.summarize(events)));
        return new CaseResult(spec.id(), spec.description(), spec.expectation(), Verdict.FAILED, CloseVerdict.FAILED,
                why, why, expected, spec.expect().close().describe(), List.of(), List.of(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), false, false, false, null, null, null,
                why, List.of());
    }
}
