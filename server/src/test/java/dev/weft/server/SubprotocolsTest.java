package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The /websocket endpoint end to end over real sockets, on every transport: subprotocol choice
 * (RFC 6455 §4.2.2 item 4, client's order), echo, reverse and dumb-increment-protocol.
 */
@Timeout(60)
class SubprotocolsTest {

    @TempDir
    Path root;

    static List<String> transports() {
        return Servers.transports();
    }

    private static URI ws(WeftServer server) {
        return server.webSocketUri("/websocket");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void echoesTextBinaryLargeAndFragmentedWithoutSubprotocol(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root); WsClient client = WsClient.connect(ws(server), List.of())) {
            assertNull(client.session.subprotocol());
            client.session.sendTextAndWait("Hello, Weft");
            assertEquals("Hello, Weft", client.nextText());

            byte[] bytes = {0, 1, 2, (byte) 0xFF, (byte) 0x80};
            client.session.sendBinaryAndWait(ByteBuffer.wrap(bytes));
            assertArrayEquals(bytes, client.nextBinary());

            byte[] mib = new byte[1 << 20];
            new Random(6).nextBytes(mib);
            client.session.sendBinaryAndWait(ByteBuffer.wrap(mib));
            assertArrayEquals(mib, client.nextBinary());
            String bigText = "añb😀".repeat(1 << 16);
            client.session.sendTextAndWait(bigText);
            assertEquals(bigText, client.nextText());

            // A text message in three fragments (§5.4), the split inside a 4-byte character.
            byte[] utf8 = "frag😀ment".getBytes(StandardCharsets.UTF_8);
            client.session.sendFragment(true, ByteBuffer.wrap(utf8, 0, 5), false);
            client.session.sendFragment(true, ByteBuffer.wrap(utf8, 5, 2), false);
            client.session.sendFragment(true, ByteBuffer.wrap(utf8, 7, utf8.length - 7), true).toCompletableFuture().get();
            assertEquals("frag😀ment", client.nextText());
            client.session.sendFragment(false, ByteBuffer.wrap(new byte[] {1, 2}), false);
            client.session.sendFragment(false, ByteBuffer.wrap(new byte[] {3}), true).toCompletableFuture().get();
            assertArrayEquals(new byte[] {1, 2, 3}, client.nextBinary());

            client.session.closeAndWait(1000, "done");
            assertEquals(1000, client.awaitClose().code());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void namedEchoIsChosen(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root);
             WsClient client = WsClient.connect(ws(server), List.of("echo"))) {
            assertEquals("echo", client.session.subprotocol());
            client.session.sendTextAndWait("plain");
            assertEquals("plain", client.nextText());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void theClientsOrderDecides(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root)) {
            try (WsClient client = WsClient.connect(ws(server), List.of("chat", "reverse", "echo"))) {
                assertEquals("reverse", client.session.subprotocol());
            }
            try (WsClient client = WsClient.connect(ws(server), List.of("echo", "reverse"))) {
                assertEquals("echo", client.session.subprotocol());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anOfferOfNothingWeSpeakSucceedsWithoutSubprotocolAndEchoes(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root);
             WsClient client = WsClient.connect(ws(server), List.of("chat", "superchat"))) {
            assertNull(client.session.subprotocol());
            client.session.sendTextAndWait("still echoed");
            assertEquals("still echoed", client.nextText());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void reverseKeepsCharactersWhole(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root);
             WsClient client = WsClient.connect(ws(server), List.of("reverse"))) {
            assertEquals("reverse", client.session.subprotocol());
            String[][] cases = {
                {"Hello, world!", "!dlrow ,olleH"},
                {"añb😀", "😀bña"},
                {"e\u0301x", "xe\u0301"},
                {"𝄞 ok", "ko 𝄞"},
                {"", ""},
            };
            for (String[] c : cases) {
                client.session.sendTextAndWait(c[0]);
                assertEquals(c[1], client.nextText(), "reverse of " + c[0]);
            }
            client.session.sendBinaryAndWait(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xF0}));
            assertArrayEquals(new byte[] {(byte) 0xF0, 3, 2, 1}, client.nextBinary());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void dumbIncrementTicksAndResets(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root);
             WsClient client = WsClient.connect(ws(server), List.of("dumb-increment-protocol"))) {
            assertEquals("dumb-increment-protocol", client.session.subprotocol());
            long start = System.nanoTime();
            for (int expected = 0; expected < 6; expected++) {
                assertEquals(Integer.toString(expected), client.nextText());
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // Six ticks 50 ms apart, the first 50 ms in: about 300 ms; never a burst.
            assertTrue(elapsedMillis >= 200, "six ticks came in " + elapsedMillis + " ms");

            client.session.sendTextAndWait("reset\n");
            // Ticks already on their way may still show higher numbers; then the count starts again.
            int seen = Integer.parseInt(client.nextText());
            for (int i = 0; i < 5 && seen != 0; i++) {
                seen = Integer.parseInt(client.nextText());
            }
            assertEquals(0, seen, "the counter went back to 0 after reset");
            assertEquals("1", client.nextText());
            assertEquals("2", client.nextText());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void dumbIncrementStopsWhenTheConnectionCloses(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, root)) {
            WsClient client = WsClient.connect(ws(server), List.of("dumb-increment-protocol"));
            client.nextText();
            client.session.closeAndWait(1000, "");
            assertEquals(1000, client.awaitClose().code());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, server.openConnections());
            assertEquals(0, server.scheduledTasks(), "the ticking task is cancelled");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aMessageOverTheLimitCloses1009(String transport) throws Exception {
        try (WeftServer server = Servers.tutorial(transport, root).maxMessageSize(1000).build().start();
             WsClient client = WsClient.connect(ws(server), List.of())) {
            client.session.sendTextAndWait("x".repeat(1000));
            assertEquals(1000, client.nextText().length());
            client.session.sendText("x".repeat(1001));
            assertEquals(1009, client.awaitClose().code());
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void silentConnectionsCloseAfterTheIdleTimeout(String transport) throws Exception {
        try (WeftServer server = Servers.tutorial(transport, root).idleTimeout(java.time.Duration.ofMillis(300)).build().start();
             WsClient client = WsClient.connect(ws(server), List.of())) {
            long start = System.nanoTime();
            WsClient.Closed closed = client.awaitClose();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1001, closed.code());
            assertTrue(millis >= 250 && millis < 5000, "closed after " + millis + " ms");
        }
    }
}
