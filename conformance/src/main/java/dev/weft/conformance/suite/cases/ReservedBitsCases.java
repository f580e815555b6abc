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
 * Section 3, reserved bits (RFC 6455 §5.2): with no extension negotiated, a frame with any RSV bit
 * set must fail the connection, whatever its opcode.
 */
final class ReservedBitsCases {

    private ReservedBitsCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        String fails = "The peer fails the connection with 1002 (protocol error).";
        cases.add(spec("3.1", "A text frame with RSV = 1.", fails,
                Expect.failure(CloseCode.PROTOCOL_ERROR), Cases.send(text(HELLO).withRsv(1))));
        cases.add(thenPing("3.2", 2, 0));
        cases.add(thenPing("3.3", 3, -1));
        cases.add(thenPing("3.4", 4, 1));
        cases.add(spec("3.5", "A binary frame with RSV = 5.", fails,
                Expect.failure(CloseCode.PROTOCOL_ERROR),
                Cases.send(Frame.of(Frame.BINARY, Cases.bytes(0, 1, 2, 3, 4, 5, 6, 7)).withRsv(5))));
        // Autobahn's 3.6 describes a ping but puts a binary frame on the wire; the suite sends the ping.
        cases.add(spec("3.6", "A ping with RSV = 6.", fails + " No pong.",
                Expect.failure(CloseCode.PROTOCOL_ERROR), Cases.send(Frame.of(Frame.PING, HELLO).withRsv(6))));
        cases.add(spec("3.7", "A close frame with RSV = 7.", fails,
                Expect.failure(CloseCode.PROTOCOL_ERROR), Cases.send(Frame.of(Frame.CLOSE, new byte[0]).withRsv(7))));
    }

    /** A good text message, the same with reserved bits set, then a ping. */
    private static CaseSpec thenPing(String id, int rsv, int how) {
        return spec(id, "A text message, then the same with RSV = " + rsv + ", then a ping" + how(how) + ".",
                "The first message is echoed, then the peer fails the connection with 1002 and sends no pong."
                        + " A peer that fails before echoing the first message is NON-STRICT.",
                Expect.failure(CloseCode.PROTOCOL_ERROR).ok(Event.Message.text(HELLO)).orNonStrict(),
                sent(text(HELLO), how), sent(text(HELLO).withRsv(rsv), how), sent(Frame.of(Frame.PING, new byte[0]), how));
    }
}
