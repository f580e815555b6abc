package dev.weft.codec.engine;

import static dev.weft.codec.engine.Wire.client;
import static dev.weft.codec.engine.Wire.concat;
import static dev.weft.codec.engine.Wire.hex;
import static dev.weft.codec.engine.Wire.server;
import static dev.weft.codec.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.PingReceived;
import dev.weft.codec.engine.ProtocolEvent.ProtocolFailure;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.5 and §7 through the engine: scripted conversations of bytes in, events and bytes
 * out. Autobahn case numbers are named where a conversation mirrors one.
 */
class WebSocketProtocolTest {

    private final WebSocketProtocol server = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));

    private static List<ProtocolEvent> events(WebSocketProtocol engine) {
        List<ProtocolEvent> events = new ArrayList<>();
        ProtocolEvent e;
        while ((e = engine.nextEvent()) != null) {
            events.add(e);
        }
        return events;
    }

    private static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void textInTextOut() {
        server.receive(ByteBuffer.wrap(client(true, Opcode.TEXT, utf8("Hello"))));
        assertEquals(List.of(new TextReceived("Hello")), events(server));
        CompletableFuture<Void> sent = server.sendText("Hello");
        assertFalse(sent.isDone());
        assertEquals("810548656c6c6f", hexOf(Wire.drain(server)));
        assertTrue(sent.isDone(), "the future completes once the transport has written the bytes");
    }

    /** Autobahn 5.6: a ping between the fragments of a text message is answered at once. */
    @Test
    void pingInsideAFragmentedMessageIsAnsweredAndTheMessageArrives() {
        server.receive(ByteBuffer.wrap(concat(client(false, Opcode.TEXT, utf8("Hel")),
                client(true, Opcode.PING, utf8("p")), client(true, Opcode.CONTINUATION, utf8("lo")))));
        List<ProtocolEvent> events = events(server);
        assertInstanceOf(PingReceived.class, events.get(0));
        assertEquals(new TextReceived("Hello"), events.get(1));
        assertEquals(hexOf(server(true, Opcode.PONG, utf8("p"))), hexOf(Wire.drain(server)));
    }

    /** Autobahn 7.1.1: the peer closes; the server echoes the code and closes TCP. */
    @Test
    void peerCloseIsEchoedAndTheServerClosesTcp() {
        server.receive(ByteBuffer.wrap(client(true, Opcode.CLOSE, concat(hex("03e8"), utf8("bye")))));
        assertEquals(List.of(new Closed(1000, "bye", true)), events(server));
        assertEquals("880203e8", hexOf(Wire.drain(server)));
        assertEquals(ConnectionState.CLOSED, server.state());
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void closeWithoutCodeIsEchoedEmptyAndReportedAs1005() {
        server.receive(ByteBuffer.wrap(client(true, Opcode.CLOSE, new byte[0])));
        assertEquals(List.of(new Closed(CloseCode.NO_STATUS_RCVD, "", true)), events(server));
        assertEquals("8800", hexOf(Wire.drain(server)));
    }

    @Test
    void clientWaitsForTheServerToCloseTcp() {
        WebSocketProtocol client = new WebSocketProtocol(ProtocolConfig.defaults(Role.CLIENT));
        client.receive(ByteBuffer.wrap(server(true, Opcode.CLOSE, hex("03e9"))));
        assertEquals(List.of(new Closed(1001, "", true)), events(client));
        assertFalse(client.shouldCloseTransport(), "§7.1.1: the server closes TCP first");
        assertTrue(client.awaitsPeerClose());
        client.tick(0);
        client.tick(Keepalive.DEFAULT_CLOSE_TIMEOUT.toNanos()); // §7.1.1: a silent server is given up
        assertTrue(client.shouldCloseTransport());
        assertTrue(client.shouldAbortTransport());
        assertEquals(List.of(), events(client), "the close was already reported");
    }

    /** Autobahn 7.9.x: an illegal close code fails the connection with 1002. */
    @Test
    void closeWithAnIllegalCodeFailsWith1002() {
        server.receive(ByteBuffer.wrap(client(true, Opcode.CLOSE, hex("03ed"))));
        List<ProtocolEvent> events = events(server);
        assertEquals(CloseCode.PROTOCOL_ERROR, ((ProtocolFailure) events.get(0)).closeCode());
        assertEquals(CloseCode.PROTOCOL_ERROR, ((Closed) events.get(1)).code());
        byte[] out = Wire.drain(server);
        assertEquals("88", hexOf(out).substring(0, 2), "a close frame");
        assertEquals("03ea", hexOf(out).substring(4, 8), "carrying 1002");
        assertTrue(server.shouldCloseTransport());
    }

    /** Autobahn 6.4.x: invalid UTF-8 split across fragments fails with 1007 before the message ends. */
    @Test
    void invalidUtf8AcrossFragmentsFailsWith1007() {
        byte[] input = concat(client(false, Opcode.TEXT, hex("cebae1bdb9cf83cebcceb5")),
                client(false, Opcode.CONTINUATION, hex("eda080")));
        for (int cut = 1; cut < input.length; cut++) {
            WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
            engine.receive(ByteBuffer.wrap(java.util.Arrays.copyOfRange(input, 0, cut)));
            engine.receive(ByteBuffer.wrap(java.util.Arrays.copyOfRange(input, cut, input.length)));
            List<ProtocolEvent> events = events(engine);
            assertEquals(new ProtocolFailure(1007, "text message is not valid UTF-8"), events.get(0), "cut " + cut);
            assertEquals(ConnectionState.CLOSED, engine.state());
        }
    }

    @Test
    void dataAfterThePeersCloseIsIgnored() {
        server.receive(ByteBuffer.wrap(concat(client(true, Opcode.CLOSE, hex("03e8")),
                client(true, Opcode.TEXT, utf8("late")))));
        server.receive(ByteBuffer.wrap(client(true, Opcode.TEXT, utf8("later"))));
        assertEquals(List.of(new Closed(1000, "", true)), events(server));
    }

    @Test
    void oversizedMessageFailsWith1009() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER)
                .withDecoder(ProtocolConfig.defaults(Role.SERVER).decoder().withMaxMessageLength(4)));
        engine.receive(ByteBuffer.wrap(concat(client(false, Opcode.BINARY, hex("0102")), client(true, Opcode.CONTINUATION, hex("030405")))));
        List<ProtocolEvent> events = events(engine);
        assertEquals(CloseCode.MESSAGE_TOO_BIG, ((ProtocolFailure) events.get(0)).closeCode());
        String out = hexOf(Wire.drain(engine));
        assertEquals("88", out.substring(0, 2), "a close frame");
        assertEquals("03f1", out.substring(4, 8), "carrying 1009");
    }

    @Test
    void localCloseThenPeerCloseEndsClosedWithThePeersCode() {
        server.close(1000, "done");
        assertEquals(ConnectionState.CLOSING, server.state());
        assertTrue(server.awaitsPeerClose());
        assertEquals("880603e8646f6e65", hexOf(Wire.drain(server)));
        server.receive(ByteBuffer.wrap(client(true, Opcode.TEXT, utf8("still"))));
        server.receive(ByteBuffer.wrap(client(true, Opcode.CLOSE, hex("03e8"))));
        assertEquals(List.of(new TextReceived("still"), new Closed(1000, "", false)), events(server));
        assertEquals(0, Wire.drain(server).length, "no second close frame");
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void nothingIsSentAfterTheCloseFrame() {
        server.close(1001, "");
        CompletableFuture<Void> late = server.sendText("late");
        CompletionException e = assertThrows(CompletionException.class, late::join);
        assertEquals(SendRefusedException.Reason.CLOSED, ((SendRefusedException) e.getCause()).reason());
        assertTrue(server.ping(ByteBuffer.allocate(0)).isCompletedExceptionally());
        // A ping from the peer now gets no pong: the close frame was the last word.
        server.receive(ByteBuffer.wrap(client(true, Opcode.PING, new byte[0])));
        assertEquals("880203e9", hexOf(Wire.drain(server)));
    }

    @Test
    void tcpDroppingWithoutCloseIs1006AndFailsQueuedSends() {
        CompletableFuture<Void> queued = server.sendText("never written");
        server.receiveEof();
        assertEquals(List.of(new Closed(CloseCode.ABNORMAL_CLOSURE, "the connection closed without a close frame", true)), events(server));
        assertTrue(queued.isCompletedExceptionally());
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void backPressureFollowsTheWaterMarks() {
        // Each 1 KiB message counts 1028 bytes of frame plus the per-output overhead: 1188.
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(3000, 1200, 5000));
        byte[] kib = new byte[1024];
        engine.sendBinary(ByteBuffer.wrap(kib));
        engine.sendBinary(ByteBuffer.wrap(kib));
        assertTrue(engine.isWritable());
        engine.sendBinary(ByteBuffer.wrap(kib));
        assertFalse(engine.isWritable(), "above the high-water mark");
        engine.pollOutput();
        assertFalse(engine.isWritable(), "between the marks it stays unwritable");
        engine.pollOutput();
        assertTrue(engine.isWritable(), "at the low-water mark it is writable again");
    }

    @Test
    void aSendPastTheQueueLimitIsRefusedWhole() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(2000, 1000, 3000));
        assertFalse(engine.sendBinary(ByteBuffer.allocate(2500)).isDone());
        CompletableFuture<Void> refused = engine.sendBinary(ByteBuffer.allocate(1000));
        CompletionException e = assertThrows(CompletionException.class, refused::join);
        assertEquals(SendRefusedException.Reason.QUEUE_FULL, ((SendRefusedException) e.getCause()).reason());
        assertEquals(1, countOutputs(engine), "the refused message queued nothing");
    }

    @Test
    void aMessageLargerThanTheLimitGoesIntoAnEmptyQueue() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(10, 5, 100));
        assertFalse(engine.sendBinary(ByteBuffer.allocate(1000)).isDone());
    }

    @Test
    void fragmentsGoOutInOrderWithControlFramesBetween() {
        server.sendFragment(true, ByteBuffer.wrap(utf8("He")), false);
        server.ping(ByteBuffer.wrap(utf8("x")));
        assertThrows(IllegalStateException.class, () -> server.sendText("interleaved"));
        assertThrows(IllegalArgumentException.class, () -> server.sendFragment(false, ByteBuffer.allocate(1), true));
        server.sendFragment(true, ByteBuffer.wrap(utf8("llo")), true);
        assertEquals(hexOf(concat(server(false, Opcode.TEXT, utf8("He")), server(true, Opcode.PING, utf8("x")),
                server(true, Opcode.CONTINUATION, utf8("llo")))), hexOf(Wire.drain(server)));
    }

    @Test
    void closeRefusesCodesThatMayNotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> server.close(1006, ""));
        assertThrows(IllegalArgumentException.class, () -> server.close(1000, "x".repeat(124)));
        assertEquals(ConnectionState.OPEN, server.state());
    }

    @Test
    void aServerFrameCarriesACopyOfThePayloadMadeBeforeSendReturns() {
        ByteBuffer payload = ByteBuffer.allocate(4096);
        server.sendBinary(payload);
        payload.put(0, (byte) 0x55); // the caller's again at once
        Outbound out = server.pollOutput();
        assertEquals(1, out.buffers().length);
        ByteBuffer frame = out.buffers()[0];
        assertEquals("827e1000", hexOf(bytes(frame.duplicate().limit(4))));
        assertEquals(4 + 4096, frame.remaining());
        assertEquals(0, frame.get(4), "the frame holds the bytes as they were at the send");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static int countOutputs(WebSocketProtocol engine) {
        int n = 0;
        while (engine.pollOutput() != null) {
            n++;
        }
        return n;
    }
}
