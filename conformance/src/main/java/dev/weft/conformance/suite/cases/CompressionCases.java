package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.size;

import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.DeflateTerms;
import dev.weft.conformance.suite.DeflateTerms.Request;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Step;
import dev.weft.conformance.suite.SuiteMode;
import java.util.List;

/**
 * Sections 12 and 13, permessage-deflate (RFC 7692): compressed messages echoed one at a time,
 * 1000 of each size from 16 bytes to 128 KiB, in one frame or cut into frames (Autobahn's
 * auto-fragment). Section 12 runs five kinds of data with the default offer; section 13 runs the
 * JSON data under seven offer and acceptance combinations: context takeover on or off, windows of
 * 8 and 15 bits asked of the peer, and several offers at once. The fuzzer's inflater enforces the
 * window and the context resets the peer agreed to, so a reference too far back fails the case.
 *
 * <p>In {@link SuiteMode#QUICK} each case sends 4 messages, each a sixteenth of Autobahn's size;
 * {@link SuiteMode#FULL} uses Autobahn's sizes and 1000 messages.
 */
final class CompressionCases {

    /** Autobahn's (message size, compressed frame size; 0 for one frame) pairs, in its order. */
    private static final int[][] SIZES = {
        {16, 0}, {64, 0}, {256, 0}, {1024, 0}, {4096, 0}, {8192, 0}, {16384, 0}, {32768, 0}, {65536, 0}, {131072, 0},
        {8192, 256}, {16384, 256}, {32768, 256}, {65536, 256}, {131072, 256}, {131072, 1024}, {131072, 4096},
        {131072, 32768},
    };

    private static final Request NO_CONTEXT = new Request(true, 0);

    /**
     * Section 13's combinations, as Autobahn's: what the fuzzing client offers (asking the server)
     * and how the fuzzing server accepts (asking the client), in order of preference.
     */
    private static final List<DeflateTerms> SECTION_13 = List.of(
            new DeflateTerms(List.of(Request.NONE), List.of(Request.NONE)),
            new DeflateTerms(List.of(NO_CONTEXT), List.of(NO_CONTEXT)),
            new DeflateTerms(List.of(new Request(false, 8)), List.of(new Request(false, 8))),
            new DeflateTerms(List.of(new Request(false, 15)), List.of(new Request(false, 15))),
            new DeflateTerms(List.of(new Request(true, 8)), List.of(new Request(true, 8))),
            new DeflateTerms(List.of(new Request(true, 15)), List.of(new Request(true, 15))),
            new DeflateTerms(List.of(new Request(true, 8), NO_CONTEXT, Request.NONE),
                    List.of(new Request(true, 8), NO_CONTEXT, Request.NONE)));

    private CompressionCases() {
    }

    static void addTo(List<CaseSpec> cases, SuiteMode mode) {
        DeflateTerms defaults = SECTION_13.get(0);
        for (int k = 0; k < CompressionData.KINDS.length; k++) {
            CompressionData.Kind kind = CompressionData.KINDS[k];
            for (int i = 0; i < SIZES.length; i++) {
                cases.add(compressed("12." + (k + 1) + "." + (i + 1), kind, SIZES[i], defaults,
                        "Use the default permessage-deflate offer and acceptance. Data: " + kind.description() + ".", mode));
            }
        }
        for (int j = 0; j < SECTION_13.size(); j++) {
            DeflateTerms terms = SECTION_13.get(j);
            for (int i = 0; i < SIZES.length; i++) {
                cases.add(compressed("13." + (j + 1) + "." + (i + 1), CompressionData.json13(), SIZES[i], terms,
                        "As a client the fuzzer offers (requestNoContextTakeover, requestMaxWindowBits) " + terms.offers()
                                + "; as a server it accepts " + terms.accepts() + ".", mode));
            }
        }
    }

    private static CaseSpec compressed(String id, CompressionData.Kind kind, int[] sizeAndFragment, DeflateTerms terms,
                                       String negotiation, SuiteMode mode) {
        int size = Math.max(1, mode.size(sizeAndFragment[0]));
        int fragment = sizeAndFragment[1];
        int count = mode.sizeDivisor() == 1 ? 1000 : 4;
        Step.CompressedRoundTrips trips = new Step.CompressedRoundTrips(count, kind.binary(), kind.data(), size, fragment);
        Event[] echoes = new Event[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            echoes[i] = Event.Digest.lazy(kind.binary(), size, () -> trips.message(index));
        }
        String description = "Send " + count + " compressed messages of " + size(size) + " each"
                + (fragment > 0 ? ", the compressed payload cut into frames of " + size(fragment) : ", each in one frame")
                + (mode.sizeDivisor() == 1 ? "" : " (1000 of " + size(sizeAndFragment[0]) + " in full mode)")
                + ". " + negotiation;
        return new CaseSpec(id, description, "permessage-deflate is agreed; every message is echoed exactly, in order"
                + " (compared by SHA-256), and every compressed message the peer sends inflates within the window and"
                + " context it agreed to; then a clean close with 1000.", List.of(trips),
                Expect.replies(echoes).asLarge(), terms);
    }
}
