package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.http.Feeder;
import dev.weft.codec.http.HttpException;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpResponseParser;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole opening handshake of RFC 6455 §4, both ends in memory: the client's request bytes go
 * through the request parser to the server, the server's response bytes through the response
 * parser back to the client. Each parser is fed at every split point, with a frame right behind
 * each head (§4.2.2, §4.1: frames may follow at once).
 */
class HandshakeRoundTripTest {

    private static final byte[] MASKED_HELLO = Feeder.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    private static final byte[] HELLO = Feeder.hex("81 05 48 65 6c 6c 6f");

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void clientAndServerAgree() {
        ClientHandshake client = ClientHandshake.builder(URI.create("ws://example.com:8080/chat?room=1"))
                .origin("http://example.com")
                .subprotocols(List.of("v2.chat", "v1.chat"))
                .extensions(List.of(TestExtensions.factory("x-a", 0x40), TestExtensions.factory("x-b", 0x20)))
                .random(new Random(1))
                .build();
        ServerHandshake server = new ServerHandshake(List.of("v1.chat", "v2.chat"),
                OriginPolicy.allowList(List.of("http://example.com")), List.of(TestExtensions.factory("x-b", 0x20)));

        HttpRequest request = Feeder.parseEverySplit(() -> {
            HttpRequestParser parser = new HttpRequestParser();
            return parser::parse;
        }, Feeder.concat(bytes(client.requestBytes()), MASKED_HELLO), MASKED_HELLO);
        assertEquals("/chat", request.path());
        assertEquals("room=1", request.query());
        assertEquals("example.com:8080", request.headers().first("Host"));

        HandshakeResult.Accepted accepted = assertInstanceOf(HandshakeResult.Accepted.class, server.accept(request));
        assertEquals("v2.chat", accepted.subprotocol());

        HttpResponseHead head = Feeder.parseEverySplit(() -> {
            HttpResponseParser parser = new HttpResponseParser();
            return parser::parse;
        }, Feeder.concat(bytes(accepted.response().encode()), HELLO), HELLO);
        assertEquals(101, head.status());

        ClientHandshake.Result result = client.validate(head);
        assertEquals("v2.chat", result.subprotocol());
        assertEquals(List.of("x-b"), result.extensions().stream().map(Extension::name).toList());
        assertEquals(accepted.extensions().stream().map(Extension::agreed).toList(),
                result.extensions().stream().map(Extension::agreed).toList());
    }

    @Test
    void aRefusalReachesTheClientAsAHandshakeException() {
        ClientHandshake client = ClientHandshake.builder(URI.create("ws://example.com/")).origin("https://evil.example").build();
        ServerHandshake server = new ServerHandshake(List.of(), OriginPolicy.allowList(List.of("https://example.com")), List.of());
        HttpRequest request = new HttpRequestParser().parse(client.requestBytes());
        HandshakeResult.Rejected rejected = assertInstanceOf(HandshakeResult.Rejected.class, server.accept(request));
        ByteBuffer wire = rejected.response().encode();
        HttpResponseHead head = new HttpResponseParser().parse(wire);
        HandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class, () -> client.validate(head));
        assertEquals("server answered 403 Forbidden", e.getMessage());
        assertEquals(403, e.status());
        // The body follows the head, framed by its Content-Length.
        assertEquals(head.headers().first("Content-Length"), String.valueOf(wire.remaining()));
        assertArrayEquals(rejected.response().body(), bytes(wire));
    }

    @Test
    void aServerThatIsNotWebSocketIsCaught() {
        ClientHandshake client = ClientHandshake.of(URI.create("ws://example.com/"));
        HttpResponseHead head = new HttpResponseParser().parse(ByteBuffer.wrap(Feeder.crlf(
                "HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n\n")));
        HandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class, () -> client.validate(head));
        assertEquals("Sec-WebSocket-Accept mismatch", e.getMessage());
        HttpException garbage = org.junit.jupiter.api.Assertions.assertThrows(HttpException.class,
                () -> new HttpResponseParser().parse(ByteBuffer.wrap(Feeder.crlf("SSH-2.0-OpenSSH\n"))));
        assertEquals(502, garbage.status());
    }
}
