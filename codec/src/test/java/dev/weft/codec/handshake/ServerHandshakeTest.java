package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.http.Feeder;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpRequestParser;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The server's side of the opening handshake, RFC 6455 §4.2: reading the client's handshake
 * (§4.2.1), each refusal with its status and required headers, and the 101 with accept value,
 * subprotocol (§4.2.2 item 4) and extensions (§9.1).
 */
class ServerHandshakeTest {

    private static final byte[] RFC6455_REQUEST = Feeder.crlf("""
            GET /chat HTTP/1.1
            Host: server.example.com
            Upgrade: websocket
            Connection: Upgrade
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
            Origin: http://example.com
            Sec-WebSocket-Protocol: chat, superchat
            Sec-WebSocket-Version: 13

            """);

    private final ServerHandshake server = new ServerHandshake(List.of("superchat", "chat"), OriginPolicy.any(), List.of());

    /** The RFC's sample request, with its fields changed by {@code edit}. */
    private static HttpRequest request(UnaryOperator<HttpHeaders.Builder> edit) {
        HttpHeaders.Builder h = HttpHeaders.builder();
        for (HttpHeaders.Field f : sample().headers()) {
            h.add(f.name(), f.value());
        }
        return HttpRequest.of("GET", "/chat", HttpVersion.HTTP_1_1, edit.apply(h).build());
    }

    private static HttpRequest sample() {
        return new HttpRequestParser().parse(ByteBuffer.wrap(RFC6455_REQUEST));
    }

    /** Removes a field: the builder has no remove, so rebuild without it. */
    private static UnaryOperator<HttpHeaders.Builder> without(String name) {
        return b -> {
            HttpHeaders.Builder out = HttpHeaders.builder();
            for (HttpHeaders.Field f : b.build()) {
                if (!f.hasName(name)) {
                    out.add(f.name(), f.value());
                }
            }
            return out;
        };
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.ISO_8859_1.decode(b).toString();
    }

    private HandshakeResult.Rejected rejected(HttpRequest request, int status, String reason) {
        HandshakeResult result = server.accept(request);
        HandshakeResult.Rejected r = assertInstanceOf(HandshakeResult.Rejected.class, result);
        assertEquals(status, r.response().status());
        assertEquals(reason, r.reason());
        assertArrayEquals((reason + "\n").getBytes(StandardCharsets.UTF_8), r.response().body());
        assertEquals("text/plain; charset=utf-8", r.response().headers().first("Content-Type"));
        return r;
    }

    @Test
    void acceptsTheRfcSampleWithTheRfcResponse() {
        HandshakeResult.Accepted ok = assertInstanceOf(HandshakeResult.Accepted.class, server.accept(sample()));
        assertEquals("chat", ok.subprotocol());
        assertEquals(List.of(), ok.extensions());
        assertEquals("""
                HTTP/1.1 101 Switching Protocols\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
                Sec-WebSocket-Protocol: chat\r
                \r
                """, text(ok.response().encode()));
    }

    @Test
    void readsEachFieldWhateverTheCaseOfItsName() {
        // RFC 9110 §5.1: field names are case-insensitive; the fields are found in one pass,
        // which must not depend on the spelling.
        HttpRequest lower = request(b -> {
            HttpHeaders.Builder out = HttpHeaders.builder();
            for (HttpHeaders.Field f : b.build()) {
                out.add(f.name().toLowerCase(java.util.Locale.ROOT), f.value());
            }
            return out;
        });
        HandshakeResult.Accepted ok = assertInstanceOf(HandshakeResult.Accepted.class, server.accept(lower));
        assertEquals("chat", ok.subprotocol());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ok.response().headers().first("Sec-WebSocket-Accept"));
        rejected(request(b -> b.add("HOST", "other.example.com")), 400, "more than one Host header");
        rejected(request(b -> b.add("sec-websocket-key", "AAAAAAAAAAAAAAAAAAAAAA==")), 400, "more than one Sec-WebSocket-Key");
        rejected(request(b -> b.add("ORIGIN", "http://example.com")), 400, "more than one Origin header");
        rejected(request(b -> b.add("sec-websocket-version", "13")), 426, "unsupported Sec-WebSocket-Version '13, 13'");
        rejected(request(without("Upgrade").andThen(b -> b.add("UPGRADE", "h2c"))::apply), 400, "Upgrade does not name websocket");
    }

    @Test
    void routesUpgradeRequests() {
        assertTrue(ServerHandshake.isUpgradeRequest(sample()));
        assertTrue(ServerHandshake.isUpgradeRequest(request(b -> b.set("Upgrade", "WebSocket").set("Connection", "keep-alive, UPGRADE"))));
        assertFalse(ServerHandshake.isUpgradeRequest(request(without("Upgrade"))));
        assertFalse(ServerHandshake.isUpgradeRequest(request(b -> b.set("Upgrade", "h2c"))));
        assertFalse(ServerHandshake.isUpgradeRequest(request(b -> b.set("Connection", "keep-alive"))));
    }

    @Test
    void refusesOtherMethodsWith405() {
        HttpRequest post = new HttpRequest("POST", "/chat", "/chat", null, HttpVersion.HTTP_1_1, sample().headers());
        HandshakeResult.Rejected r = rejected(post, 405, "method 'POST' is not GET");
        assertEquals("GET", r.response().headers().first("Allow"));
        assertEquals("Method Not Allowed", r.response().reason());
    }

    @Test
    void refusesHttp10() {
        HttpRequest old = new HttpRequest("GET", "/chat", "/chat", null, HttpVersion.HTTP_1_0, sample().headers());
        rejected(old, 400, "WebSocket needs HTTP/1.1, not HTTP/1.0");
    }

    @Test
    void refusesAMissingOrRepeatedHost() {
        rejected(request(without("Host")), 400, "missing Host");
        rejected(request(b -> b.add("Host", "other.example.com")), 400, "more than one Host header");
    }

    @Test
    void answersAMissingUpgradeWith426() {
        HandshakeResult.Rejected r = rejected(request(without("Upgrade")), 426, "not a WebSocket upgrade: no Upgrade header");
        assertEquals("websocket", r.response().headers().first("Upgrade"));
        assertEquals("Upgrade", r.response().headers().first("Connection"));
    }

    @Test
    void refusesAnUpgradeToSomethingElse() {
        rejected(request(b -> b.set("Upgrade", "h2c")), 400, "Upgrade does not name websocket");
    }

    @Test
    void refusesConnectionWithoutUpgrade() {
        rejected(request(b -> b.set("Connection", "keep-alive")), 400, "Connection does not list upgrade");
        rejected(request(without("Connection")), 400, "Connection does not list upgrade");
    }

    @Test
    void refusesBadKeys() {
        rejected(request(without("Sec-WebSocket-Key")), 400, "missing Sec-WebSocket-Key");
        rejected(request(b -> b.add("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")), 400, "more than one Sec-WebSocket-Key");
        rejected(request(b -> b.set("Sec-WebSocket-Key", "c2hvcnQ=")), 400, "Sec-WebSocket-Key is not the base64 of 16 bytes");
        rejected(request(b -> b.set("Sec-WebSocket-Key", "not base64 at all!!!!!!!")), 400,
                "Sec-WebSocket-Key is not the base64 of 16 bytes");
    }

    @Test
    void answersOtherVersionsWith426AndTheSupportedVersion() {
        for (var c : List.of(
                List.of("8", "unsupported Sec-WebSocket-Version '8'"),
                List.of("13, 8", "unsupported Sec-WebSocket-Version '13, 8'"),
                List.of("", "unsupported Sec-WebSocket-Version ''"))) {
            HandshakeResult.Rejected r = rejected(request(b -> b.set("Sec-WebSocket-Version", c.get(0))), 426, c.get(1));
            assertEquals("13", r.response().headers().first("Sec-WebSocket-Version"));
            assertEquals("websocket", r.response().headers().first("Upgrade"));
        }
        HandshakeResult.Rejected missing = rejected(request(without("Sec-WebSocket-Version")), 426, "missing Sec-WebSocket-Version");
        assertEquals("13", missing.response().headers().first("Sec-WebSocket-Version"));
        rejected(request(b -> b.add("Sec-WebSocket-Version", "13")), 426, "unsupported Sec-WebSocket-Version '13, 13'");
    }

    @Test
    void checksTheVersionBeforeTheKey() {
        // An old-draft client has no Sec-WebSocket-Key; it should still learn to speak 13.
        rejected(request(b -> without("Sec-WebSocket-Key").apply(b).set("Sec-WebSocket-Version", "8")), 426,
                "unsupported Sec-WebSocket-Version '8'");
    }

    @Test
    void refusesOriginsThePolicyRefuses() {
        ServerHandshake strict = new ServerHandshake(List.of(), OriginPolicy.allowList(List.of("https://example.com")), List.of());
        HandshakeResult.Rejected r = assertInstanceOf(HandshakeResult.Rejected.class, strict.accept(sample()));
        assertEquals(403, r.response().status());
        assertEquals("origin 'http://example.com' is not allowed", r.reason());
        assertInstanceOf(HandshakeResult.Accepted.class, strict.accept(request(b -> b.set("Origin", "https://example.com"))));
        assertInstanceOf(HandshakeResult.Accepted.class, strict.accept(request(without("Origin"))));
        ServerHandshake demanding = new ServerHandshake(List.of(), origin -> origin != null, List.of());
        HandshakeResult.Rejected none = assertInstanceOf(HandshakeResult.Rejected.class, demanding.accept(request(without("Origin"))));
        assertEquals("origin '(none)' is not allowed", none.reason());
        rejected(request(b -> b.add("Origin", "http://example.com")), 400, "more than one Origin header");
    }

    @Test
    void picksTheSubprotocolInTheClientsOrder() {
        // Client offers chat before superchat; the server's own order does not matter.
        assertEquals("chat", ((HandshakeResult.Accepted) server.accept(sample())).subprotocol());
        HandshakeResult.Accepted ok = (HandshakeResult.Accepted) server.accept(
                request(b -> b.set("Sec-WebSocket-Protocol", "v3").add("Sec-WebSocket-Protocol", "superchat, chat")));
        assertEquals("superchat", ok.subprotocol());
        assertEquals("superchat", ok.response().headers().first("Sec-WebSocket-Protocol"));
    }

    @Test
    void sendsNoSubprotocolWhenNoneMatches() {
        HandshakeResult.Accepted ok = (HandshakeResult.Accepted) server.accept(request(b -> b.set("Sec-WebSocket-Protocol", "mqtt")));
        assertNull(ok.subprotocol());
        assertFalse(ok.response().headers().contains("Sec-WebSocket-Protocol"));
        HandshakeResult.Accepted none = (HandshakeResult.Accepted) server.accept(request(without("Sec-WebSocket-Protocol")));
        assertNull(none.subprotocol());
        ServerHandshake plain = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
        assertNull(((HandshakeResult.Accepted) plain.accept(sample())).subprotocol());
    }

    @Test
    void refusesMalformedSubprotocolLists() {
        rejected(request(b -> b.set("Sec-WebSocket-Protocol", "chat, super chat")), 400, "malformed Sec-WebSocket-Protocol 'super chat'");
    }

    @Test
    void customSelectorsMustChooseFromTheOffer() {
        ServerHandshake last = new ServerHandshake(offer -> offer.isEmpty() ? Optional.empty() : Optional.of(offer.get(offer.size() - 1)),
                OriginPolicy.any(), List.of());
        assertEquals("superchat", ((HandshakeResult.Accepted) last.accept(sample())).subprotocol());
        ServerHandshake rogue = new ServerHandshake(offer -> Optional.of("other"), OriginPolicy.any(), List.of());
        assertThrows(IllegalStateException.class, () -> rogue.accept(sample()));
    }

    @Test
    void acceptsExtensionsInTheServersOrder() {
        ServerHandshake withExtensions = new ServerHandshake(List.of(), OriginPolicy.any(), List.of(
                TestExtensions.factory("x-b", 0), TestExtensions.factory("x-a", 0x40), TestExtensions.factory("x-c", 0)));
        HandshakeResult.Accepted ok = (HandshakeResult.Accepted) withExtensions.accept(request(b -> b
                .add("Sec-WebSocket-Extensions", "x-a; refuse, x-a; p=1")
                .add("Sec-WebSocket-Extensions", "x-unknown, x-b; q=\"two words\"")));
        assertEquals(List.of("x-b", "x-a"), ok.extensions().stream().map(Extension::name).toList());
        assertEquals("x-b; q=\"two words\", x-a; p=1", ok.response().headers().first("Sec-WebSocket-Extensions"));
    }

    @Test
    void sendsNoExtensionsHeaderWhenAllAreDeclined() {
        ServerHandshake withExtensions = new ServerHandshake(List.of(), OriginPolicy.any(), List.of(TestExtensions.factory("x-a", 0)));
        HandshakeResult.Accepted ok = (HandshakeResult.Accepted) withExtensions.accept(
                request(b -> b.add("Sec-WebSocket-Extensions", "x-a; refuse, x-other")));
        assertEquals(List.of(), ok.extensions());
        assertFalse(ok.response().headers().contains("Sec-WebSocket-Extensions"));
    }

    @Test
    void leavesOutAnExtensionWhoseRsvBitsAreTaken() {
        ServerHandshake clash = new ServerHandshake(List.of(), OriginPolicy.any(), List.of(
                TestExtensions.factory("x-a", 0x40), TestExtensions.factory("x-b", 0x40), TestExtensions.factory("x-c", 0x20)));
        HandshakeResult.Accepted ok = (HandshakeResult.Accepted) clash.accept(request(b -> b.add("Sec-WebSocket-Extensions", "x-b, x-a, x-c")));
        assertEquals(List.of("x-a", "x-c"), ok.extensions().stream().map(Extension::name).toList());
    }

    @Test
    void refusesMalformedExtensionHeaders() {
        ServerHandshake withExtensions = new ServerHandshake(List.of(), OriginPolicy.any(), List.of(TestExtensions.factory("x-a", 0)));
        HandshakeResult result = withExtensions.accept(request(b -> b.add("Sec-WebSocket-Extensions", "x-a; =1")));
        HandshakeResult.Rejected r = assertInstanceOf(HandshakeResult.Rejected.class, result);
        assertEquals(400, r.response().status());
        assertTrue(r.reason().startsWith("malformed Sec-WebSocket-Extensions: "), r.reason());
        // A server with no extension of its own only checks the offers' form, and refuses alike.
        ServerHandshake withNone = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
        HandshakeResult.Rejected none = assertInstanceOf(HandshakeResult.Rejected.class,
                withNone.accept(request(b -> b.add("Sec-WebSocket-Extensions", "x-a; =1"))));
        assertEquals(r.reason(), none.reason());
        assertInstanceOf(HandshakeResult.Accepted.class,
                withNone.accept(request(b -> b.add("Sec-WebSocket-Extensions", "x-a; p=\"1\", x-b"))));
    }

    @Test
    void refusesBadConfiguration() {
        List<ExtensionFactory> twice = List.of(TestExtensions.factory("x-a", 0), TestExtensions.factory("x-a", 0));
        assertThrows(IllegalArgumentException.class, () -> new ServerHandshake(List.of(), OriginPolicy.any(), twice));
        assertThrows(IllegalArgumentException.class, () -> new ServerHandshake(List.of("bad name"), OriginPolicy.any(), List.of()));
    }

    @Test
    void rejectionsAreWritable() {
        HandshakeResult r = server.accept(request(without("Sec-WebSocket-Key")));
        HttpResponse response = r.response();
        assertEquals("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 26\r\n\r\n"
                + "missing Sec-WebSocket-Key\n", text(response.encode()));
    }
}
