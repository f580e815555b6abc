package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.size;
import static dev.weft.conformance.suite.cases.Cases.spec;

import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import dev.weft.conformance.suite.Payloads;
import dev.weft.conformance.suite.Step;
import dev.weft.conformance.suite.SuiteMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 9, limits and performance: large messages in one frame (9.1, 9.2), in many fragments
 * (9.3, 9.4) and in many small writes (9.5, 9.6), and many round trips of small messages (9.7,
 * 9.8). Sizes and counts are Autobahn's in {@link SuiteMode#FULL} and scaled down otherwise; each
 * description gives the size actually used.
 */
final class LimitsCases {

    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;

    private LimitsCases() {
    }

    static void addTo(List<CaseSpec> cases, SuiteMode mode) {
        int[] whole = {64 * KIB, 256 * KIB, MIB, 4 * MIB, 8 * MIB, 16 * MIB};
        int[] fragments = {64, 256, KIB, 4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, MIB, 4 * MIB};
        int[] chops = {64, 128, 256, 512, 1024, 2048};
        int[] tripSizes = {0, 16, 64, 256, KIB, 4 * KIB};
        // Autobahn's order: 9.1 text and 9.2 binary whole, 9.3 and 9.4 fragmented, 9.5 and 9.6 chopped.
        for (int sub = 1; sub <= 6; sub++) {
            boolean binary = sub % 2 == 0;
            String kind = binary ? "binary" : "text";
            String prefix = "9." + sub + ".";
            if (sub <= 2) {
                for (int i = 0; i < whole.length; i++) {
                    int n = mode.size(whole[i]);
                    byte[] payload = Payloads.of(binary, n);
                    cases.add(spec(prefix + (i + 1), "A " + kind + " message of " + size(n) + " in one frame"
                                    + scaled(mode, whole[i]) + ".", "The peer echoes it exactly; then a clean close with 1000.",
                            Expect.replies(new Event.Message(binary, payload)).asLarge(),
                            Step.send(Frame.of(binary ? Frame.BINARY : Frame.TEXT, payload))));
                }
            } else if (sub <= 4) {
                for (int i = 0; i < fragments.length; i++) {
                    int n = mode.size(4 * MIB);
                    int fragment = Math.min(fragments[i], n);
                    byte[] payload = Payloads.of(binary, n);
                    cases.add(spec(prefix + (i + 1), "A " + kind + " message of " + size(n) + " in fragments of "
                                    + size(fragment) + scaled(mode, 4 * MIB) + ".",
                            "The peer echoes the whole message exactly; then a clean close with 1000.",
                            Expect.replies(new Event.Message(binary, payload)).asLarge(), fragmented(binary, payload, fragment)));
                }
            } else {
                for (int i = 0; i < chops.length; i++) {
                    int n = mode.size(MIB);
                    byte[] payload = Payloads.of(binary, n);
                    cases.add(spec(prefix + (i + 1), "A " + kind + " message of " + size(n) + " in one frame, written in"
                                    + " pieces of " + chops[i] + " bytes" + scaled(mode, MIB) + ".",
                            "The peer echoes it exactly; then a clean close with 1000.",
                            Expect.replies(new Event.Message(binary, payload)).asLarge(),
                            Step.chopped(Frame.of(binary ? Frame.BINARY : Frame.TEXT, payload), chops[i])));
                }
            }
        }
        for (int b = 0; b < 2; b++) {
            boolean binary = b == 1;
            for (int i = 0; i < tripSizes.length; i++) {
                int count = mode.count(1000);
                Event echo = new Event.Message(binary, Payloads.of(binary, tripSizes[i]));
                List<Event> echoes = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    echoes.add(echo);
                }
                cases.add(spec("9." + (7 + b) + "." + (i + 1), count + " " + (binary ? "binary" : "text")
                                + " messages of " + size(tripSizes[i]) + ", each sent once the echo of the one before is in"
                                + (count != 1000 ? " (1000 in full mode)" : "") + ".",
                        "Every message is echoed exactly, in order; then a clean close with 1000. The time is the"
                                + " round-trip measure.",
                        Expect.replies(echoes.toArray(Event[]::new)).asLarge(),
                        new Step.RoundTrips(count, binary, tripSizes[i])));
            }
        }
    }

    private static String scaled(SuiteMode mode, int fullSize) {
        return mode.sizeDivisor() == 1 ? "" : " (" + size(fullSize) + " in full mode)";
    }

    /** A message split into fragments of {@code fragment} bytes, all sent in one burst. */
    static List<Step> fragmented(boolean binary, byte[] payload, int fragment) {
        List<Step> steps = new ArrayList<>();
        for (int off = 0; off < payload.length || off == 0; off += fragment) {
            int end = Math.min(payload.length, off + fragment);
            int opcode = off == 0 ? (binary ? Frame.BINARY : Frame.TEXT) : Frame.CONTINUATION;
            steps.add(Step.send(Frame.of(opcode, end == payload.length, java.util.Arrays.copyOfRange(payload, off, end))));
            if (end == payload.length) {
                break;
            }
        }
        return steps;
    }
}
