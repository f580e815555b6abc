package dev.weft.conformance.suite.cases;

import static dev.weft.conformance.suite.cases.Cases.bytes;
import static dev.weft.conformance.suite.cases.Cases.repeat;
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
 * Section 2, pings and pongs (RFC 6455 §5.5.2, §5.5.3): a ping gets a pong with the same
 * application data; control payloads are at most 125 bytes; an unsolicited pong gets nothing.
 */
final class PingPongCases {

    private PingPongCases() {
    }

    static void addTo(List<CaseSpec> cases) {
        String pongBack = "A pong with the same payload; then a clean close with 1000.";
        cases.add(spec("2.1", "A ping with no payload.", pongBack,
                Expect.replies(new Event.Pong(new byte[0])), Step.send(Frame.of(Frame.PING, new byte[0]))));
        byte[] hello = Frame.utf8(Cases.HELLO);
        cases.add(spec("2.2", "A ping with a short text payload.", pongBack,
                Expect.replies(new Event.Pong(hello)), Step.send(Frame.of(Frame.PING, hello))));
        byte[] small = bytes(0x00, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0x00, 0xff);
        cases.add(spec("2.3", "A ping with a short binary payload that is not UTF-8.", pongBack,
                Expect.replies(new Event.Pong(small)), Step.send(Frame.of(Frame.PING, small))));
        byte[] max = repeat(0xfe, 125);
        cases.add(spec("2.4", "A ping with a 125-byte payload, the most a control frame may carry.", pongBack,
                Expect.replies(new Event.Pong(max)), Step.send(Frame.of(Frame.PING, max))));
        cases.add(spec("2.5", "A ping with a 126-byte payload, one byte over the limit for control frames.",
                "The peer fails the connection with 1002 (protocol error) and sends no pong.",
                Expect.failure(CloseCode.PROTOCOL_ERROR), Step.send(Frame.of(Frame.PING, repeat(0xfe, 126)))));
        cases.add(spec("2.6", "A ping with a 125-byte payload, written octet by octet.", pongBack,
                Expect.replies(new Event.Pong(max)), Step.chopped(Frame.of(Frame.PING, max), 1)));
        cases.add(spec("2.7", "An unsolicited pong with no payload.",
                "Nothing in reply; then a clean close with 1000.",
                Expect.noReply(), Step.send(Frame.of(Frame.PONG, new byte[0])), new Step.Barrier()));
        cases.add(spec("2.8", "An unsolicited pong with a payload.",
                "Nothing in reply; then a clean close with 1000.",
                Expect.noReply(), Step.send(Frame.of(Frame.PONG, "unsolicited pong payload")), new Step.Barrier()));
        byte[] pingPayload = Frame.utf8("ping payload");
        cases.add(spec("2.9", "An unsolicited pong with a payload, then a ping with a payload.",
                "Nothing for the pong; a pong with the ping's payload; then a clean close with 1000.",
                Expect.replies(new Event.Pong(pingPayload)),
                Step.send(Frame.of(Frame.PONG, "unsolicited pong payload")), Step.send(Frame.of(Frame.PING, pingPayload))));
        cases.add(tenPings("2.10", 0));
        cases.add(tenPings("2.11", 1));
    }

    private static CaseSpec tenPings(String id, int chop) {
        List<Step> steps = new ArrayList<>();
        List<Event> pongs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] payload = Frame.utf8("payload-" + i);
            steps.add(chop == 0 ? Step.send(Frame.of(Frame.PING, payload)) : Step.chopped(Frame.of(Frame.PING, payload), chop));
            pongs.add(new Event.Pong(payload));
        }
        return spec(id, "Ten pings, each with its own payload" + (chop == 1 ? ", written octet by octet." : ", back to back."),
                "Ten pongs, in order, each with its ping's payload (the RFC allows answering only the latest"
                        + " ping; answering each is what the suite asks); then a clean close with 1000.",
                Expect.replies(pongs.toArray(Event[]::new)), steps);
    }
}
