package dev.weft.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.observe.MetricsListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a connection lets the outside see, through the engines alone (so both transports get it):
 * JFR events and {@link MetricsListener} calls for the opening handshake (RFC 6455 §4), refusals,
 * messages, a stalled send queue and the close (§7).
 */
class ObservedEventsTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8000);
    private static final WebSocketHandler NOBODY = new WebSocketHandler() { };

    @TempDir
    Path dir;

    private final ProtocolConfig small = ProtocolConfig.defaults(Role.SERVER).withOutboundLimits(1000, 500, 1 << 20);

    private RequestRouter router() {
        ServerHandshake handshake = new ServerHandshake(List.of("chat"), OriginPolicy.allowList(List.of("https://ok.example")), List.of());
        return request -> switch (request.path()) {
            case "/ws" -> new Route.Upgrade(handshake, NOBODY, small);
            default -> new Route.Respond(HttpResponse.text(200, "text/plain", "hello"));
        };
    }

    private ConnectionPair pair(MetricsListener serverMetrics, String path) {
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://localhost:8000" + path))
                .subprotocols(List.of("chat")).build();
        ClientConnection client = new ClientConnection(handshake, ProtocolConfig.defaults(Role.CLIENT));
        client.observe(MetricsListener.NONE, SERVER);
        ServerConnection server = new ServerConnection(router());
        server.observe(serverMetrics, CLIENT);
        return new ConnectionPair(client, server, 4096);
    }

    /** Runs a conversation: open, a text each way, a stalled queue that drains, a close from the client. */
    private void converse(MetricsListener metrics) {
        ConnectionPair pair = pair(metrics, "/ws");
        pair.run();
        pair.client.protocol().sendText("héllo");
        pair.run();
        // Past the high-water mark of 1000 bytes (each output also counts 160 of overhead), then drained.
        pair.server.protocol().sendBinary(ByteBuffer.allocate(3000));
        assertFalse(pair.server.isWritable());
        pair.run();
        assertTrue(pair.server.isWritable());
        pair.client.protocol().close(1000, "bye");
        pair.run();
    }

    @Test
    void jfrEventsCarryPeerPathCodeAndSizes() throws Exception {
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("dev.weft.ConnectionOpened");
            recording.enable("dev.weft.ConnectionClosed");
            recording.enable("dev.weft.HandshakeRejected");
            recording.enable("dev.weft.HttpExchange");
            recording.enable("dev.weft.MessageSize");
            recording.enable("dev.weft.SendQueueStall");
            recording.start();
            converse(MetricsListener.NONE);
            refusedByOrigin(MetricsListener.NONE);
            plainRequest(MetricsListener.NONE);
            recording.stop();
            Path file = dir.resolve("weft.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }

        RecordedEvent opened = only(events, "dev.weft.ConnectionOpened", "server");
        assertEquals("127.0.0.1:50000", opened.getString("peer"));
        assertEquals("/ws", opened.getString("path"));
        assertEquals("chat", opened.getString("subprotocol"));

        RecordedEvent closed = first(events, "dev.weft.ConnectionClosed", "127.0.0.1:50000");
        assertEquals(1000, closed.getInt("closeCode"));
        assertEquals("bye", closed.getString("reason"));
        assertEquals("peer", closed.getString("closedBy"));
        assertEquals("/ws", closed.getString("path"));
        assertTrue(closed.getLong("openFor") >= 0);
        RecordedEvent clientClosed = first(events, "dev.weft.ConnectionClosed", "127.0.0.1:8000");
        assertEquals("local", clientClosed.getString("closedBy"));

        RecordedEvent received = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.MessageSize"))
                .filter(e -> "received".equals(e.getString("direction")) && "127.0.0.1:50000".equals(e.getString("peer")))
                .findFirst().orElseThrow();
        assertEquals("text", received.getString("type"));
        assertEquals(6, received.getLong("size"), "UTF-8 bytes of héllo");

        RecordedEvent stall = first(events, "dev.weft.SendQueueStall", "127.0.0.1:50000");
        assertTrue(stall.getLong("queuedBytes") >= 3000, "queued " + stall.getLong("queuedBytes"));

        RecordedEvent rejected = first(events, "dev.weft.HandshakeRejected", "127.0.0.1:50000");
        assertEquals(403, rejected.getInt("status"));
        assertEquals("/ws", rejected.getString("path"));

        RecordedEvent exchange = first(events, "dev.weft.HttpExchange", "127.0.0.1:50000");
        assertEquals("GET", exchange.getString("method"));
        assertEquals("/page", exchange.getString("target"));
        assertEquals(200, exchange.getInt("status"));
        assertEquals(5, exchange.getLong("bytes"));
    }

    @Test
    void theMetricsListenerCountsTheSameThings() {
        Counting metrics = new Counting();
        converse(metrics);
        refusedByOrigin(metrics);
        plainRequest(metrics);
        assertEquals(List.of(
                "opened /ws chat",
                "received 6",
                "sent 3000",
                "stalled",
                "resumed",
                "closed /ws 1000 bye byPeer",
                "rejected /ws 403",
                "http GET /page 200 5"), metrics.calls);
        assertTrue(metrics.bytesIn > 6 && metrics.bytesOut > 3000, metrics.bytesIn + " in, " + metrics.bytesOut + " out");
    }

    @Test
    void aTimedOutHandshakeIsARejectionButAnAnsweredKeptAliveConnectionIsNot() {
        Counting metrics = new Counting();
        ServerConnection silent = new ServerConnection(router());
        silent.observe(metrics, CLIENT);
        silent.receive(ByteBuffer.wrap("GET /ws HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
        silent.handshakeTimedOut();
        assertEquals(List.of("rejected null 0"), metrics.calls);

        metrics.calls.clear();
        ServerConnection kept = new ServerConnection(router());
        kept.observe(metrics, CLIENT);
        kept.receive(ByteBuffer.wrap("GET /page HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        kept.handshakeTimedOut();
        assertEquals(List.of("http GET /page 200 5"), metrics.calls);
    }

    @Test
    void aThrowingListenerDoesNotBreakTheConnection() {
        MetricsListener throwing = new MetricsListener() {
            @Override
            public void connectionOpened(String peer, String path, String subprotocol) {
                throw new IllegalStateException("a broken listener");
            }
        };
        ConnectionPair pair = pair(throwing, "/ws");
        pair.run();
        assertEquals(ConnectionState.OPEN, pair.server.state());
    }

    private void refusedByOrigin(MetricsListener metrics) {
        ServerConnection server = new ServerConnection(router());
        server.observe(metrics, CLIENT);
        server.receive(ByteBuffer.wrap(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: https://evil.example\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertTrue(server.shouldCloseTransport());
    }

    private void plainRequest(MetricsListener metrics) {
        ServerConnection server = new ServerConnection(router());
        server.observe(metrics, CLIENT);
        server.receive(ByteBuffer.wrap("GET /page HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(server.hasOutput());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name, String role) {
        List<RecordedEvent> found = events.stream()
                .filter(e -> e.getEventType().getName().equals(name) && role.equals(e.getString("role"))).toList();
        assertEquals(1, found.size(), name + " " + role + ": " + found);
        return found.get(0);
    }

    private static RecordedEvent first(List<RecordedEvent> events, String name, String peer) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(name) && peer.equals(e.getString("peer")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " for " + peer + " in " + events));
    }

    /** Writes down each call, in order; the byte counts are summed apart, being many. */
    private static final class Counting implements MetricsListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        long bytesIn;
        long bytesOut;

        @Override
        public void connectionOpened(String peer, String path, String subprotocol) {
            calls.add("opened " + path + " " + subprotocol);
        }

        @Override
        public void connectionClosed(Session s) {
            assertEquals("127.0.0.1:50000", s.peer());
            assertFalse(s.duration().isNegative());
            calls.add("closed " + s.path() + " " + s.closeCode() + " " + s.reason() + (s.closedByPeer() ? " byPeer" : ""));
        }

        @Override
        public void handshakeRejected(String peer, String path, int status, String reason) {
            calls.add("rejected " + path + " " + status);
        }

        @Override
        public void httpExchange(Exchange e) {
            calls.add("http " + e.method() + " " + e.target() + " " + e.status() + " " + e.bytes());
        }

        @Override
        public void messageReceived(long bytes) {
            calls.add("received " + bytes);
        }

        @Override
        public void messageSent(long bytes) {
            calls.add("sent " + bytes);
        }

        @Override
        public void bytesReceived(long bytes) {
            bytesIn += bytes;
        }

        @Override
        public void bytesSent(long bytes) {
            bytesOut += bytes;
        }

        @Override
        public void queueStalled(long queuedBytes) {
            calls.add("stalled");
        }

        @Override
        public void queueResumed(Duration stalledFor) {
            assertNull(stalledFor.isNegative() ? stalledFor : null);
            calls.add("resumed");
        }
    }
}
