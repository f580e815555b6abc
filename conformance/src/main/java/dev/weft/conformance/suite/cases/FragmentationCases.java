package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.HELLO;
import static dev.weft.conformance.suite.cases.Cases.how;
import static dev.weft.conformance.suite.cases.Cases.sent;
import static dev.weft.conformance.suite.cases.Cases.spec;

import dev.weft.codec.frame.CloseCode;
import dev.weft.conformance.suite.CaseSpec;
import dev.weft.conformance.suite.Event;
import dev.weft.conformance.suite.Expect;
import dev.weft.conformance.suite.Frame;
import dev.weft.conformance.suite.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 5, fragmentation (RFC 6455 §5.4): control frames are never fragmented; a message's
 * fragments are a first frame with FIN = 0, continuation frames, and a final one with FIN = 1;
 * control frames may come between fragments; a continuation with nothing to continue, or a new
 * message inside one, fails the connection.
 */
final class FragmentationCases {

    private FragmentationCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        String fails = "The peer fails the connection with 1002 (protocol error).";
        cases.add(spec("5.1", "A ping in two fragments.", fails + " No pong.", Expect.failure(CloseCode.PROTOCOL_ERROR),
                Cases.send(Frame.of(Frame.PING, false, "fragment1")), Cases.send(Frame.of(Frame.CONTINUATION, true, "fragment2"))));
        cases.add(spec("5.2", "A pong in two fragments.", fails, Expect.failure(CloseCode.PROTOCOL_ERROR),
                Cases.send(Frame.of(Frame.PONG, false, "fragment1")), Cases.send(Frame.of(Frame.CONTINUATION, true, "fragment2"))));

        int[] ways = {0, -1, 1};
        for (int i = 0; i < 3; i++) {
            cases.add(spec("5." + (3 + i), "A text message in two fragments" + how(ways[i]) + ".",
                    "The peer echoes the whole message; then a clean close with 1000.",
                    Expect.replies(Event.Message.text("fragment1fragment2")),
                    sent(Frame.of(Frame.TEXT, false, "fragment1"), ways[i]),
                    sent(Frame.of(Frame.CONTINUATION, true, "fragment2"), ways[i])));
        }
        for (int i = 0; i < 3; i++) {
            cases.add(spec("5." + (6 + i), "A text message in two fragments with a ping between them" + how(ways[i]) + ".",
                    "A pong first, then the echo of the whole message; then a clean close with 1000.",
                    Expect.replies(new Event.Pong(Frame.utf8("ping payload")), Event.Message.text("fragment1fragment2")),
                    sent(Frame.of(Frame.TEXT, false, "fragment1"), ways[i]),
                    sent(Frame.of(Frame.PING, "ping payload"), ways[i]),
                    sent(Frame.of(Frame.CONTINUATION, true, "fragment2"), ways[i])));
        }
        for (int i = 0; i < 3; i++) {
            cases.add(spec("5." + (9 + i), "A continuation frame with FIN = 1 and nothing to continue, then a text message"
                            + how(ways[i]) + ".", fails + " The text message is not echoed.",
                    Expect.failure(CloseCode.PROTOCOL_ERROR),
                    sent(Frame.of(Frame.CONTINUATION, true, "non-continuation payload"), ways[i]),
                    sent(Frame.of(Frame.TEXT, true, HELLO), ways[i])));
        }
        for (int i = 0; i < 3; i++) {
            cases.add(spec("5." + (12 + i), "A continuation frame with FIN = 0 and nothing to continue, then a text message"
                            + how(ways[i]) + ".", fails + " The text message is not echoed.",
                    Expect.failure(CloseCode.PROTOCOL_ERROR),
                    sent(Frame.of(Frame.CONTINUATION, false, "non-continuation payload"), ways[i]),
                    sent(Frame.of(Frame.TEXT, true, HELLO), ways[i])));
        }
        cases.add(spec("5.15", "A text message in two fragments, then a continuation frame with FIN = 0 and nothing to"
                        + " continue, then a text message, all in one write.",
                "The first message is echoed, then the peer fails the connection with 1002."
                        + " A peer that fails before echoing the first message is NON-STRICT.",
                Expect.failure(CloseCode.PROTOCOL_ERROR).ok(Event.Message.text("fragment1fragment2")).orNonStrict(),
                Cases.send(Frame.of(Frame.TEXT, false, "fragment1")), Cases.send(Frame.of(Frame.CONTINUATION, true, "fragment2")),
                Cases.send(Frame.of(Frame.CONTINUATION, false, "fragment3")), Cases.send(Frame.of(Frame.TEXT, true, "fragment4"))));
        cases.add(twice("5.16", false));
        cases.add(twice("5.17", true));
        cases.add(spec("5.18", "A text message in two fragments whose second fragment has the text opcode, not continuation.",
                fails, Expect.failure(CloseCode.PROTOCOL_ERROR),
                Cases.send(Frame.of(Frame.TEXT, false, "fragment1")), Cases.send(Frame.of(Frame.TEXT, true, "fragment2"))));
        cases.add(withPings("5.19", 0));
        cases.add(withPings("5.20", -1));
    }

    /** Twice: an orphan continuation, then a text message in two fragments. */
    private static CaseSpec twice(String id, boolean orphanFin) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            steps.add(Cases.send(Frame.of(Frame.CONTINUATION, orphanFin, "fragment1")));
            steps.add(Cases.send(Frame.of(Frame.TEXT, false, "fragment2")));
            steps.add(Cases.send(Frame.of(Frame.CONTINUATION, true, "fragment3")));
        }
        return spec(id, "Twice: a continuation frame with FIN = " + (orphanFin ? 1 : 0)
                        + " and nothing to continue, then a text message in two fragments.",
                "The peer fails the connection with 1002 at the first frame and echoes nothing.",
                Expect.failure(CloseCode.PROTOCOL_ERROR), steps);
    }

    /** A message in five fragments with two pings among them and a pause in the middle. */
    private static CaseSpec withPings(String id, int how) {
        String[] f = {"fragment1", "fragment2", "fragment3", "fragment4", "fragment5"};
        return spec(id, "A text message in five fragments; after the second, a ping, then a pause; then two more"
                        + " fragments, another ping and the last fragment" + how(how) + ".",
                "Each ping is answered at once with its payload, before the message ends; then the whole message"
                        + " is echoed; then a clean close with 1000.",
                Expect.replies(new Event.Pong(Frame.utf8("pongme 1!")), new Event.Pong(Frame.utf8("pongme 2!")),
                        Event.Message.text(String.join("", f))),
                sent(Frame.of(Frame.TEXT, false, f[0]), how), sent(Frame.of(Frame.CONTINUATION, false, f[1]), how),
                sent(Frame.of(Frame.PING, "pongme 1!"), how), new Step.Pause(),
                sent(Frame.of(Frame.CONTINUATION, false, f[2]), how), sent(Frame.of(Frame.CONTINUATION, false, f[3]), how),
                sent(Frame.of(Frame.PING, "pongme 2!"), how), sent(Frame.of(Frame.CONTINUATION, true, f[4]), how));
    }
}
