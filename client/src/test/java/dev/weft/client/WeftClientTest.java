package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client library: URIs, headers, blocking use, keep-alive pings and automatic reconnect. */
@Timeout(60)
class WeftClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void refusesWhatIsNotAWebSocketUri() {
        try (WeftClient client = WeftClient.builder().build()) {
            for (String uri : List.of("http://example.com/", "ftp://example.com/", "ws:///path", "ws://example.com/#frag")) {
                assertThrows(IllegalArgumentException.class, () -> client.connect(URI.create(uri), new WebSocketHandler() { }), uri);
            }
        }
    }

    @Test
    void sendsHeadersOriginAndSubprotocolsAndReachesIpv6Literals() throws Exception {
        try (Transport transport = Transports.provider("nio").open(TransportOptions.defaults());
             WeftClient client = WeftClient.builder().origin("https://example.com").header("Authorization", "Bearer t0ken")
                     .subprotocols("reverse").build()) {
            BlockingQueue<HttpRequest> seen = new LinkedBlockingQueue<>();
            ServerHandshake handshake = new ServerHandshake(List.of("reverse"), OriginPolicy.any(), List.of());
            ServerBinding server = transport.bind(new InetSocketAddress("::1", 0), r -> {
                seen.add(r);
                return new Route.Upgrade(handshake, new WebSocketHandler() { }, ProtocolConfig.defaults(Role.SERVER));
            }, HttpLimits.defaults(), null);
            int port = server.localAddress().getPort();
            try (BlockingWebSocket socket = client.connectBlocking(URI.create("ws://[::1]:" + port + "/chat?room=1"))) {
                assertEquals("reverse", socket.subprotocol());
            }
            HttpRequest request = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(request);
            assertEquals("/chat", request.path());
            assertEquals("room=1", request.query());
            assertEquals("[::1]:" + port, request.headers().first("Host"));
            assertEquals("https://example.com", request.headers().first("Origin"));
            assertEquals("Bearer t0ken", request.headers().first("Authorization"));
        }
    }

    @Test
    void blockingUseReadsNaturally() throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null); WeftClient client = WeftClient.builder().build()) {
            BlockingWebSocket socket = client.connectBlocking(URI.create("ws://127.0.0.1:" + server.port() + "/websocket"));
            socket.send("one");
            socket.send("two");
            assertEquals(new BlockingWebSocket.Message.Text("one"), socket.receive(WAIT));
            assertEquals(new BlockingWebSocket.Message.Text("two"), socket.receive(WAIT));
            assertThrows(java.util.concurrent.TimeoutException.class, () -> socket.receive(Duration.ofMillis(100)));
            assertEquals(new BlockingWebSocket.Message.Closed(1000, ""), socket.close(1000, "", WAIT));
            assertThrows(IOException.class, () -> socket.send("after close"));
        }
    }

    @Test
    void connectFailuresAreIOExceptionsWithOneLine() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (WeftClient client = WeftClient.builder().build()) {
            IOException e = assertThrows(IOException.class, () -> client.connectBlocking(URI.create("ws://127.0.0.1:" + port + "/")));
            assertEquals("connection refused: 127.0.0.1:" + port, e.getMessage());
        }
    }

    @Test
    void pingsKeepTheConnectionAlive() throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null);
             WeftClient client = WeftClient.builder().pingInterval(Duration.ofMillis(50)).build()) {
            client.connectBlocking(URI.create("ws://127.0.0.1:" + server.port() + "/websocket"));
            for (int i = 0; i < 3; i++) {
                assertEquals("ping", server.pings.poll(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void reconnectsAfterALossAndTellsTheApplication() throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null)) {
            BlockingQueue<String> told = new LinkedBlockingQueue<>();
            AtomicInteger opens = new AtomicInteger();
            ReconnectPolicy fast = new ReconnectPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100), 2, 0.5);
            try (WeftClient client = WeftClient.builder().reconnect(fast, new ReconnectListener() {
                @Override
                public void onReconnecting(int attempt, Duration delay, Throwable cause) {
                    told.add("reconnecting " + attempt + ": " + cause.getMessage());
                }
            }).build()) {
                BlockingQueue<WebSocketSession> sessions = new LinkedBlockingQueue<>();
                client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/close"), new WebSocketHandler() {
                    @Override
                    public void onOpen(WebSocketSession session) {
                        opens.incrementAndGet();
                        sessions.add(session);
                    }
                }).get(10, TimeUnit.SECONDS);
                // The /close endpoint closes every connection with 4000 at once: each loss brings a reconnect.
                assertEquals("reconnecting 1: the connection closed with 4000 (go away)", told.poll(10, TimeUnit.SECONDS));
                assertNotNull(told.poll(10, TimeUnit.SECONDS));
                assertTrue(opens.get() >= 2, "opened " + opens.get() + " times");
            }
        }
    }

    @Test
    void givesUpAfterTheLimitAndFailsTheFirstConnect() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        BlockingQueue<String> told = new LinkedBlockingQueue<>();
        ReconnectPolicy twice = new ReconnectPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1, 0);
        try (WeftClient client = WeftClient.builder().reconnect(twice, new ReconnectListener() {
            @Override
            public void onReconnecting(int attempt, Duration delay, Throwable cause) {
                told.add("attempt " + attempt);
            }

            @Override
            public void onGiveUp(Throwable cause) {
                told.add("gave up: " + cause.getMessage());
            }
        }).build()) {
            var future = client.connect(URI.create("ws://127.0.0.1:" + port + "/"), new WebSocketHandler() { });
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            assertEquals("connection refused: 127.0.0.1:" + port, e.getCause().getMessage());
            assertEquals(List.of("attempt 1", "attempt 2", "gave up: connection refused: 127.0.0.1:" + port), List.copyOf(told));
        }
    }

    @Test
    void backOffGrowsAndStaysUnderTheCeiling() {
        ReconnectPolicy p = new ReconnectPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), 2, 0);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L),
                java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(a -> p.delayBefore(a).toMillis()).toList());
        ReconnectPolicy jittered = new ReconnectPolicy(10, Duration.ofMillis(1000), Duration.ofMillis(1000), 2, 0.5);
        for (int i = 0; i < 100; i++) {
            long d = jittered.delayBefore(1).toMillis();
            assertTrue(d >= 500 && d <= 1000, "delay " + d);
        }
    }
}
