package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.handshake.AcceptKey;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.Recorder.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that vanish: a client that drops TCP in the middle of a frame (with a reset, or with a
 * FIN) makes the server's handler see {@code onClose} with 1006; one that drops in the middle of
 * its handshake leaves no trace; a server that drops makes the client's handler see 1006. Every
 * time {@code openConnections()} returns to 0, and after many such drops no platform thread
 * named {@code weft-<name>-} is alive beyond those the transport had before.
 */
@Timeout(30)
public abstract class DisconnectKit extends TransportKit {

    /** Creates the kit. */
    protected DisconnectKit() {
    }

    @Test
    void aResetInTheMiddleOfAFrameIsAbnormalClosure() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        raw.writeRaw(raw.partialBinaryFrame(1000, 100));
        server.only().next(Kind.OPEN);
        raw.abort();
        Recorder handler = server.only();
        handler.expectClose(1006, null);
        awaitNoConnections(binding);
        handler.assertSerial();
    }

    @Test
    void aFinInTheMiddleOfAFrameIsAbnormalClosure() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        server.only().next(Kind.OPEN);
        raw.writeRaw(raw.partialBinaryFrame(1000, 5)); // part of the header and masking key only
        raw.close();
        server.only().expectClose(1006, null);
        awaitNoConnections(binding);
    }

    @Test
    void aDropInTheMiddleOfTheHandshakeLeavesNoTrace() throws Exception {
        AtomicInteger routed = new AtomicInteger();
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(request -> {
            routed.incrementAndGet();
            return router(server).route(request);
        });
        RawClient reset = closeLater(RawClient.connect(binding.localAddress()));
        reset.writeRaw("GET " + ECHO + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr");
        RawClient fin = closeLater(RawClient.connect(binding.localAddress()));
        fin.writeRaw("GET " + ECHO + " HTTP/1.1\r\n");
        waitUntil("both connections to be counted", WAIT, () -> binding.openConnections() == 2);
        reset.abort();
        fin.close();
        awaitNoConnections(binding);
        assertEquals(0, routed.get(), "an incomplete request reached the router");
        assertTrue(server.made().isEmpty(), "a handler was made for a connection that never upgraded");
    }

    @Test
    void aServerThatDropsIsAbnormalClosureForTheClient() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> acceptThenDrop(fake));
            Recorder client = new Recorder();
            WebSocketSession session = connect(URI.create("ws://127.0.0.1:" + fake.getLocalPort() + "/x"), client);
            client.next(Kind.OPEN);
            client.expectClose(1006, null);
            await(served);
            assertTrue(!session.isOpen(), "the session is not open after the server dropped");
            client.assertSerial();
        }
    }

    /** Accepts one connection, answers its upgrade with a proper 101, then drops TCP. */
    private static void acceptThenDrop(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            HttpRequestParser parser = new HttpRequestParser();
            HttpRequest request = null;
            byte[] chunk = new byte[4096];
            while (request == null) {
                int n = in.read(chunk);
                if (n < 0) {
                    throw new IOException("the client left before its request was complete");
                }
                request = parser.parse(ByteBuffer.wrap(chunk, 0, n));
            }
            String accept = AcceptKey.of(request.headers().first("Sec-WebSocket-Key"));
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dropsLeakNoThread() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        cycle(binding, 1); // let the transport start whatever threads it starts on first use
        awaitNoConnections(binding);
        Set<String> before = liveTransportThreads();

        cycle(binding, 40);
        awaitNoConnections(binding);
        for (Recorder r : server.made()) {
            assertEquals(1006, await(r.closedEvent).code(), "close code after a drop");
        }
        waitUntil("the transport's threads to be back to " + before, WAIT, () -> before.containsAll(liveTransportThreads()));
        Set<String> extra = new HashSet<>(liveTransportThreads());
        extra.removeAll(before);
        assertTrue(extra.isEmpty(), "threads left behind: " + extra);
    }

    private void cycle(ServerBinding binding, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            try (RawClient raw = RawClient.connect(binding.localAddress())) {
                if (i % 2 == 0) {
                    raw.upgrade(ECHO);
                    raw.sendText("hello");
                    raw.readMessage();
                    raw.writeRaw(raw.partialBinaryFrame(300, 50));
                    raw.abort();
                } else {
                    raw.writeRaw("GET " + ECHO + " HTTP/1.1\r\n");
                }
            }
        }
    }
}
