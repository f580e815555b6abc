package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What {@code ./weft client} calls a message that came back: an echo only when it is one. */
class ReplyLineTest {

    private static BlockingWebSocket.Message text(String s) {
        return new BlockingWebSocket.Message.Text(s);
    }

    @Test
    void anUnchangedTextOnEchoOrNoSubprotocolIsAnEcho() {
        assertEquals("GOT ECHO REPLY: [hello]", new ReplyLine(null).describe("hello", text("hello")));
        assertEquals("GOT ECHO REPLY: [hello]", new ReplyLine("echo").describe("hello", text("hello")));
        assertEquals("GOT ECHO REPLY: []", new ReplyLine(null).describe("", text("")));
    }

    @Test
    void anythingElseIsAMessageNamedByItsSubprotocol() {
        assertEquals("GOT MESSAGE: [olleh]", new ReplyLine(null).describe("hello", text("olleh")));
        assertEquals("GOT MESSAGE (echo): [other]", new ReplyLine("echo").describe("hello", text("other")));
        assertEquals("GOT MESSAGE (reverse): [olleh]", new ReplyLine("reverse").describe("hello", text("olleh")));
        assertEquals("GOT MESSAGE (reverse): [abba]", new ReplyLine("reverse").describe("abba", text("abba")));
        assertEquals("GOT MESSAGE (dumb-increment-protocol): [17]",
                new ReplyLine("dumb-increment-protocol").describe("hello", text("17")));
        // A counter that happens to equal what was sent is still the counter.
        assertEquals("GOT MESSAGE (dumb-increment-protocol): [3]",
                new ReplyLine("dumb-increment-protocol").describe("3", text("3")));
    }

    @Test
    void binaryIsShownInHex() {
        BlockingWebSocket.Message binary = new BlockingWebSocket.Message.Binary(ByteBuffer.wrap(new byte[] {0, 0x7f, (byte) 0xff}));
        assertEquals("GOT MESSAGE: [007fff] (binary)", new ReplyLine(null).describe("x", binary));
    }
}
