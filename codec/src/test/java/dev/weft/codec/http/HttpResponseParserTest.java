package dev.weft.codec.http;

import static dev.weft.codec.http.Feeder.concat;
import static dev.weft.codec.http.Feeder.crlf;
import static dev.weft.codec.http.Feeder.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading a response head on the client (RFC 9112 §4 status line, §5 fields), with the server's
 * first frames right behind it (RFC 6455 §4.2.2: the server may send data at once). Every input
 * is fed at every split point.
 */
class HttpResponseParserTest {

    /** The server handshake of RFC 6455 §1.3. */
    static final byte[] RFC6455_RESPONSE = crlf("""
            HTTP/1.1 101 Switching Protocols
            Upgrade: websocket
            Connection: Upgrade
            Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
            Sec-WebSocket-Protocol: chat

            """);

    /** An unmasked text frame "Hello", RFC 6455 §5.7. */
    static final byte[] HELLO = hex("81 05 48 65 6c 6c 6f");

    private static HttpResponseHead parse(byte[] input, byte[] rest) {
        return Feeder.parseEverySplit(() -> {
            HttpResponseParser parser = new HttpResponseParser();
            return parser::parse;
        }, input, rest);
    }

    private static HttpException rejects(byte[] input) {
        HttpException e = Feeder.rejectEverySplit(() -> new HttpResponseParser()::parse, input);
        assertEquals(502, e.status());
        return e;
    }

    @Test
    void parsesTheRfc6455SampleResponseAndLeavesTheFrame() {
        HttpResponseHead head = parse(concat(RFC6455_RESPONSE, HELLO), HELLO);
        assertEquals(HttpVersion.HTTP_1_1, head.version());
        assertEquals(101, head.status());
        assertEquals("Switching Protocols", head.reason());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", head.headers().first("sec-websocket-accept"));
        assertEquals(4, head.headers().size());
    }

    @Test
    void readsStatusLinesWithOddReasons() {
        assertEquals("", parse(crlf("HTTP/1.1 101\n\n"), new byte[0]).reason());
        assertEquals("", parse(crlf("HTTP/1.1 404 \n\n"), new byte[0]).reason());
        assertEquals("Not  Found  Here", parse(crlf("HTTP/1.0 404 Not  Found  Here\n\n"), new byte[0]).reason());
    }

    @Test
    void parsesConsecutiveResponsesWithOneParser() {
        HttpResponseParser parser = new HttpResponseParser();
        ByteBuffer in = ByteBuffer.wrap(concat(crlf("HTTP/1.1 100 Continue\n\n"), RFC6455_RESPONSE, HELLO));
        assertEquals(100, parser.parse(in).status());
        assertEquals(101, parser.parse(in).status());
        assertEquals(HELLO.length, in.remaining());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 20 OK|malformed status line 'HTTP/1.1 20 OK'",
        "HTTP/1.1 2000 OK|malformed status line 'HTTP/1.1 2000 OK'",
        "HTTP/1.1  101 Switching|malformed status line 'HTTP/1.1  101 Switching'",
        "HTTP/1.1 099 Low|malformed status line 'HTTP/1.1 099 Low'",
        "HTTP/1.1 600 High|malformed status line 'HTTP/1.1 600 High'",
        "HTTP/1 101 Switching|malformed status line 'HTTP/1 101 Switching'",
        "SSH-2.0-OpenSSH_9.6|malformed status line 'SSH-2.0-OpenSSH_9.6'",
        "HTTP/2.0 101 Switching|server answered with unsupported HTTP/2.0",
    })
    void refusesBadStatusLines(String line, String message) {
        assertEquals(message, rejects(crlf(line + "\n\n")).getMessage());
    }

    @Test
    void refusesBadFields() {
        assertEquals("whitespace between header name and colon",
                rejects(crlf("HTTP/1.1 101 Switching Protocols\nUpgrade : websocket\n\n")).getMessage());
        assertEquals("obsolete line folding in header block",
                rejects(crlf("HTTP/1.1 101 Switching Protocols\nUpgrade: a\n b\n\n")).getMessage());
        assertEquals("CR not followed by LF in message head",
                rejects("HTTP/1.1 101 Switching Protocols\rUpgrade: websocket\r\n\r\n".getBytes()).getMessage());
    }

    @Test
    void enforcesTheLimits() {
        HttpLimits limits = new HttpLimits(20, 32, 2);
        HttpException line = Feeder.rejectEverySplit(() -> new HttpResponseParser(limits)::parse,
                crlf("HTTP/1.1 101 Switching Protocols\n\n"));
        assertEquals("status line longer than 20 bytes", line.getMessage());
        HttpException block = Feeder.rejectEverySplit(() -> new HttpResponseParser(limits)::parse,
                crlf("HTTP/1.1 101 OK\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n\n"));
        assertEquals("header block longer than 32 bytes", block.getMessage());
        HttpException count = Feeder.rejectEverySplit(() -> new HttpResponseParser(limits)::parse,
                crlf("HTTP/1.1 101 OK\nA: 1\nB: 2\nC: 3\n\n"));
        assertEquals("more than 2 header fields", count.getMessage());
        assertEquals(502, count.status());
    }
}
