package dev.weft.codec.http;

import static dev.weft.codec.http.Feeder.concat;
import static dev.weft.codec.http.Feeder.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Requests that RFC 9112 refuses, each with its status: syntax of the request line (§3) and of
 * field lines (§5, §5.2 obs-fold, §2.2 bare CR), body framing (§6.1, §6.3), Host (§3.2), limits
 * (RFC 9110 §15.5.15 414, RFC 6585 §5 431) and versions (RFC 9110 §15.6.6 505). Every input is fed
 * at every split point and must fail the same way each time.
 */
class HttpRequestRejectionTest {

    private static void rejects(int status, String message, byte[] input) {
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(), input);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    private static void rejects(int status, String message, String text) {
        rejects(status, message, crlf(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "GET  / HTTP/1.1|malformed request line",
        "'GET / HTTP/1.1 '|malformed request line",
        "' GET / HTTP/1.1'|malformed request line",
        "GET /|malformed request line",
        "GET / HTTP/1.1 extra|malformed request line",
        "GET\t/ HTTP/1.1|malformed request line",
        "G(T / HTTP/1.1|method is not a token",
        "GET / http/1.1|malformed HTTP version in request line",
        "GET / HTTP/1.10|malformed HTTP version in request line",
        "GET / HTTP/11|malformed HTTP version in request line",
    })
    void badRequestLines(String line, String message) {
        rejects(400, message, line + "\nHost: h\n\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "Host : h|whitespace between header name and colon",
        "Host\t: h|whitespace between header name and colon",
        "'X-A: 1\\n folded'|obsolete line folding in header block",
        "X-A: 1\\n\tfolded|obsolete line folding in header block",
        "no colon here|whitespace between header name and colon",
        "nocolon|header line without a colon",
        ": empty|empty header name",
        "X(A): 1|invalid character 0x28 in header name",
    })
    void badFieldLines(String field, String message) {
        rejects(400, message, "GET / HTTP/1.1\nHost: h\n" + field.replace("\\n", "\n") + "\n\n");
    }

    @Test
    void bareCrIsRefused() {
        rejects(400, "CR not followed by LF in message head",
                "GET / HTTP/1.1\r\nHost: h\rX-A: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        rejects(400, "CR not followed by LF in message head",
                "GET / HTTP/1.1\r\nHost: h\r\n\r\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void nulIsRefused() {
        rejects(400, "NUL byte in message head", concat(crlf("GET / HTTP/1.1\nHost: h"), new byte[] {0}, crlf("\n\n")));
        rejects(400, "NUL byte in message head", concat(crlf("GET /"), new byte[] {0}, crlf(" HTTP/1.1\n\n")));
    }

    @Test
    void controlCharactersInValuesAreRefused() {
        rejects(400, "control character 0x01 in value of header X-A", "GET / HTTP/1.1\nHost: h\nX-A: a\u0001b\n\n");
        rejects(400, "control character 0x7F in value of header X-A", "GET / HTTP/1.1\nHost: h\nX-A: a\u007Fb\n\n");
    }

    @Test
    void transferEncodingWithContentLengthIsRefused() {
        rejects(400, "both Transfer-Encoding and Content-Length",
                "POST / HTTP/1.1\nHost: h\nContent-Length: 5\nTransfer-Encoding: chunked\n\n");
    }

    @ParameterizedTest(name = "[{index}] Content-Length: {0}")
    @CsvSource(delimiter = '|', value = {
        "5\\nContent-Length: 6|conflicting Content-Length values",
        "5, 6|conflicting Content-Length values",
        "-1|invalid Content-Length '-1'",
        "0x10|invalid Content-Length '0x10'",
        "+5|invalid Content-Length '+5'",
        "1 2|invalid Content-Length '1 2'",
        "5,|invalid Content-Length ''",
        "9999999999999999999|invalid Content-Length '9999999999999999999'",
    })
    void badContentLengthIsRefused(String value, String message) {
        rejects(400, message, "POST / HTTP/1.1\nHost: h\nContent-Length: " + value.replace("\\n", "\n") + "\n\n");
    }

    @Test
    void emptyContentLengthIsRefused() {
        rejects(400, "invalid Content-Length ''", "POST / HTTP/1.1\nHost: h\nContent-Length:\n\n");
    }

    @Test
    void transferCodingsOtherThanChunkedAreRefused() {
        rejects(400, "chunked is not the final transfer coding", "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: gzip\n\n");
        rejects(400, "chunked is not the final transfer coding", "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked, gzip\n\n");
        rejects(400, "chunked transfer coding applied twice", "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\nTransfer-Encoding: chunked\n\n");
        rejects(501, "transfer coding 'gzip' is not supported", "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: gzip, chunked\n\n");
        rejects(400, "Transfer-Encoding in an HTTP/1.0 request", "POST / HTTP/1.0\nTransfer-Encoding: chunked\n\n");
    }

    @Test
    void hostRules() {
        rejects(400, "HTTP/1.1 request without Host (RFC 9112 §3.2)", "GET / HTTP/1.1\nUpgrade: websocket\n\n");
        rejects(400, "more than one Host header (RFC 9112 §3.2)", "GET / HTTP/1.1\nHost: a\nhost: b\n\n");
        rejects(400, "more than one Host header (RFC 9112 §3.2)", "GET / HTTP/1.0\nHost: a\nHost: a\n\n");
    }

    @Test
    void longRequestLineGets414() {
        HttpLimits limits = new HttpLimits(16, 1024, 10);
        // 17 bytes: one over, refused before the line ends.
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(limits), crlf("GET /abc HTTP/1.1"));
        assertEquals(414, e.status());
        assertEquals("request line longer than 16 bytes", e.getMessage());
        HttpException defaults = Feeder.rejectEverySplit(Feeder.requests(),
                crlf("GET /" + "a".repeat(8200) + " HTTP/1.1\nHost: h\n\n"));
        assertEquals(414, defaults.status());
    }

    @Test
    void largeHeaderBlockGets431() {
        HttpLimits limits = new HttpLimits(64, 24, 10);
        // Block: 16 + 6 + 2 = 24 fits (see HttpRequestParserTest); one more byte does not.
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(limits), crlf("GET / HTTP/1.0\nA: 123456789012\nB: 1\n\n"));
        assertEquals(431, e.status());
        assertEquals("header block longer than 24 bytes", e.getMessage());
        // Refused as the bytes arrive, without waiting for the line to end.
        HttpException early = Feeder.rejectEverySplit(Feeder.requests(limits), crlf("GET / HTTP/1.0\nA: " + "x".repeat(40)));
        assertEquals(431, early.status());
        HttpException defaults = Feeder.rejectEverySplit(Feeder.requests(),
                crlf("GET / HTTP/1.1\nHost: h\nCookie: " + "c".repeat(16400) + "\n\n"));
        assertEquals(431, defaults.status());
    }

    @Test
    void tooManyHeadersGets431() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\nHost: h\n");
        for (int i = 0; i < 100; i++) {
            head.append("X-").append(i).append(": ").append(i).append('\n');
        }
        rejects(431, "more than 100 header fields", head.append('\n').toString());
    }

    @Test
    void endlessEmptyLinesAreRefused() {
        HttpLimits limits = new HttpLimits(16, 1024, 10);
        HttpException e = Feeder.rejectEverySplit(Feeder.requests(limits), crlf("\n".repeat(9)));
        assertEquals(400, e.status());
        assertEquals("too many empty lines before the request line", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"HTTP/2.0", "HTTP/3.0", "HTTP/0.9"})
    void otherMajorVersionsGet505(String version) {
        rejects(505, version + " is not supported", "GET / " + version + "\nHost: h\n\n");
    }

    @Test
    void theHttp2PrefaceGets505() {
        rejects(505, "HTTP/2.0 is not supported", "PRI * HTTP/2.0\n\nSM\n\n");
    }
}
