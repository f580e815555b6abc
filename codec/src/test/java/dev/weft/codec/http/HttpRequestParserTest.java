package dev.weft.codec.http;

import static dev.weft.codec.http.Feeder.concat;
import static dev.weft.codec.http.Feeder.crlf;
import static dev.weft.codec.http.Feeder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests that RFC 9112 §2–§5 accepts: request line, header fields, line endings, persistence
 * (§9.3), and the bytes after the head, which a parser must leave alone (RFC 6455 §4.1: after the
 * handshake, frames may follow at once). Every input is fed at every split point.
 */
class HttpRequestParserTest {

    /** The client handshake of RFC 6455 §1.2. */
    static final byte[] RFC6455_REQUEST = crlf("""
            GET /chat HTTP/1.1
            Host: server.example.com
            Upgrade: websocket
            Connection: Upgrade
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
            Origin: http://example.com
            Sec-WebSocket-Protocol: chat, superchat
            Sec-WebSocket-Version: 13

            """);

    /** A masked text frame "Hello", RFC 6455 §5.7. */
    static final byte[] MASKED_HELLO = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");

    static HttpRequest parse(byte[] input, byte[] expectedRest) {
        return Feeder.parseEverySplit(() -> {
            HttpRequestParser parser = new HttpRequestParser();
            return parser::parse;
        }, input, expectedRest);
    }

    static HttpRequest parse(String text) {
        return parse(crlf(text), new byte[0]);
    }

    @Test
    void parsesTheRfc6455SampleHandshake() {
        HttpRequest r = parse(RFC6455_REQUEST, new byte[0]);
        assertEquals("GET", r.method());
        assertEquals("/chat", r.target());
        assertEquals("/chat", r.path());
        assertNull(r.query());
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals(7, r.headers().size());
        assertEquals("server.example.com", r.headers().first("Host"));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", r.headers().first("Sec-WebSocket-Key"));
        assertEquals(List.of("chat", "superchat"), r.headers().tokens("Sec-WebSocket-Protocol"));
        assertTrue(r.wantsUpgrade("websocket"));
        assertTrue(r.keepAlive());
        assertEquals(-1, r.contentLength());
        assertFalse(r.chunked());
    }

    @Test
    void leavesAFrameAfterTheHeadInTheBuffer() {
        HttpRequest r = parse(concat(RFC6455_REQUEST, MASKED_HELLO), MASKED_HELLO);
        assertEquals("/chat", r.path());
    }

    @Test
    void stopsExactlyAfterTheEmptyLine() {
        ByteBuffer in = ByteBuffer.wrap(concat(RFC6455_REQUEST, MASKED_HELLO));
        assertNotNull(new HttpRequestParser().parse(in));
        assertEquals(RFC6455_REQUEST.length, in.position());
        assertEquals(MASKED_HELLO.length, in.remaining());
    }

    @Test
    void namesAreCaseInsensitiveAndKeepTheirSpelling() {
        HttpRequest r = parse("""
                GET / HTTP/1.1
                hOsT: example.com
                UPGRADE: WebSocket
                connection: keep-alive, UPGRADE

                """);
        assertEquals("example.com", r.headers().first("Host"));
        assertEquals("hOsT", r.headers().fields().get(0).name());
        assertTrue(r.wantsUpgrade("websocket"));
        assertTrue(r.headers().containsToken("Connection", "upgrade"));
        assertTrue(r.headers().containsToken("connection", "Keep-Alive"));
    }

    @Test
    void readsRepeatedFieldsAsOneList() {
        HttpRequest r = parse("""
                GET / HTTP/1.1
                Host: h
                Sec-WebSocket-Protocol: a, ,b
                Sec-WebSocket-Protocol:c ,
                Sec-WebSocket-Protocol:

                """);
        assertEquals(List.of("a, ,b", "c ,", ""), r.headers().all("Sec-WebSocket-Protocol"));
        assertEquals(List.of("a", "b", "c"), r.headers().tokens("Sec-WebSocket-Protocol"));
    }

    @Test
    void stripsWhitespaceAroundValuesButKeepsItInside() {
        HttpRequest r = parse("GET / HTTP/1.1\nHost: h\nX-A: \t  one  two \t\n\n");
        assertEquals("one  two", r.headers().first("X-A"));
    }

    @Test
    void keepsObsTextInValues() {
        byte[] input = concat(crlf("GET / HTTP/1.1\nHost: h\nX-A: caf"), new byte[] {(byte) 0xE9}, crlf("\n\n"));
        HttpRequest r = parse(input, new byte[0]);
        assertEquals("caf\u00E9", r.headers().first("X-A"));
    }

    @Test
    void acceptsBareLfLineEndings() {
        byte[] input = "GET /x HTTP/1.1\nHost: h\r\nUpgrade: websocket\n\n".getBytes(StandardCharsets.US_ASCII);
        HttpRequest r = parse(input, new byte[0]);
        assertEquals("websocket", r.headers().first("upgrade"));
    }

    @Test
    void skipsEmptyLinesBeforeTheRequestLine() {
        HttpRequest r = parse(concat(crlf("\n\n"), "\n".getBytes(StandardCharsets.US_ASCII), crlf("GET / HTTP/1.1\nHost: h\n\n")),
                new byte[0]);
        assertEquals("/", r.path());
    }

    @Test
    void keepAliveFollowsVersionAndConnection() {
        assertTrue(parse("GET / HTTP/1.1\nHost: h\n\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\nHost: h\nConnection: Close\n\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\nHost: h\nConnection: upgrade, close\n\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\n\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\nConnection: Keep-Alive\n\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\nConnection: keep-alive, close\n\n").keepAlive());
    }

    @Test
    void http10NeedsNoHost() {
        HttpRequest r = parse("GET / HTTP/1.0\n\n");
        assertEquals(HttpVersion.HTTP_1_0, r.version());
        assertFalse(r.headers().contains("Host"));
    }

    @Test
    void acceptsLaterMinorVersions() {
        assertEquals(new HttpVersion(1, 9), parse("GET / HTTP/1.9\nHost: h\n\n").version());
    }

    @Test
    void readsBodyFraming() {
        HttpRequest cl = parse("POST /up HTTP/1.1\nHost: h\nContent-Length: 42\nContent-Length: 42, 42\n\n");
        assertEquals(42, cl.contentLength());
        assertFalse(cl.chunked());
        HttpRequest te = parse("POST /up HTTP/1.1\nHost: h\nTransfer-Encoding: Chunked\n\n");
        assertEquals(-1, te.contentLength());
        assertTrue(te.chunked());
    }

    @Test
    void upgradeNeedsBothFields() {
        assertFalse(parse("GET / HTTP/1.1\nHost: h\nUpgrade: websocket\n\n").wantsUpgrade("websocket"));
        assertFalse(parse("GET / HTTP/1.1\nHost: h\nConnection: upgrade\n\n").wantsUpgrade("websocket"));
        assertFalse(parse("GET / HTTP/1.1\nHost: h\nConnection: upgrade\nUpgrade: h2c\n\n").wantsUpgrade("websocket"));
        assertTrue(parse("GET / HTTP/1.1\nHost: h\nConnection: upgrade\nUpgrade: h2c, WEBSOCKET\n\n").wantsUpgrade("websocket"));
    }

    @Test
    void parsesPipelinedRequestsWithOneParser() {
        byte[] first = crlf("GET /one HTTP/1.1\nHost: h\n\n");
        byte[] second = crlf("\nGET /two?x HTTP/1.1\nHost: h\n\n");
        byte[] both = concat(first, second);
        for (List<ByteBuffer> chunks : Feeder.splits(both)) {
            HttpRequestParser parser = new HttpRequestParser();
            Feeder.Parsed<HttpRequest> one = Feeder.feed(parser::parse, chunks);
            assertEquals("/one", one.value().path());
            assertArrayEquals(second, one.rest());
            // The parser reset itself; the rest is the next request.
            Feeder.Parsed<HttpRequest> two = Feeder.feed(parser::parse, List.of(ByteBuffer.wrap(one.rest())));
            assertEquals("/two", two.value().path());
            assertEquals("x", two.value().query());
            assertEquals(0, two.rest().length);
        }
    }

    @Test
    void acceptsHeadsExactlyAtTheLimits() {
        HttpLimits limits = new HttpLimits(16, 24, 2);
        // "GET /abcdefg HTTP/1.1" is 21 bytes: over 16. "GET /ab HTTP/1.0" is exactly 16.
        byte[] input = crlf("GET /ab HTTP/1.0\nA: 1234567\nB: 1\n\n"); // block: 12 + 6 + 2 = 20 bytes
        HttpRequest r = Feeder.parseEverySplit(() -> {
            HttpRequestParser parser = new HttpRequestParser(limits);
            return parser::parse;
        }, input, new byte[0]);
        assertEquals(2, r.headers().size());
        byte[] full = crlf("GET /ab HTTP/1.0\nA: 12345678901\nB: 1\n\n"); // block: 16 + 6 + 2 = 24 bytes
        assertEquals(2, Feeder.parseEverySplit(() -> {
            HttpRequestParser parser = new HttpRequestParser(limits);
            return parser::parse;
        }, full, new byte[0]).headers().size());
    }

    @Test
    void aFailedParserRefusesFurtherInputUntilReset() {
        HttpRequestParser parser = new HttpRequestParser();
        assertThrows(HttpException.class, () -> parser.parse(ByteBuffer.wrap(crlf("GET  / HTTP/1.1\n"))));
        assertTrue(parser.isFailed());
        assertThrows(IllegalStateException.class, () -> parser.parse(ByteBuffer.wrap(RFC6455_REQUEST)));
        parser.reset();
        assertFalse(parser.isFailed());
        assertEquals("/chat", parser.parse(ByteBuffer.wrap(RFC6455_REQUEST)).path());
    }

    @Test
    void encodeWritesWhatTheParserReads() {
        HttpRequest r = parse(RFC6455_REQUEST, new byte[0]);
        ByteBuffer encoded = r.encode();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        assertArrayEquals(RFC6455_REQUEST, bytes);
    }
}
