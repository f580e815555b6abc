package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an engine holds while its connection is open and silent (RFC 6455 §4 done, no frame yet):
 * a server keeps thousands of such connections, so every object made before it is needed is paid
 * thousands of times over. Counted with the thread's allocation counter: what a constructor
 * allocates is what the new engine holds. The decoder chain (frame decoder, frame reader, message
 * assembler: about 230 bytes) comes to life with the first byte from the peer, not before.
 */
class IdleEngineFootprintTest {

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;
    private static final int ROUNDS = 5;
    /**
     * The engine itself, its peer watch and its observer (256 bytes now), with a little room;
     * the decoder chain made up front would take it past 450.
     */
    private static final long SILENT_ENGINE_BUDGET = 320;

    private static Object kept;

    @Test
    void aSilentEngineHoldsNoDecoder() {
        ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER);
        long perEngine = allocatedPerCall(() -> kept = new WebSocketProtocol(config));
        assertTrue(perEngine <= SILENT_ENGINE_BUDGET, "a new engine allocates " + perEngine + " B");
    }

    @Test
    void theDecoderComesWithTheFirstByte() {
        WebSocketProtocol engine = new WebSocketProtocol(ProtocolConfig.defaults(Role.SERVER));
        // A masked ping with "hi" (§5.5.2), its first byte alone, then the rest.
        byte[] ping = HexFormat.of().parseHex("8982" + "01020304" + "696b");
        engine.receive(ByteBuffer.wrap(ping, 0, 1));
        assertNull(engine.nextEvent());
        assertTrue(!engine.isAtMessageBoundary(), "a frame is partly read");
        engine.receive(ByteBuffer.wrap(ping, 1, ping.length - 1));
        ProtocolEvent.PingReceived received = assertInstanceOf(ProtocolEvent.PingReceived.class, engine.nextEvent());
        assertTrue(received.data().equals(ByteBuffer.wrap(new byte[] {'h', 'i'})), "the ping's data is unmasked");
        assertTrue(engine.hasOutput(), "the pong is queued");
    }

    @Test
    void anUpgradedConnectionsEngineReportsThroughTheConnectionsObserver() {
        Route echo = new Route.Upgrade(new ServerHandshake(List.of(), OriginPolicy.any(), List.of()),
                new WebSocketHandler() { }, ProtocolConfig.defaults(Role.SERVER));
        ServerConnection connection = new ServerConnection(r -> echo);
        connection.receive(ClientHandshake.of(URI.create("ws://127.0.0.1:40000/echo")).requestBytes());
        assertInstanceOf(ProtocolEvent.Opened.class, connection.nextEvent());
        // One observer per connection: the engine made at the upgrade does not make its own.
        assertSame(connection.observer, connection.protocol().observer);
    }

    /** The fewest bytes one call allocated, over a few rounds after the warm-up. */
    private static long allocatedPerCall(Runnable call) {
        return AllocationMeter.fewestPerRound(call, WARM_UP, ROUNDS, MEASURED) / MEASURED;
    }
}
