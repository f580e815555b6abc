package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Origin checks (RFC 6455 §4.2.2, §10.2: 403 for origins not allowed) and graceful shutdown
 * (§7.4.1: 1001 going away to every client), end to end on every transport.
 */
@Timeout(60)
class OriginAndShutdownTest {

    @TempDir
    Path root;

    static List<String> transports() {
        return Servers.transports();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void originsNotAllowedGet403(String transport) throws Exception {
        try (WeftServer server = Servers.tutorial(transport, root)
                .allowedOrigins("https://good.example", "http://localhost:8000").build().start()) {
            var uri = server.webSocketUri("/websocket");
            try (WsClient ok = WsClient.connect(uri, List.of(), "https://good.example", null)) {
                ok.session.sendTextAndWait("in");
                assertEquals("in", ok.nextText());
            }
            try (WsClient ok = WsClient.connect(uri, List.of(), "http://LOCALHOST:8000", null)) {
                assertTrue(ok.session.isOpen());
            }
            try (WsClient noOrigin = WsClient.connect(uri, List.of())) {
                assertTrue(noOrigin.session.isOpen(), "non-browser clients send no Origin");
            }
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> WsClient.connect(uri, List.of(), "https://evil.example", null));
            assertEquals("server answered 403 Forbidden", refused.getCause().getMessage());

            RawHttp.Response raw = RawHttp.get(server.port(), "/websocket", "Upgrade: websocket", "Connection: Upgrade",
                    "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: https://evil.example");
            assertEquals(403, raw.status());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anyOriginByDefault(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root);
             WsClient client = WsClient.connect(server.webSocketUri("/websocket"), List.of(), "https://anyone.example", null)) {
            assertTrue(client.session.isOpen());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void gracefulShutdownSends1001ToEveryClient(String transport) throws Exception {
        WeftServer server = Servers.start(transport, root);
        List<WsClient> clients = new ArrayList<>();
        for (String protocol : List.of("echo", "reverse", "dumb-increment-protocol")) {
            clients.add(WsClient.connect(server.webSocketUri("/websocket"), List.of(protocol)));
        }
        clients.get(0).session.sendTextAndWait("before");
        assertEquals("before", clients.get(0).nextText());
        assertEquals(3, server.openConnections());

        long start = System.nanoTime();
        CompletableFuture<Void> done = server.shutdown(Duration.ofSeconds(5));
        for (WsClient client : clients) {
            assertEquals(1001, client.awaitClose().code());
        }
        done.get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 4000, "clients that answer the close need no grace period: " + millis + " ms");
        assertEquals(0, server.openConnections());
        assertThrows(java.io.IOException.class, () -> RawHttp.get(server.port(), "/rest"), "no longer listening");
        long closing = System.nanoTime();
        server.close(); // after a shutdown: nothing left to do, and no waiting
        assertTrue(System.nanoTime() - closing < 1_000_000_000L, "close after shutdown returns at once");
    }
}
