package dev.weft.codec.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client's side of the opening handshake, RFC 6455 §4.1: the request it writes (items 1–10,
 * with the URI rules of §3), and each check it makes of the server's answer, with its message.
 */
class ClientHandshakeTest {

    private static final String KEY = AcceptKey.newKey(new Random(42));

    private static ClientHandshake.Builder builder(String uri) {
        return ClientHandshake.builder(URI.create(uri)).random(new Random(42));
    }

    private static String request(ClientHandshake handshake) {
        return StandardCharsets.ISO_8859_1.decode(handshake.requestBytes()).toString();
    }

    private static String expected(String requestLine, String host, String... more) {
        StringBuilder out = new StringBuilder(requestLine + "\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String line : more) {
            out.append(line).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    @Test
    void writesTheRequestForAPathAndQuery() {
        ClientHandshake h = builder("ws://example.com/chat?x=1").build();
        assertEquals(expected("GET /chat?x=1 HTTP/1.1", "example.com"), request(h));
        assertEquals(KEY, h.key());
        assertEquals("example.com", h.host());
        assertEquals(80, h.port());
        assertFalse(h.secure());
    }

    @Test
    void writesThePortOnlyWhenItIsNotTheDefault() {
        assertEquals(expected("GET / HTTP/1.1", "example.com:8080"), request(builder("ws://example.com:8080/").build()));
        assertEquals(expected("GET / HTTP/1.1", "example.com"), request(builder("ws://example.com:80/").build()));
        assertEquals(expected("GET / HTTP/1.1", "example.com"), request(builder("wss://example.com:443/").build()));
        assertEquals(expected("GET / HTTP/1.1", "example.com:80"), request(builder("wss://example.com:80/").build()));
        assertEquals(443, builder("wss://example.com").build().port());
    }

    @Test
    void bracketsIpv6Literals() {
        ClientHandshake h = builder("wss://[::1]:9443/").build();
        assertEquals(expected("GET / HTTP/1.1", "[::1]:9443"), request(h));
        assertEquals("::1", h.host());
        assertEquals(9443, h.port());
        assertTrue(h.secure());
        assertEquals(expected("GET / HTTP/1.1", "[::1]"), request(builder("wss://[::1]/").build()));
    }

    @Test
    void defaultsThePathToSlash() {
        assertEquals(expected("GET / HTTP/1.1", "example.com"), request(builder("ws://example.com").build()));
        assertEquals(expected("GET /?q HTTP/1.1", "example.com"), request(builder("ws://example.com?q").build()));
    }

    @Test
    void encodesNonAsciiPaths() {
        assertEquals(expected("GET /caf%C3%A9 HTTP/1.1", "example.com"), request(builder("ws://example.com/caf\u00E9").build()));
        assertEquals(expected("GET /?a%5B0%5D=1 HTTP/1.1", "example.com"), request(builder("ws://example.com/?a[0]=1").build()));
    }

    @Test
    void writesTheOptions() {
        ClientHandshake h = builder("ws://example.com/chat")
                .origin("http://example.com")
                .subprotocols(List.of("chat", "superchat"))
                .extensions(List.of(
                        TestExtensions.factory("x-a", 0, List.of(TestExtensions.offer("x-a", "p", "1"), ExtensionOffer.of("x-a"))),
                        TestExtensions.factory("x-none", 0, List.of()),
                        TestExtensions.factory("x-b", 0)))
                .headers(HttpHeaders.builder().add("Authorization", "Bearer t").add("Cookie", "a=b").build())
                .build();
        assertEquals(expected("GET /chat HTTP/1.1", "example.com",
                "Origin: http://example.com",
                "Sec-WebSocket-Protocol: chat, superchat",
                "Sec-WebSocket-Extensions: x-a; p=1, x-a, x-b",
                "Authorization: Bearer t",
                "Cookie: a=b"), request(h));
        assertEquals("/chat", h.request().path());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "http://example.com/|a WebSocket URI uses ws or wss (RFC 6455 §3), not http://example.com/",
        "example.com/chat|a WebSocket URI uses ws or wss (RFC 6455 §3), not example.com/chat",
        "ws:///chat|WebSocket URI has no host: ws:///chat",
        "ws:opaque|WebSocket URI has no host: ws:opaque",
        "ws://h/#frag|WebSocket URI must not have a fragment (RFC 6455 §3): ws://h/#frag",
        "ws://h/#|WebSocket URI must not have a fragment (RFC 6455 §3): ws://h/#",
        "ws://user:pw@h/|WebSocket URI must not carry user information: ws://user:pw@h/",
        "ws://127.0.0.1:99999/|WebSocket URI has port 99999, outside 1 to 65535: ws://127.0.0.1:99999/",
        "wss://h:0/|WebSocket URI has port 0, outside 1 to 65535: wss://h:0/",
    })
    void refusesNonWebSocketUris(String uri, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientHandshake.of(URI.create(uri)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> builder("ws://h/").subprotocols(List.of("a b")).build());
        assertThrows(IllegalArgumentException.class, () -> builder("ws://h/").subprotocols(List.of("a", "a")).build());
        assertThrows(IllegalArgumentException.class, () -> builder("ws://h/").origin("http://h\r\nX: 1").build());
        assertThrows(IllegalArgumentException.class, () -> builder("ws://h/")
                .extensions(List.of(TestExtensions.factory("x-a", 0), TestExtensions.factory("X-A", 0))).build());
        for (String own : List.of("Host", "upgrade", "CONNECTION", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder("ws://h/").headers(HttpHeaders.builder().add(own, "x").build()).build());
            assertEquals("header " + own + " is set by the handshake itself", e.getMessage());
        }
    }

    @Test
    void drawsAFreshKeyForEachHandshake() {
        assertFalse(ClientHandshake.of(URI.create("ws://h/")).key().equals(ClientHandshake.of(URI.create("ws://h/")).key()));
        assertTrue(AcceptKey.isValidKey(ClientHandshake.of(URI.create("ws://h/")).key()));
    }

    // --- validating the answer ---

    private final ClientHandshake offering = builder("ws://example.com/chat")
            .subprotocols(List.of("chat", "superchat"))
            .extensions(List.of(TestExtensions.factory("x-a", 0x40), TestExtensions.factory("x-b", 0x20)))
            .build();

    private static HttpResponseHead answer(UnaryOperator<HttpHeaders.Builder> edit) {
        return answer(101, "Switching Protocols", edit);
    }

    private static HttpResponseHead answer(int status, String reason, UnaryOperator<HttpHeaders.Builder> edit) {
        HttpHeaders.Builder h = HttpHeaders.builder()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", AcceptKey.of(KEY));
        return new HttpResponseHead(HttpVersion.HTTP_1_1, status, reason, edit.apply(h).build());
    }

    private void fails(HttpResponseHead answer, String message) {
        HandshakeException e = assertThrows(HandshakeException.class, () -> offering.validate(answer));
        assertEquals(message, e.getMessage());
    }

    @Test
    void acceptsAPlainAnswer() {
        ClientHandshake.Result r = offering.validate(answer(b -> b));
        assertNull(r.subprotocol());
        assertEquals(List.of(), r.extensions());
    }

    @Test
    void acceptsAnswersIgnoringCaseWhereTheRfcSaysSo() {
        ClientHandshake.Result r = offering.validate(answer(b -> b.set("upgrade", "WebSocket").set("connection", "keep-alive, UPGRADE")));
        assertNull(r.subprotocol());
    }

    @Test
    void returnsWhatWasNegotiated() {
        ClientHandshake.Result r = offering.validate(answer(b -> b
                .add("Sec-WebSocket-Protocol", "superchat")
                .add("Sec-WebSocket-Extensions", "x-b; q=1, x-a")));
        assertEquals("superchat", r.subprotocol());
        assertEquals(List.of("x-b", "x-a"), r.extensions().stream().map(Extension::name).toList());
        assertEquals("1", r.extensions().get(0).agreed().parameters().get("q"));
    }

    @Test
    void failsOnAnyStatusButSwitchingProtocols() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> offering.validate(answer(404, "Not Found", b -> b)));
        assertEquals("server answered 404 Not Found", e.getMessage());
        assertEquals(404, e.status());
        fails(answer(200, "", b -> b), "server answered 200");
        fails(answer(426, "Please Upgrade", b -> b), "server answered 426 Please Upgrade");
    }

    @Test
    void failsWithoutUpgradeWebsocket() {
        fails(answer(b -> b.set("Upgrade", "h2c")), "response lacks Upgrade: websocket");
        fails(answer(b -> b.set("Upgrade", "websocket, h2c")), "response lacks Upgrade: websocket");
        fails(answer(b -> withoutField(b, "Upgrade")), "response lacks Upgrade: websocket");
        HandshakeException e = assertThrows(HandshakeException.class, () -> offering.validate(answer(b -> b.set("Upgrade", "x"))));
        assertEquals(0, e.status());
    }

    @Test
    void failsWithoutConnectionUpgrade() {
        fails(answer(b -> b.set("Connection", "keep-alive")), "response lacks Connection: Upgrade");
        fails(answer(b -> withoutField(b, "Connection")), "response lacks Connection: Upgrade");
    }

    @Test
    void failsOnAWrongOrMissingAccept() {
        fails(answer(b -> withoutField(b, "Sec-WebSocket-Accept")), "response lacks Sec-WebSocket-Accept");
        fails(answer(b -> b.set("Sec-WebSocket-Accept", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="))), "Sec-WebSocket-Accept mismatch");
        fails(answer(b -> b.set("Sec-WebSocket-Accept", AcceptKey.of(KEY).toLowerCase())), "Sec-WebSocket-Accept mismatch");
        fails(answer(b -> b.add("Sec-WebSocket-Accept", AcceptKey.of(KEY))), "Sec-WebSocket-Accept mismatch");
    }

    @Test
    void failsOnASubprotocolThatWasNotOffered() {
        fails(answer(b -> b.add("Sec-WebSocket-Protocol", "mqtt")), "server chose subprotocol 'mqtt', which was not offered");
        fails(answer(b -> b.add("Sec-WebSocket-Protocol", "Chat")), "server chose subprotocol 'Chat', which was not offered");
        fails(answer(b -> b.add("Sec-WebSocket-Protocol", "chat, superchat")),
                "server chose subprotocol 'chat, superchat', which was not offered");
        fails(answer(b -> b.add("Sec-WebSocket-Protocol", "chat").add("Sec-WebSocket-Protocol", "chat")),
                "server chose subprotocol 'chat, chat', which was not offered");
        HandshakeException none = assertThrows(HandshakeException.class, () -> builder("ws://h/").build()
                .validate(answer(b -> b.add("Sec-WebSocket-Protocol", "chat"))));
        assertEquals("server chose subprotocol 'chat', which was not offered", none.getMessage());
    }

    @Test
    void failsOnAnExtensionThatWasNotOffered() {
        fails(answer(b -> b.add("Sec-WebSocket-Extensions", "x-a, permessage-deflate")),
                "server accepted extension 'permessage-deflate', which was not offered");
        HandshakeException none = assertThrows(HandshakeException.class, () -> builder("ws://h/").build()
                .validate(answer(b -> b.add("Sec-WebSocket-Extensions", "x-a"))));
        assertEquals("server accepted extension 'x-a', which was not offered", none.getMessage());
        fails(answer(b -> b.add("Sec-WebSocket-Extensions", "x-a").add("Sec-WebSocket-Extensions", "x-a")),
                "server accepted extension 'x-a' twice");
        fails(answer(b -> b.add("Sec-WebSocket-Extensions", "x-a; bad")),
                "server's terms for extension 'x-a' are unacceptable: parameter bad is not supported");
        fails(answer(b -> b.add("Sec-WebSocket-Extensions", "x-a;")),
                "malformed Sec-WebSocket-Extensions: missing parameter name at 4 in 'x-a;'");
    }

    /** RFC 7692 §7.1: a permessage-deflate answer the client cannot accept fails the handshake, saying why. */
    @Test
    void failsOnDeflateTermsItCannotAccept() {
        ClientHandshake deflating = builder("ws://h/").extensions(List.of(new dev.weft.codec.extension.deflate.PerMessageDeflate(
                dev.weft.codec.extension.deflate.DeflateConfig.defaults().withMaxWindowBits(15, 10)))).build();
        assertTrue(request(deflating).contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n"),
                request(deflating));
        HandshakeException e = assertThrows(HandshakeException.class, () -> deflating.validate(
                answer(b -> b.add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits=12"))));
        assertEquals("server's terms for extension 'permessage-deflate' are unacceptable: "
                + "client_max_window_bits=12 is larger than the 10 offered", e.getMessage());
        e = assertThrows(HandshakeException.class, () -> deflating.validate(
                answer(b -> b.add("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=7"))));
        assertEquals("server's terms for extension 'permessage-deflate' are unacceptable: "
                + "server_max_window_bits must be from 8 to 15, got 7", e.getMessage());
        ClientHandshake.Result ok = deflating.validate(answer(b -> b.add("Sec-WebSocket-Extensions",
                "permessage-deflate; server_no_context_takeover; client_max_window_bits=9")));
        assertEquals("permessage-deflate", ok.extensions().get(0).name());
        ok.extensions().get(0).release();
    }

    private static HttpHeaders.Builder withoutField(HttpHeaders.Builder b, String name) {
        HttpHeaders.Builder out = HttpHeaders.builder();
        for (HttpHeaders.Field f : b.build()) {
            if (!f.hasName(name)) {
                out.add(f.name(), f.value());
            }
        }
        return out;
    }
}
