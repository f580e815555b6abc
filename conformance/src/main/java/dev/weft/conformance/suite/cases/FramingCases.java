package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.spec;

import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import dev.weft.conformance.suite.Payloads;
import dev.weft.conformance.suite.Step;
import java.util.List;

/**
 * Section 1, framing (RFC 6455 §5.2): text (1.1) and binary (1.2) messages of 0 to 65536 bytes
 * in one frame, covering each payload length form (7-bit up to 125, 16-bit from 126, 64-bit from
 * 65536), and one sent in 997-byte writes.
 */
final class FramingCases {

    private static final int[] SIZES = {0, 125, 126, 127, 128, 65535, 65536};

    private FramingCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        for (int sub = 1; sub <= 2; sub++) {
            boolean binary = sub == 2;
            String kind = binary ? "binary" : "text";
            for (int i = 0; i < SIZES.length; i++) {
                byte[] payload = Payloads.of(binary, SIZES[i]);
                cases.add(spec("1." + sub + "." + (i + 1),
                        "A " + kind + " message of " + SIZES[i] + " bytes in one frame.",
                        "The peer echoes it exactly; then a clean close with 1000.",
                        Expect.replies(new Event.Message(binary, payload)),
                        Step.send(Frame.of(binary ? Frame.BINARY : Frame.TEXT, payload))));
            }
            byte[] payload = Payloads.of(binary, 65536);
            cases.add(spec("1." + sub + ".8",
                    "A " + kind + " message of 65536 bytes in one frame, written in pieces of 997 bytes.",
                    "The peer echoes it exactly; then a clean close with 1000.",
                    Expect.replies(new Event.Message(binary, payload)),
                    Step.chopped(Frame.of(binary ? Frame.BINARY : Frame.TEXT, payload), 997)));
        }
    }
}
