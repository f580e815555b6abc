package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.bytes;
import static dev.weft.conformance.suite.cases.Cases.concat;
import static dev.weft.conformance.suite.cases.Cases.spec;
import static dev.weft.conformance.suite.cases.Utf8Samples.KOSME;

import dev.weft.codec.frame.CloseCode;
import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import dev.weft.conformance.suite.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Section 6, UTF-8 handling (RFC 6455 §5.6, §8.1): a text message must be valid UTF-8 as a whole,
 * however it is split into frames and however the frames are split on the wire, and an endpoint
 * that meets invalid UTF-8 fails the connection with 1007. 6.4 checks that it does so as soon as
 * the bad byte arrives (fail-fast), in the middle of a frame and across fragments; 6.5 to 6.23
 * run the samples of {@link Utf8Samples}.
 */
final class Utf8Cases {

    private static final String MIXED = "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!";
    /** κόσμε, then U+D800 as three bytes (a surrogate, invalid), then "edited". */
    private static final byte[] KOSME_SURROGATE = concat(KOSME, bytes(0xed, 0xa0, 0x80), Frame.utf8("edited"));
    /** κόσμε, then a 4-byte form of 0x110000 (beyond Unicode, invalid at its second byte), then "edited". */
    private static final byte[] KOSME_TOO_HIGH = concat(KOSME, bytes(0xf4, 0x90, 0x80, 0x80), Frame.utf8("edited"));

    private Utf8Cases() {
    }

    static void addTo(List<CaseSpec> cases) {
        String echo = "The peer echoes the message; then a clean close with 1000.";
        String fails = "The peer fails the connection with 1007 (invalid frame payload data).";

        cases.add(spec("6.1.1", "An empty text message.", echo, Expect.replies(Event.Message.text("")),
                Cases.send(Cases.text(""))));
        cases.add(spec("6.1.2", "A text message in three empty fragments.", echo, Expect.replies(Event.Message.text("")),
                Cases.send(Frame.of(Frame.TEXT, false, "")), Cases.send(Frame.of(Frame.CONTINUATION, false, "")),
                Cases.send(Frame.of(Frame.CONTINUATION, true, ""))));
        cases.add(spec("6.1.3", "A text message in three fragments, the first and last empty.",
                "The peer echoes the middle fragment's text; then a clean close with 1000.",
                Expect.replies(Event.Message.text("middle frame payload")),
                Cases.send(Frame.of(Frame.TEXT, false, "")), Cases.send(Frame.of(Frame.CONTINUATION, false, "middle frame payload")),
                Cases.send(Frame.of(Frame.CONTINUATION, true, ""))));

        byte[] mixed = Frame.utf8(MIXED);
        cases.add(spec("6.2.1", "Valid UTF-8 with 2-byte characters, in one frame: " + hex(mixed) + ".", echo,
                Expect.replies(Event.Message.text(mixed)), Cases.send(Cases.text(mixed))));
        byte[] first = Frame.utf8("Hello-\u00b5@\u00df\u00f6\u00e4");
        byte[] second = Frame.utf8("\u00fc\u00e0\u00e1-UTF-8!!");
        cases.add(spec("6.2.2", "The same text in two fragments split between characters.", echo,
                Expect.replies(Event.Message.text(mixed)),
                Cases.send(Frame.of(Frame.TEXT, false, first)), Cases.send(Frame.of(Frame.CONTINUATION, true, second))));
        cases.add(spec("6.2.3", "The same text in fragments of one byte each, most of them inside a character.", echo,
                Expect.replies(Event.Message.text(mixed)), oneBytePerFragment(mixed)));
        cases.add(spec("6.2.4", "κόσμε (" + hex(KOSME) + ") in fragments of one byte each.", echo,
                Expect.replies(Event.Message.text(KOSME)), oneBytePerFragment(KOSME)));

        cases.add(spec("6.3.1", "Invalid UTF-8 in one frame: " + hex(KOSME_SURROGATE) + " (a surrogate at byte 12).",
                fails, Expect.failure(CloseCode.INVALID_FRAME_PAYLOAD_DATA), Cases.send(Cases.text(KOSME_SURROGATE))));
        cases.add(spec("6.3.2", "The same invalid message in fragments of one byte each.", fails,
                Expect.failure(CloseCode.INVALID_FRAME_PAYLOAD_DATA), oneBytePerFragment(KOSME_SURROGATE)));

        addFailFast(cases);

        int sub = 5;
        for (Utf8Samples.Group group : Utf8Samples.groups()) {
            int n = 1;
            for (Utf8Samples.Sample s : group.samples()) {
                String id = "6." + sub + "." + n++;
                if (s.valid()) {
                    cases.add(spec(id, group.title() + ": a text message of valid UTF-8, " + hex(s.bytes()) + ", in one frame.",
                            echo, Expect.replies(Event.Message.text(s.bytes())), Cases.send(Cases.text(s.bytes()))));
                } else {
                    cases.add(spec(id, group.title() + ": a text message of invalid UTF-8, " + hex(s.bytes()) + ", in one frame.",
                            fails, Expect.failure(CloseCode.INVALID_FRAME_PAYLOAD_DATA), Cases.send(Cases.text(s.bytes()))));
                }
            }
            sub++;
        }
    }

    /**
     * 6.4: the message is κόσμε, then 0x110000 in the 4-byte form (F4 90 80 80; F4 may start a
     * valid sequence, the 90 after it may not), then "edited". The fuzzer sends a valid start,
     * waits, sends the part that makes it invalid, waits, then the rest. A strict peer fails the
     * connection during the second wait; failing only at the end of the message is NON-STRICT.
     */
    private static void addFailFast(List<CaseSpec> cases) {
        String expectation = "The first part is accepted (the first wait runs out); the second part fails the"
                + " connection with 1007 at once, before the second wait runs out. Failing only at the end of the"
                + " message is NON-STRICT.";
        Expect expect = Expect.failure(CloseCode.INVALID_FRAME_PAYLOAD_DATA)
                .ok(new Event.Timeout("A")).orNonStrict(new Event.Timeout("A"), new Event.Timeout("B"));
        byte[] whole = KOSME_TOO_HIGH;
        cases.add(spec("6.4.1", "An invalid text message in three fragments: " + hex(KOSME) + " (valid), wait A, "
                        + hex(bytes(0xf4, 0x90, 0x80, 0x80)) + " (invalid from its second byte), wait B, " + hex(Frame.utf8("edited")) + ".",
                expectation, expect, fragmentsWithWaits(whole, KOSME.length, KOSME.length + 4)));
        cases.add(spec("6.4.2", "As 6.4.1, but the first fragment ends with F4 (still a valid start) and the second is"
                        + " just the 90 that makes the message invalid.",
                expectation, expect, fragmentsWithWaits(whole, KOSME.length + 1, KOSME.length + 2)));
        cases.add(spec("6.4.3", "As 6.4.1, but one frame whose payload arrives in three parts with the waits between"
                        + " them.", expectation, expect,
                new Step.SendInParts(Cases.text(whole), List.of(KOSME.length, KOSME.length + 4), List.of("A", "B"))));
        cases.add(spec("6.4.4", "As 6.4.2, but one frame whose payload arrives in three parts with the waits between"
                        + " them.", expectation, expect,
                new Step.SendInParts(Cases.text(whole), List.of(KOSME.length + 1, KOSME.length + 2), List.of("A", "B"))));
    }

    private static List<Step> fragmentsWithWaits(byte[] whole, int cut1, int cut2) {
        return List.of(
                Cases.send(Frame.of(Frame.TEXT, false, Arrays.copyOfRange(whole, 0, cut1))),
                new Step.Wait("A"),
                Cases.send(Frame.of(Frame.CONTINUATION, false, Arrays.copyOfRange(whole, cut1, cut2))),
                new Step.Wait("B"),
                Cases.send(Frame.of(Frame.CONTINUATION, true, Arrays.copyOfRange(whole, cut2, whole.length))));
    }

    private static List<Step> oneBytePerFragment(byte[] payload) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < payload.length; i++) {
            int opcode = i == 0 ? Frame.TEXT : Frame.CONTINUATION;
            steps.add(Cases.send(Frame.of(opcode, i == payload.length - 1, new byte[] {payload[i]})));
        }
        return steps;
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
