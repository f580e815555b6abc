package dev.weft.codec.engine;

import static dev.weft.codec.engine.Wire.client;
import static dev.weft.codec.engine.Wire.hex;
import static dev.weft.codec.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Keepalive and the close timeout (§5.5.2, §5.5.3, §7.1.1) on a fake clock: the engine reads no
 * clock, so every moment here is a number the test chooses. Interval 10 s, timeout 5 s, close 3 s.
 */
class KeepaliveTest {

    private static final long S = 1_000_000_000L;
    /** An arbitrary origin, negative on purpose: nanoTime values may be. */
    private static final long T0 = -7 * S;
    private static final Keepalive TIMING = new Keepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(3));

    private static WebSocketProtocol engine(Role role, Keepalive keepalive) {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(role).withKeepalive(keepalive));
        engine.tick(T0); // opened now
        return engine;
    }

    private static List<ProtocolEvent> events(WebSocketProtocol engine) {
        List<ProtocolEvent> events = new ArrayList<>();
        for (ProtocolEvent e; (e = engine.nextEvent()) != null; ) {
            events.add(e);
        }
        return events;
    }

    private static String drainHex(WebSocketProtocol engine) {
        return HexFormat.of().formatHex(Wire.drain(engine));
    }

    /** The payload of the one unmasked server ping in {@code hex}, or fails. */
    private static String pingData(String hex) {
        assertTrue(hex.startsWith("8904"), "expected one ping with 4 bytes of data, got " + hex);
        assertEquals(12, hex.length(), "expected one ping only, got " + hex);
        return hex.substring(4);
    }

    @Test
    void aSilentPeerIsPingedAfterTheIntervalAndNotBefore() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        assertEquals(T0 + 10 * S, server.nextDeadline());
        server.tick(T0 + 10 * S - 1);
        assertFalse(server.hasOutput(), "pinged before the interval was over");
        server.tick(T0 + 10 * S);
        pingData(drainHex(server));
        assertEquals(T0 + 15 * S, server.nextDeadline(), "the pong is now awaited");
    }

    @Test
    void bytesFromThePeerPutThePingOff() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        server.receive(ByteBuffer.wrap(client(true, Opcode.TEXT, utf8("hi"))));
        server.tick(T0 + 8 * S);
        events(server);
        assertEquals(T0 + 18 * S, server.nextDeadline(), "silence counts from the last bytes heard");
        server.tick(T0 + 17 * S);
        assertFalse(server.hasOutput());
        server.tick(T0 + 18 * S);
        pingData(drainHex(server));
    }

    @Test
    void theMatchingPongKeepsTheConnectionAndTheNextPingFollowsTheNextSilence() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        server.tick(T0 + 10 * S);
        String data = pingData(drainHex(server));
        server.receive(ByteBuffer.wrap(client(true, Opcode.PONG, hex(data))));
        server.tick(T0 + 12 * S);
        assertInstanceOf(ProtocolEvent.PongReceived.class, events(server).get(0));
        server.tick(T0 + 20 * S);
        assertEquals(ConnectionState.OPEN, server.state(), "a peer that answered was given up");
        assertFalse(server.shouldCloseTransport());
        assertEquals(T0 + 22 * S, server.nextDeadline());
        server.tick(T0 + 22 * S);
        String second = pingData(drainHex(server));
        assertTrue(!second.equals(data), "each ping carries its own data");
    }

    @Test
    void noPongWithinTheTimeoutGivesThePeerUpAndDropsTcpAtOnce() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        CompletableFuture<Void> push = server.sendText("never read");
        server.tick(T0 + 10 * S);
        // Bytes that are not the pong do not count: a peer may write and never read.
        server.receive(ByteBuffer.wrap(client(true, Opcode.PONG, hex("00000000"))));
        server.receive(ByteBuffer.wrap(client(true, Opcode.TEXT, utf8("still talking"))));
        server.tick(T0 + 15 * S - 1);
        events(server);
        assertFalse(server.shouldCloseTransport());
        server.tick(T0 + 15 * S);
        assertTrue(server.shouldAbortTransport(), "TCP must go now: the peer reads nothing");
        assertTrue(server.shouldCloseTransport());
        assertEquals(ConnectionState.CLOSED, server.state());
        Closed closed = (Closed) events(server).get(0);
        assertEquals(CloseCode.ABNORMAL_CLOSURE, closed.code());
        assertFalse(closed.remote());
        assertTrue(closed.reason().contains("no pong within 5000 ms"), closed.reason());
        assertEquals(WebSocketProtocol.NO_DEADLINE, server.nextDeadline());
        assertFalse(push.isDone(), "the transport fails what it could not write when it aborts");
    }

    @Test
    void theKeepalivePingGoesAheadOfQueuedMessages() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        server.sendText("first");
        server.tick(T0 + 10 * S);
        Outbound head = server.pollOutput();
        assertEquals((byte) 0x89, head.buffers()[0].get(0), "the ping jumps the queue");
    }

    @Test
    void aClientMasksItsKeepalivePings() {
        WebSocketProtocol client = engine(Role.CLIENT, TIMING);
        client.tick(T0 + 10 * S);
        String hex = drainHex(client);
        assertTrue(hex.startsWith("8984"), "a masked ping with 4 bytes: " + hex);
    }

    @Test
    void withoutATimeoutPingsRepeatAndThePeerIsNeverGivenUp() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING.withPingTimeout(Duration.ZERO));
        server.tick(T0 + 10 * S);
        pingData(drainHex(server));
        assertEquals(T0 + 20 * S, server.nextDeadline());
        server.tick(T0 + 20 * S);
        pingData(drainHex(server));
        assertFalse(server.shouldCloseTransport());
    }

    @Test
    void aZeroIntervalNeverPings() {
        WebSocketProtocol server = engine(Role.SERVER, Keepalive.off());
        assertEquals(WebSocketProtocol.NO_DEADLINE, server.nextDeadline());
        server.tick(T0 + 3600 * S);
        assertFalse(server.hasOutput());
    }

    @Test
    void anUnansweredCloseEndsAtTheCloseTimeout() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        server.close(1000, "");
        server.tick(T0 + S);
        drainHex(server);
        assertEquals(T0 + 4 * S, server.nextDeadline(), "no pings while closing; the close timeout runs");
        server.tick(T0 + 4 * S - 1);
        assertFalse(server.shouldCloseTransport());
        server.tick(T0 + 4 * S);
        assertTrue(server.shouldAbortTransport());
        assertEquals(List.of(new Closed(CloseCode.ABNORMAL_CLOSURE, "the closing handshake did not finish in time", false)),
                events(server));
    }

    @Test
    void aClientWhoseServerNeverClosesTcpGivesUpAtTheCloseTimeout() {
        WebSocketProtocol client = engine(Role.CLIENT, TIMING);
        client.receive(ByteBuffer.wrap(Wire.server(true, Opcode.CLOSE, hex("03e8"))));
        client.tick(T0 + 2 * S);
        assertEquals(List.of(new Closed(1000, "", true)), events(client));
        assertFalse(client.shouldCloseTransport(), "§7.1.1: the server closes first");
        client.tick(T0 + 5 * S);
        assertTrue(client.shouldAbortTransport());
        assertEquals(List.of(), events(client), "the close was already reported");
    }

    @Test
    void aServerFlushingItsLastBytesToAPeerThatDoesNotReadIsBounded() {
        WebSocketProtocol server = engine(Role.SERVER, TIMING);
        server.receive(ByteBuffer.wrap(client(true, Opcode.CLOSE, hex("03e8"))));
        server.tick(T0 + S);
        events(server);
        assertTrue(server.shouldCloseTransport());
        assertFalse(server.shouldAbortTransport(), "first the close echo is written");
        server.tick(T0 + 4 * S);
        assertTrue(server.shouldAbortTransport(), "the echo could not be written in time");
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TIMING.withPingInterval(Duration.ofSeconds(-1)));
    }

    @Test
    void defaultsAreOnAsDocumented() {
        Keepalive k = ProtocolConfig.defaults(Role.SERVER).keepalive();
        assertEquals(Duration.ofSeconds(20), k.pingInterval());
        assertEquals(Duration.ofSeconds(20), k.pingTimeout());
        assertEquals(Duration.ofSeconds(5), k.closeTimeout());
    }
}
