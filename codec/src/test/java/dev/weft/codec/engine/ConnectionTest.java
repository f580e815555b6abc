package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.engine.ProtocolEvent.Closed;
import dev.weft.codec.engine.ProtocolEvent.HandshakeFailed;
import dev.weft.codec.engine.ProtocolEvent.Opened;
import dev.weft.codec.engine.ProtocolEvent.TextReceived;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpResponse;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §4 and §7 end to end through the engines: a client and a server connection talking in
 * memory, from the first HTTP byte to the TCP close; and the server's plain-HTTP side.
 */
class ConnectionTest {

    private static final WebSocketHandler NOBODY = new WebSocketHandler() {
    };

    private static RequestRouter router(List<String> subprotocols) {
        ServerHandshake handshake = new ServerHandshake(subprotocols, OriginPolicy.any(), List.of());
        return request -> switch (request.path()) {
            case "/websocket" -> new Route.Upgrade(handshake, NOBODY, ProtocolConfig.defaults(Role.SERVER));
            case "/rest" -> new Route.Respond(HttpResponse.text(200, "application/json", "{\"result\": 123}"));
            default -> new Route.Respond(HttpResponse.text(404, "text/plain", "not found"));
        };
    }

    private static ClientConnection client(String uri, List<String> subprotocols) {
        ClientHandshake handshake = ClientHandshake.builder(URI.create(uri)).subprotocols(subprotocols).build();
        return new ClientConnection(handshake, ProtocolConfig.defaults(Role.CLIENT));
    }

    @Test
    void handshakeEchoAndCloseOverAnInMemoryPair() {
        for (int chunk : new int[] {1, 3, 7, 64, 4096}) {
            ConnectionPair pair = new ConnectionPair(client("ws://localhost:8000/websocket", List.of("chat", "echo")),
                    new ServerConnection(router(List.of("echo"))), chunk);
            pair.run();
            assertEquals(List.of(new Opened("echo", List.of())), pair.clientEvents, "chunk " + chunk);
            assertEquals(List.of(new Opened("echo", List.of())), pair.serverEvents);
            assertEquals("echo", pair.client.subprotocol());
            assertEquals(ConnectionState.OPEN, pair.client.state());

            pair.client.protocol().sendText("Hello, Weft");
            pair.run();
            assertEquals(new TextReceived("Hello, Weft"), pair.serverEvents.get(1));
            // The server echoes what it received; the client gets it back.
            pair.server.protocol().sendText(((TextReceived) pair.serverEvents.get(1)).text());
            pair.run();
            assertEquals(new TextReceived("Hello, Weft"), pair.clientEvents.get(1));

            pair.client.protocol().close(1000, "bye");
            pair.run();
            assertEquals(new Closed(1000, "bye", true), pair.serverEvents.get(2));
            assertEquals(new Closed(1000, "", false), pair.clientEvents.get(2));
            assertTrue(pair.serverTcpClosed, "§7.1.1: the server closes TCP first");
            assertTrue(pair.clientTcpClosed);
            assertEquals(3, pair.clientEvents.size(), "no 1006 after a clean close");
        }
    }

    @Test
    void framesRightBehindTheUpgradeRequestAreNotLost() {
        ClientConnection client = client("ws://localhost:8000/websocket", List.of());
        ByteBuffer request = client.pollOutput().buffers()[0];
        byte[] frame = Wire.client(true, Opcode.TEXT, Wire.utf8("early"));
        ByteBuffer both = ByteBuffer.allocate(request.remaining() + frame.length);
        both.put(request).put(frame).flip();
        ServerConnection server = new ServerConnection(router(List.of()));
        server.receive(both);
        assertInstanceOf(Opened.class, server.nextEvent());
        assertEquals(new TextReceived("early"), server.nextEvent());
    }

    @Test
    void plainRequestsAreAnsweredAndKeptAlive() {
        ServerConnection server = new ServerConnection(router(List.of()));
        server.receive(ascii("GET /rest HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
        String out = drainText(server);
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.contains("{\"result\": 123}"));
        assertTrue(out.contains("HTTP/1.1 404 Not Found\r\n"));
        assertFalse(server.shouldCloseTransport(), "HTTP/1.1 keeps the connection alive");
        assertEquals(ConnectionState.CONNECTING, server.state());
        assertNull(server.nextEvent());
    }

    @Test
    void http10WithoutKeepAliveCloses() {
        ServerConnection server = new ServerConnection(router(List.of()));
        server.receive(ascii("GET /rest HTTP/1.0\r\n\r\n"));
        String out = drainText(server);
        assertTrue(out.contains("Connection: close\r\n"), out);
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void malformedRequestIs400AndCloses() {
        ServerConnection server = new ServerConnection(router(List.of()));
        server.receive(ascii("GET /rest HTTP/1.1\r\nHost : x\r\n\r\n"));
        assertTrue(drainText(server).startsWith("HTTP/1.1 400 "));
        assertTrue(server.shouldCloseTransport());
        assertEquals(ConnectionState.CLOSED, server.state());
    }

    @Test
    void wrongWebSocketVersionIs426WithTheVersionWeSpeak() {
        ServerConnection server = new ServerConnection(router(List.of()));
        server.receive(ascii("GET /websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n"));
        String out = drainText(server);
        assertTrue(out.startsWith("HTTP/1.1 426 "), out);
        assertTrue(out.contains("Sec-WebSocket-Version: 13\r\n"), out);
        assertInstanceOf(HandshakeFailed.class, server.nextEvent());
        assertTrue(server.shouldCloseTransport());
    }

    @Test
    void clientReportsARefusedHandshakePrecisely() {
        ConnectionPair pair = new ConnectionPair(client("ws://localhost:8000/elsewhere", List.of()),
                new ServerConnection(router(List.of())), 16);
        pair.run();
        assertEquals(List.of(new HandshakeFailed(404, "server answered 404 Not Found")), pair.clientEvents);
        assertTrue(pair.client.shouldCloseTransport());
    }

    @Test
    void clientReportsTheServerLeavingMidHandshake() {
        ClientConnection client = client("ws://localhost:8000/websocket", List.of());
        client.pollOutput();
        client.receive(ascii("HTTP/1.1 101 Switching"));
        client.receiveEof();
        assertEquals(new HandshakeFailed(0, "the server closed the connection during the opening handshake"), client.nextEvent());
        assertNull(client.nextEvent());
    }

    @Test
    void handshakeTimeoutDropsTheConnection() {
        ServerConnection server = new ServerConnection(router(List.of()));
        server.receive(ascii("GET /websocket HTTP/1.1\r\nHost: x\r\n"));
        server.handshakeTimedOut();
        assertTrue(server.shouldCloseTransport());
        assertEquals(ConnectionState.CLOSED, server.state());
    }

    @Test
    void idleOpenConnectionIsClosedWithGoingAway() {
        ConnectionPair pair = new ConnectionPair(client("ws://localhost:8000/websocket", List.of()),
                new ServerConnection(router(List.of())), 4096);
        pair.run();
        pair.server.idleTimedOut();
        pair.run();
        assertEquals(new Closed(1001, "idle timeout", true), pair.clientEvents.get(1));
        assertTrue(pair.serverTcpClosed);
    }

    @Test
    void fileResponsesCarryTheRegionForTheTransport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("index.html"), "<h1>hi</h1>");
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
        HttpResponse head = new HttpResponse(200, "OK", dev.weft.codec.http.HttpHeaders.builder()
                .add("Content-Type", "text/html").add("Content-Length", "11").build(), null);
        ServerConnection server = new ServerConnection(request -> new Route.RespondFile(head, new FileRegion(channel, 0, 11)));
        server.receive(ascii("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"));
        Outbound out = server.pollOutput();
        assertTrue(StandardCharsets.US_ASCII.decode(out.buffers()[0].duplicate()).toString().startsWith("HTTP/1.1 200 OK\r\n"));
        assertEquals(new FileRegion(channel, 0, 11), out.file());
        assertEquals(out.buffers()[0].remaining() + 11, out.remaining());
        assertFalse(server.shouldCloseTransport());
        channel.close();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String drainText(Connection c) {
        StringBuilder out = new StringBuilder();
        Outbound o;
        while ((o = c.pollOutput()) != null) {
            for (ByteBuffer b : o.buffers()) {
                out.append(StandardCharsets.UTF_8.decode(b.duplicate()));
            }
        }
        return out.toString();
    }
}
