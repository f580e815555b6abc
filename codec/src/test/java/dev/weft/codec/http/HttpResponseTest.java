package dev.weft.codec.http;

import static dev.weft.codec.http.Feeder.crlf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Writing responses (RFC 9112 §4 status line, §5 fields, §6.3 Content-Length), checked byte for
 * byte, including the 101 of RFC 6455 §1.3.
 */
class HttpResponseTest {

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void writesTheRfc6455SampleResponse() {
        HttpHeaders h = HttpHeaders.builder()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                .add("Sec-WebSocket-Protocol", "chat")
                .build();
        HttpResponse r = HttpResponse.of(101, h, new byte[0]);
        byte[] expected = crlf("""
                HTTP/1.1 101 Switching Protocols
                Upgrade: websocket
                Connection: Upgrade
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
                Sec-WebSocket-Protocol: chat

                """);
        assertArrayEquals(expected, bytes(r.encode()), "no Content-Length on a 101");
        assertArrayEquals(expected, bytes(r.encodeHead()));
    }

    @Test
    void writesA200WithItsLength() {
        HttpResponse r = HttpResponse.text(200, "text/plain; charset=utf-8", "h\u00E9llo\n");
        assertArrayEquals(Feeder.concat(crlf("""
                HTTP/1.1 200 OK
                Content-Type: text/plain; charset=utf-8
                Content-Length: 7

                """), new byte[] {'h', (byte) 0xC3, (byte) 0xA9, 'l', 'l', 'o', '\n'}), bytes(r.encode()));
        assertArrayEquals(crlf("HTTP/1.1 200 OK\nContent-Type: text/plain; charset=utf-8\n\n"), bytes(r.encodeHead()));
    }

    @Test
    void keepsTheCallersFraming() {
        HttpHeaders h = HttpHeaders.builder().add("Transfer-Encoding", "chunked").build();
        assertArrayEquals(crlf("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n0\n\n"),
                bytes(HttpResponse.of(200, h, crlf("0\n\n")).encode()));
        HttpHeaders cl = HttpHeaders.builder().add("content-length", "2").build();
        assertArrayEquals(crlf("HTTP/1.1 200 OK\ncontent-length: 2\n\nhi"), bytes(HttpResponse.of(200, cl, "hi".getBytes()).encode()));
    }

    @Test
    void streamedBodyWritesOnlyTheHead() {
        HttpResponse r = HttpResponse.of(200, HttpHeaders.empty(), null);
        assertNull(r.body());
        assertArrayEquals(crlf("HTTP/1.1 200 OK\n\n"), bytes(r.encode()));
    }

    @Test
    void emptyBodyGetsLengthZeroExceptWhereNoneIsAllowed() {
        assertArrayEquals(crlf("HTTP/1.1 200 OK\nContent-Length: 0\n\n"), bytes(HttpResponse.of(200, HttpHeaders.empty(), new byte[0]).encode()));
        assertArrayEquals(crlf("HTTP/1.1 204 No Content\n\n"), bytes(HttpResponse.of(204, HttpHeaders.empty(), new byte[0]).encode()));
        assertArrayEquals(crlf("HTTP/1.1 304 Not Modified\n\n"), bytes(HttpResponse.of(304, HttpHeaders.empty(), new byte[0]).encode()));
    }

    @Test
    void unknownStatusHasAnEmptyReason() {
        assertArrayEquals(crlf("HTTP/1.1 599 \nContent-Length: 0\n\n"), bytes(HttpResponse.of(599, HttpHeaders.empty(), new byte[0]).encode()));
        assertEquals("Request Header Fields Too Large", HttpStatus.reasonPhrase(431));
    }

    @Test
    void refusesWhatCannotBeWritten() {
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(99, HttpHeaders.empty(), null));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(600, HttpHeaders.empty(), null));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(204, HttpHeaders.empty(), new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.of(101, HttpHeaders.empty(), new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new HttpResponse(200, "OK\r\nX: 1", HttpHeaders.empty(), null));
    }

    @Test
    void isImmutableAndComparesBodiesByContent() {
        byte[] body = {1, 2, 3};
        HttpResponse r = HttpResponse.of(200, HttpHeaders.empty(), body);
        body[0] = 9;
        r.body()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, r.body());
        assertEquals(HttpResponse.of(200, HttpHeaders.empty(), new byte[] {1, 2, 3}), r);
    }
}
