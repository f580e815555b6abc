package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** A test's WebSocket client on the NIO transport's client side: every event lands in a queue. */
final class WsClient implements WebSocketHandler, AutoCloseable {

    /** A close as the client saw it. */
    record Closed(int code, String reason) {
    }

    private static Transport clients;

    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    WebSocketSession session;

    /** The shared client transport, opened on first use and kept for the JVM's life. */
    static synchronized Transport transport() {
        if (clients == null) {
            clients = Transports.provider("nio").open(TransportOptions.defaults());
        }
        return clients;
    }

    static WsClient connect(URI uri, List<String> subprotocols) throws Exception {
        return connect(uri, subprotocols, null, null);
    }

    static WsClient connect(URI uri, List<String> subprotocols, String origin, SSLContext tls) throws Exception {
        ClientHandshake.Builder handshake = ClientHandshake.builder(uri).subprotocols(subprotocols);
        if (origin != null) {
            handshake.origin(origin);
        }
        WsClient client = new WsClient();
        client.session = transport().connect(handshake.build(), ProtocolConfig.defaults(Role.CLIENT), client, tls)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void onText(WebSocketSession s, String text) {
        events.add(text);
    }

    @Override
    public void onBinary(WebSocketSession s, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add(bytes);
    }

    @Override
    public void onClose(WebSocketSession s, int code, String reason) {
        events.add(new Closed(code, reason));
    }

    Object next() throws InterruptedException {
        Object event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 10 s");
        return event;
    }

    String nextText() throws InterruptedException {
        return assertInstanceOf(String.class, next());
    }

    byte[] nextBinary() throws InterruptedException {
        return assertInstanceOf(byte[].class, next());
    }

    /** Skips messages until the close, and returns it. */
    Closed awaitClose() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Object event = events.poll(1, TimeUnit.SECONDS);
            if (event instanceof Closed c) {
                return c;
            }
        }
        throw new AssertionError("no close within 15 s");
    }

    @Override
    public void close() {
        if (session != null && session.isOpen()) {
            session.close(1000, "");
        }
    }
}
