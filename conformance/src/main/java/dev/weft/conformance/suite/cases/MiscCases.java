package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.spec;

import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Payloads;
import java.util.List;

/** Section 10, miscellaneous: 10.1.1, a 64 KiB text message in 1300-byte fragments, as an auto-fragmenting sender makes them. */
final class MiscCases {

    private MiscCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        byte[] payload = Payloads.of(false, 65536);
        cases.add(spec("10.1.1", "A text message of 65536 bytes in fragments of 1300 bytes (50 full ones and a"
                        + " last one of 536).", "The peer echoes the whole message exactly; then a clean close with 1000.",
                Expect.replies(Event.Message.text(payload)), LimitsCases.fragmented(false, payload, 1300)));
    }
}
