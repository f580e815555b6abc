package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.testkit.Recorder.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages go through the transport intact, both ways: text and binary echo, a 16 MiB message,
 * fragmented messages (assembled by the server, and streamed part by part), ping and pong, the
 * closing handshake started by either side with the codes and reasons each side sees, and plain
 * HTTP (a response, and a file served byte for byte) on the WebSocket port.
 */
@Timeout(30)
public abstract class EchoKit extends TransportKit {

    /** Creates the kit. */
    protected EchoKit() {
    }

    @Test
    void textAndBinaryAreEchoed() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);

        session.sendText("Hello, Weft");
        assertEquals("Hello, Weft", client.nextText());
        String unicode = "h\u00e9llo \u4e16\u754c \uD83C\uDF0D";
        session.sendText(unicode);
        assertEquals(unicode, client.nextText());
        byte[] bytes = RawClient.pattern(70_000, 1);
        session.sendBinary(ByteBuffer.wrap(bytes));
        client.expectBinary(bytes);
        session.sendBinary(ByteBuffer.allocate(0));
        client.expectBinary(new byte[0]);

        Recorder echo = server.only();
        assertEquals(Kind.OPEN, echo.next().kind());
        assertEquals("Hello, Weft", echo.nextText());
        assertTrue(session.isOpen(), "the session is open");
        assertTrue(session.isWritable(), "an idle session is writable");
        assertEquals(binding.localAddress().getPort(), session.remoteAddress().getPort(), "remote address of the client's session");
        client.assertSerial();
        server.assertAllSerial();
    }

    @Test
    void aSixteenMebibyteMessageIsEchoedIntact() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        byte[] big = RawClient.pattern(16 * 1024 * 1024, 7);
        await(session.sendBinary(ByteBuffer.wrap(big)).toCompletableFuture(), Duration.ofSeconds(20));
        byte[] back = client.nextBinary();
        assertEquals(big.length, back.length, "length of the echoed message");
        assertArrayEquals(big, back, "the echoed 16 MiB message differs");
    }

    @Test
    void fragmentedMessagesAreEchoedWhole() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);

        session.sendFragment(true, ByteBuffer.wrap(Recorder.utf8("Hel")), false);
        session.ping(ByteBuffer.wrap(new byte[] {1}));
        session.sendFragment(true, ByteBuffer.wrap(Recorder.utf8("lo, ")), false);
        session.sendFragment(true, ByteBuffer.wrap(Recorder.utf8("Weft")), true);
        assertEquals("Hello, Weft", client.nextText());

        byte[] a = RawClient.pattern(3000, 2);
        byte[] b = RawClient.pattern(5, 3);
        session.sendFragment(false, ByteBuffer.wrap(a), false);
        session.sendFragment(false, ByteBuffer.wrap(b), true);
        byte[] whole = new byte[a.length + b.length];
        System.arraycopy(a, 0, whole, 0, a.length);
        System.arraycopy(b, 0, whole, a.length, b.length);
        client.expectBinary(whole);

        Recorder echo = server.only();
        echo.next(Kind.OPEN);
        assertEquals("Hello, Weft", echo.nextText(), "the server got the fragments as one message");
    }

    @Test
    void streamedFragmentsAreEchoedAsFragments() throws Exception {
        DecoderConfig streaming = DecoderConfig.defaults(Role.SERVER).withStreaming(true);
        ServerBinding binding = bind(router(new Handlers(true), ProtocolConfig.defaults(Role.SERVER).withDecoder(streaming), Map.of()));
        Recorder client = new Recorder();
        ProtocolConfig clientConfig = ProtocolConfig.defaults(Role.CLIENT).withDecoder(DecoderConfig.defaults(Role.CLIENT).withStreaming(true));
        WebSocketSession session = await(transport().connect(ClientHandshake.of(wsUri(binding, ECHO)), clientConfig, client, null));

        String[] parts = {"stream", "ed ", "\u00e9", "cho"};
        for (int i = 0; i < parts.length; i++) {
            session.sendFragment(true, ByteBuffer.wrap(Recorder.utf8(parts[i])), i == parts.length - 1);
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            Recorder.Event e = client.next(Kind.FRAGMENT);
            assertEquals("text", e.text(), "fragments of a text message");
            got.writeBytes(e.data());
            if (e.last()) {
                break;
            }
        }
        assertEquals("streamed \u00e9cho", got.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPingIsAnsweredWithAPong() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        byte[] data = Recorder.utf8("are you there?");
        session.ping(ByteBuffer.wrap(data));
        Recorder.Event pong = client.next(Kind.PONG);
        assertArrayEquals(data, pong.data(), "the pong carries the ping's data");
        Recorder echo = server.only();
        echo.next(Kind.OPEN);
        Recorder.Event ping = echo.next();
        assertEquals(Kind.PING, ping.kind());
        assertArrayEquals(data, ping.data());
    }

    @Test
    void theClientStartsTheClosingHandshake() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        session.sendText("before");
        assertEquals("before", client.nextText());

        await(session.close(1000, "client done").toCompletableFuture());
        assertFalse(session.isOpen(), "no longer open once a close frame is sent");
        client.expectClose(1000, "");
        Recorder echo = server.only();
        echo.next(Kind.OPEN);
        echo.next(Kind.TEXT);
        echo.expectClose(1000, "client done");
        awaitNoConnections(binding);
        Throwable refused = failureOf(session.sendText("too late").toCompletableFuture());
        assertEquals("dev.weft.codec.engine.SendRefusedException", refused.getClass().getName());
        client.assertSerial();
        server.assertAllSerial();
    }

    @Test
    void theServerStartsTheClosingHandshake() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        session.sendText("close 4001 server done");
        client.expectClose(4001, "server done");
        Recorder echo = server.only();
        echo.next(Kind.OPEN);
        echo.next(Kind.TEXT);
        echo.expectClose(4001, "");
        awaitNoConnections(binding);
        assertFalse(session.isOpen());
    }

    @Test
    void plainHttpIsAnsweredOnTheSamePort() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        try (RawClient raw = closeLater(RawClient.connect(binding.localAddress()))) {
            // Two requests on one keep-alive connection, then a last one that asks to close.
            raw.writeRaw("GET " + HELLO + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawClient.HttpReply hello = raw.readHttpResponse();
            assertEquals(200, hello.head().status());
            assertEquals(HELLO_BODY, hello.text());
            raw.writeRaw("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            RawClient.HttpReply missing = raw.readHttpResponse();
            assertEquals(404, missing.head().status());
            assertTrue(raw.awaitEof(WAIT), "the server closes after a Connection: close request");
        }
        awaitNoConnections(binding);
    }

    @Test
    void aFileIsServedByteForByte(@TempDir Path dir) throws Exception {
        byte[] content = RawClient.pattern(300 * 1024 + 7, 11);
        Path file = Files.write(dir.resolve("page.bin"), content);
        AtomicReference<FileChannel> opened = new AtomicReference<>();
        ServerBinding binding = bind(router(new Handlers(true), ProtocolConfig.defaults(Role.SERVER),
                Map.of("/file", request -> fileRoute(file, opened))));
        try (RawClient raw = closeLater(RawClient.connect(binding.localAddress()))) {
            raw.writeRaw("GET /file HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawClient.HttpReply reply = raw.readHttpResponse();
            assertEquals(200, reply.head().status());
            assertArrayEquals(content, reply.body(), "the file as served");
            // The connection stays usable after a file (keep-alive).
            raw.writeRaw("GET " + HELLO + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(HELLO_BODY, raw.readHttpResponse().text());
        }
        waitUntil("the transport to close the file's channel", WAIT, () -> !opened.get().isOpen());
    }
}
