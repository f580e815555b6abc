package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.spec;

import dev.weft.codec.frame.CloseCode;
import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import dev.weft.conformance.suite.FuzzPeer;
import dev.weft.conformance.suite.Payloads;
import dev.weft.conformance.suite.Step;
import java.util.List;

/**
 * Section 7, close handling (RFC 6455 §5.5.1, §7): the peer answers a close frame with one
 * (echoing the code, or with 1000 or none), sends and answers nothing after it, accepts every
 * legal code and reason, and fails the connection on a malformed close frame (1-byte payload,
 * payload over 125 bytes, a code no one may send, a reason that is not UTF-8).
 */
final class CloseCases {

    /** Legal codes (7.7): the §7.4.1 codes an endpoint may send, then the edges of 3000–4999. */
    private static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
    /** Codes no endpoint may send (7.9): below 1000, reserved in §7.4.1 or unassigned below 3000. */
    private static final int[] INVALID = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};

    private CloseCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        String clean = "The peer answers with a close frame (1000, or no code); a clean close.";
        byte[] normal = FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, "");
        Expect answered = Expect.closeAnswered(true, CloseCode.NORMAL_CLOSURE);

        cases.add(spec("7.1.1", "A text message; the fuzzer closes once the echo is in.",
                "The peer echoes the message, then answers the close frame; a clean close with 1000.",
                Expect.replies(Event.Message.text("Hello World!")), Cases.send(Cases.text("Hello World!"))));
        cases.add(spec("7.1.2", "Two close frames, back to back.", clean + " The second close frame is ignored.",
                answered, new Step.Close(normal), Cases.send(Frame.of(Frame.CLOSE, new byte[0]))));
        cases.add(spec("7.1.3", "A close frame, then a ping.", clean + " No pong: nothing is sent after a close frame.",
                answered, new Step.Close(normal), Cases.send(Frame.of(Frame.PING, "Hello World!"))));
        cases.add(spec("7.1.4", "A close frame, then a text message.", clean + " No echo: data after a close frame is ignored.",
                answered, new Step.Close(normal), Cases.send(Cases.text("Hello World!"))));
        cases.add(spec("7.1.5", "The first fragment of a text message, a close frame, then the last fragment.",
                clean + " No echo: the message never completes before the close.", answered,
                Cases.send(Frame.of(Frame.TEXT, false, "fragment1")), new Step.Close(normal),
                Cases.send(Frame.of(Frame.CONTINUATION, true, "fragment2"))));
        byte[] big = Payloads.of(false, 256 * 1024);
        cases.add(spec("7.1.6", "A 256 KiB text message, a short text message, a close frame and a ping, back to back.",
                "Undefined by the RFC: a peer that writes asynchronously may take the close before its echoes are out."
                        + " Echoing both messages before answering the close is the strict outcome.",
                Expect.closeAnswered(true, CloseCode.NORMAL_CLOSURE)
                        .ok(Event.Message.text(big), Event.Message.text("Hello World!")).orNonStrict().asInformational(),
                Cases.send(Cases.text(big)), Cases.send(Cases.text("Hello World!")), new Step.Close(normal),
                Cases.send(Frame.of(Frame.PING, new byte[0]))));

        cases.add(spec("7.3.1", "A close frame with an empty payload (no code, no reason).", clean,
                answered, new Step.Close(new byte[0])));
        cases.add(spec("7.3.2", "A close frame with a 1-byte payload (a code needs two).",
                "The peer fails the connection with 1002, or drops TCP.",
                Expect.closeAnswered(false, CloseCode.PROTOCOL_ERROR), new Step.Close(Frame.utf8("a"))));
        cases.add(spec("7.3.3", "A close frame with code 1000 and no reason.", clean, answered, new Step.Close(normal)));
        cases.add(spec("7.3.4", "A close frame with code 1000 and a reason.", clean, answered,
                new Step.Close(FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, "Hello World!"))));
        cases.add(spec("7.3.5", "A close frame with code 1000 and a 123-byte reason: a 125-byte payload, the most allowed.",
                clean, answered, new Step.Close(FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, "*".repeat(123)))));
        cases.add(spec("7.3.6", "A close frame with code 1000 and a 124-byte reason: a 126-byte payload, one over.",
                "The peer fails the connection with 1002, or drops TCP.",
                Expect.closeAnswered(false, CloseCode.PROTOCOL_ERROR),
                new Step.Close(FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, "*".repeat(124)))));

        byte[] badReason = Cases.concat(Utf8Samples.KOSME, Cases.bytes(0xed, 0xa0, 0x80), Frame.utf8("edited"));
        cases.add(spec("7.5.1", "A close frame with code 1000 and a reason that is not valid UTF-8.",
                "The peer fails the connection with 1007 or 1002, or drops TCP.",
                Expect.closeAnswered(false, CloseCode.PROTOCOL_ERROR, CloseCode.INVALID_FRAME_PAYLOAD_DATA),
                new Step.Close(FuzzPeer.closePayload(CloseCode.NORMAL_CLOSURE, badReason))));

        for (int i = 0; i < VALID.length; i++) {
            int code = VALID[i];
            cases.add(spec("7.7." + (i + 1), "A close frame with the legal code " + code + ".",
                    "The peer answers with 1000 or " + code + "; a clean close.",
                    Expect.closeAnswered(true, CloseCode.NORMAL_CLOSURE, code),
                    new Step.Close(FuzzPeer.closePayload(code, ""))));
        }
        for (int i = 0; i < INVALID.length; i++) {
            int code = INVALID[i];
            cases.add(spec("7.9." + (i + 1), "A close frame with the code " + code + ", which no endpoint may send.",
                    "The peer fails the connection with 1002, or drops TCP.",
                    Expect.closeAnswered(false, CloseCode.PROTOCOL_ERROR), new Step.Close(FuzzPeer.closePayload(code, ""))));
        }
        int[] outOfRange = {5000, 65535};
        for (int i = 0; i < outOfRange.length; i++) {
            int code = outOfRange[i];
            cases.add(spec("7.13." + (i + 1), "A close frame with the code " + code + ", outside every range §7.4 defines.",
                    "Undefined by the RFC: answering 1002 (protocol error), 1000 or " + code + " are all seen; reported only.",
                    Expect.closeAnswered(false, CloseCode.NORMAL_CLOSURE, code, CloseCode.PROTOCOL_ERROR).asInformational(),
                    new Step.Close(FuzzPeer.closePayload(code, ""))));
        }
    }
}
