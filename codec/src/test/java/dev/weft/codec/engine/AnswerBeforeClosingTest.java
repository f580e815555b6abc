package dev.weft.codec.engine;

import static dev.weft.codec.engine.Wire.client;
import static dev.weft.codec.engine.Wire.concat;
import static dev.weft.codec.engine.Wire.frame;
import static dev.weft.codec.engine.Wire.hex;
import static dev.weft.codec.engine.Wire.server;
import static dev.weft.codec.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.5.1 and §7.1.7: messages that arrive in the same input as the peer's close frame,
 * or as a protocol violation, reach the application before the connection ends, and its answers
 * go out before the close frame. (§5.5.1 lets an endpoint delay its close frame until its current
 * message is sent.) Autobahn 3.2, 4.1.3, 5.15 and 7.1.6 send such bursts.
 */
class AnswerBeforeClosingTest {

    private final WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));

    private static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Autobahn 3.2: a message, then a frame with RSV bits, in one read; the echo goes out first. */
    @Test
    void theEchoOfAMessageBeforeAViolationGoesOutBeforeTheCloseFrame() {
        server.receive(ByteBuffer.wrap(concat(client(true, Opcode.TEXT, utf8("Hello")),
                frame(true, 0b010, Opcode.TEXT, true, utf8("Hello")), client(true, Opcode.PING, new byte[0]))));
        assertFalse(server.hasOutput(), "nothing is decided before the application saw the message");
        assertFalse(server.shouldCloseTransport());

        assertEquals(new TextReceived("Hello"), server.nextEvent());
        assertFalse(server.sendText("Hello").isCompletedExceptionally(), "the echo is accepted, not refused");

        ProtocolFailure failure = assertInstanceOf(ProtocolFailure.class, server.nextEvent());
        assertEquals(CloseCode.PROTOCOL_ERROR, failure.closeCode());
        assertEquals(CloseCode.PROTOCOL_ERROR, assertInstanceOf(Closed.class, server.nextEvent()).code());
        assertNull(server.nextEvent());

        String out = hexOf(Wire.drain(server));
        assertTrue(out.startsWith("810548656c6c6f" + "88"), "the echo, then the close frame: " + out);
        assertEquals("03ea", out.substring(18, 22), "the close carries 1002");
        assertTrue(server.shouldCloseTransport());
        assertEquals(ConnectionState.CLOSED, server.state());
    }

    /** Autobahn 7.1.6: messages then a close frame in one read; both echoes precede the close echo. */
    @Test
    void messagesBeforeThePeersCloseFrameCanStillBeAnswered() {
        server.receive(ByteBuffer.wrap(concat(client(true, Opcode.TEXT, utf8("one")), client(true, Opcode.TEXT, utf8("two")),
                client(true, Opcode.CLOSE, hex("03e8")), client(true, Opcode.PING, new byte[0]))));
        for (String text : new String[] {"one", "two"}) {
            assertEquals(new TextReceived(text), server.nextEvent());
            server.sendText(text);
        }
        assertEquals(new Closed(1000, "", true), server.nextEvent());
        assertNull(server.nextEvent());
        assertEquals("81036f6e65" + "810374776f" + "880203e8", hexOf(Wire.drain(server)),
                "two echoes, then the close echo; the ping after the close gets no pong");
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void aViolationWithNoMessageBeforeItFailsAtOnce() {
        server.receive(ByteBuffer.wrap(frame(true, 0b100, Opcode.TEXT, true, utf8("x"))));
        assertTrue(server.hasOutput(), "the close frame is queued at once");
        assertTrue(server.shouldCloseTransport());
        assertEquals(ConnectionState.CLOSED, server.state());
    }

    @Test
    void inputWhileTheEndingIsHeldIsIgnored() {
        server.receive(ByteBuffer.wrap(concat(client(true, Opcode.TEXT, utf8("a")), client(true, Opcode.CLOSE, hex("03e8")))));
        server.receive(ByteBuffer.wrap(client(true, Opcode.TEXT, utf8("after the close"))));
        assertEquals(new TextReceived("a"), server.nextEvent());
        assertEquals(new Closed(1000, "", true), server.nextEvent());
        assertNull(server.nextEvent());
    }

    @Test
    void endOfStreamReleasesTheHeldEndingInOrder() {
        server.receive(ByteBuffer.wrap(concat(client(true, Opcode.TEXT, utf8("a")),
                client(true, Opcode.CONTINUATION, utf8("orphan")))));
        server.receiveEof();
        assertEquals(new TextReceived("a"), server.nextEvent());
        assertEquals(CloseCode.PROTOCOL_ERROR, assertInstanceOf(ProtocolFailure.class, server.nextEvent()).closeCode());
        assertEquals(CloseCode.PROTOCOL_ERROR, assertInstanceOf(Closed.class, server.nextEvent()).code());
        assertNull(server.nextEvent(), "no second Closed for the end of stream");
    }

    @Test
    void aClientHoldsItsCloseAnswerToo() {
        WebSocketProtocol client = new WebSocketProtocol(ProtocolConfig.defaults(Role.CLIENT));
        client.receive(ByteBuffer.wrap(concat(server(true, Opcode.BINARY, hex("0102")), server(true, Opcode.CLOSE, hex("03e9")))));
        assertFalse(client.hasOutput());
        assertInstanceOf(ProtocolEvent.BinaryReceived.class, client.nextEvent());
        client.sendBinary(ByteBuffer.wrap(hex("0102")));
        assertEquals(new Closed(1001, "", true), client.nextEvent());
        byte[] out = Wire.drain(client);
        assertEquals((byte) 0x82, out[0], "the binary echo first");
        assertEquals((byte) 0x88, out[8], "then the close (2-byte header, 4-byte mask, 2 bytes of payload before it)");
        assertFalse(client.shouldCloseTransport(), "§7.1.1: the client still waits for the server to close TCP");
    }
}
