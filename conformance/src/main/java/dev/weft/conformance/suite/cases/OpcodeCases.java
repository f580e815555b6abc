package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.HELLO;
import static dev.weft.conformance.suite.cases.Cases.how;
import static dev.weft.conformance.suite.cases.Cases.sent;
import static dev.weft.conformance.suite.cases.Cases.spec;
import static dev.weft.conformance.suite.cases.Cases.text;

import dev.weft.codec.frame.CloseCode;
import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import java.util.List;

/**
 * Section 4, opcodes (RFC 6455 §5.2): a frame with a reserved opcode, data (%x3–%x7, 4.1) or
 * control (%xB–%xF, 4.2), must fail the connection.
 */
final class OpcodeCases {

    private OpcodeCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        addSubsection(cases, "4.1", "non-control", 3);
        addSubsection(cases, "4.2", "control", 11);
    }

    private static void addSubsection(List<CaseSpec> cases, String sub, String kind, int first) {
        String fails = "The peer fails the connection with 1002 (protocol error).";
        cases.add(spec(sub + ".1", "A frame with the reserved " + kind + " opcode " + first + ", no payload.", fails,
                Expect.failure(CloseCode.PROTOCOL_ERROR), Cases.send(Frame.of(first, new byte[0]))));
        cases.add(spec(sub + ".2", "A frame with the reserved " + kind + " opcode " + (first + 1) + " and a payload.", fails,
                Expect.failure(CloseCode.PROTOCOL_ERROR), Cases.send(Frame.of(first + 1, "reserved opcode payload"))));
        cases.add(afterMessage(sub + ".3", kind, first + 2, false, 0));
        cases.add(afterMessage(sub + ".4", kind, first + 3, true, 0));
        cases.add(afterMessage(sub + ".5", kind, first + 4, true, 1));
    }

    private static CaseSpec afterMessage(String id, String kind, int opcode, boolean payload, int how) {
        Frame reserved = Frame.of(opcode, payload ? Frame.utf8(HELLO) : new byte[0]);
        return spec(id, "A text message, then a frame with the reserved " + kind + " opcode " + opcode
                        + (payload ? " and a payload" : "") + ", then a ping" + how(how) + ".",
                "The message is echoed, then the peer fails the connection with 1002 and sends no pong."
                        + " A peer that fails before echoing the message is NON-STRICT.",
                Expect.failure(CloseCode.PROTOCOL_ERROR).ok(Event.Message.text(HELLO)).orNonStrict(),
                sent(text(HELLO), how), sent(reserved, how), sent(Frame.of(Frame.PING, new byte[0]), how));
    }
}
