package dev.weft.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A first conversation over real sockets on the NIO transport; the transport kit goes further. */
@Timeout(30)
class NioSmokeTest {

    private final Transport transport = Transports.provider("nio").open(TransportOptions.defaults());

    @AfterEach
    void close() {
        transport.close();
    }

    private ServerBinding echoServer() throws Exception {
        ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText(text);
            }
        };
        return transport.bind(new InetSocketAddress("127.0.0.1", 0), request -> request.path().equals("/websocket")
                ? new Route.Upgrade(handshake, echo, ProtocolConfig.defaults(Role.SERVER))
                : new Route.Respond(HttpResponse.text(200, "application/json", "{\"result\": 123}")), HttpLimits.defaults(), null);
    }

    @Test
    void echoesTextAndClosesCleanly() throws Exception {
        ServerBinding server = echoServer();
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        WebSocketSession session = transport.connect(
                ClientHandshake.of(URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/websocket")),
                ProtocolConfig.defaults(Role.CLIENT), new WebSocketHandler() {
                    @Override
                    public void onText(WebSocketSession s, String text) {
                        got.add(text);
                    }

                    @Override
                    public void onClose(WebSocketSession s, int code, String reason) {
                        got.add("closed " + code);
                    }
                }, null).get(10, TimeUnit.SECONDS);
        session.sendTextAndWait("hello");
        assertEquals("hello", got.poll(10, TimeUnit.SECONDS));
        session.closeAndWait(1000, "bye");
        assertEquals("closed 1000", got.poll(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.openConnections());
    }

    @Test
    void answersPlainHttpOnTheSamePort() throws Exception {
        ServerBinding server = echoServer();
        try (Socket socket = new Socket("127.0.0.1", server.localAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /rest HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith("{\"result\": 123}"), response);
        }
    }

    @Test
    void connectionRefusedIsSaidPlainly() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> transport.connect(
                ClientHandshake.of(URI.create("ws://127.0.0.1:" + port + "/")), ProtocolConfig.defaults(Role.CLIENT),
                new WebSocketHandler() { }, null).get(10, TimeUnit.SECONDS));
        assertInstanceOf(java.net.ConnectException.class, e.getCause());
        assertEquals("connection refused: 127.0.0.1:" + port, e.getCause().getMessage());
    }

    @Test
    void refusedHandshakeCarriesTheStatus() throws Exception {
        ServerBinding server = echoServer();
        ExecutionException e = assertThrows(ExecutionException.class, () -> transport.connect(
                ClientHandshake.of(URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/rest")),
                ProtocolConfig.defaults(Role.CLIENT), new WebSocketHandler() { }, null).get(10, TimeUnit.SECONDS));
        assertEquals("server answered 200 OK", e.getCause().getMessage());
    }

    @Test
    void portInUseIsABindException() throws Exception {
        ServerBinding server = echoServer();
        java.net.BindException e = assertThrows(java.net.BindException.class,
                () -> transport.bind(server.localAddress(), r -> null, HttpLimits.defaults(), null));
        assertEquals("address in use: 127.0.0.1:" + server.localAddress().getPort(), e.getMessage());
    }
}
