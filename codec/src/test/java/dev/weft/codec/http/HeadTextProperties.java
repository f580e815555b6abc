package dev.weft.codec.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The text of message heads as the handshake reads and writes it without building strings it does
 * not need: token lists (RFC 9110 §5.6.1) searched in place, the usual words of a head shared,
 * and heads (RFC 9112 §2.1, §4) written straight into bytes. Each is checked against the plain
 * way of doing the same.
 */
class HeadTextProperties {

    /** The plain reading of a token list: split on commas, trim, drop empty elements, compare ignoring case. */
    private static boolean referenceContains(String list, String token) {
        for (String element : list.split(",", -1)) {
            String t = element.strip();
            if (!t.isEmpty() && t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 3000)
    void tokenSearchAgreesWithSplittingTheList(@ForAll("lists") String list, @ForAll("tokens") String token) {
        HttpHeaders h = HttpHeaders.builder().add("X-List", list).build();
        assertEquals(referenceContains(Syntax.trimOws(list), token), h.containsToken("x-list", token),
                () -> "'" + list + "' contains '" + token + "'");
    }

    @Provide
    Arbitrary<String> lists() {
        return Arbitraries.of("a", "b", "ab", "Upgrade", "upgrade", "keep-alive", ",", " ", "\t", ", ", " ,")
                .list().ofMaxSize(6).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.of("a", "B", "ab", "upgrade", "UPGRADE", "keep-alive", "close");
    }

    @Test
    void usualWordsOfAHeadAreSharedAndOthersKeepTheirSpelling() {
        HttpRequest r = new HttpRequestParser().parse(ByteBuffer.wrap((
                "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nconnection: Upgrade\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertSame("GET", r.method());
        assertSame(HttpVersion.HTTP_1_1, r.version());
        HttpHeaders.Field upgrade = r.headers().fields().get(1);
        assertSame("Upgrade", upgrade.name());
        assertSame("websocket", upgrade.value());
        HttpHeaders.Field connection = r.headers().fields().get(2);
        assertEquals("connection", connection.name());
        assertNotSame("Connection", connection.name());
        assertSame("Upgrade", connection.value());
        assertEquals(List.of("Host", "Upgrade", "connection"),
                r.headers().fields().stream().map(HttpHeaders.Field::name).toList());
    }

    /** The plain way to write a response: text first, then its octets. */
    private static byte[] referenceEncoding(HttpResponse response) {
        StringBuilder out = new StringBuilder();
        out.append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
        for (HttpHeaders.Field f : response.headers()) {
            out.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        byte[] body = response.body();
        if (body != null && HttpStatus.permitsBody(response.status())
                && !response.headers().contains("Content-Length") && !response.headers().contains("Transfer-Encoding")) {
            out.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] head = out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + (body == null ? 0 : body.length)];
        System.arraycopy(head, 0, all, 0, head.length);
        if (body != null) {
            System.arraycopy(body, 0, all, head.length, body.length);
        }
        return all;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Property(tries = 500)
    void responsesAreWrittenAsTheirTextReads(@ForAll("responses") HttpResponse response) {
        assertArrayEquals(referenceEncoding(response), bytes(response.encode()));
    }

    @Provide
    Arbitrary<HttpResponse> responses() {
        Arbitrary<Integer> status = Arbitraries.of(101, 200, 204, 304, 400, 404, 426, 500, 599);
        Arbitrary<String> value = Arbitraries.strings().withChars("abc XYZ09;=,\t\u00e9").ofMaxLength(40);
        Arbitrary<HttpHeaders> headers = Arbitraries.of("Upgrade", "Content-Type", "X-Long-Header-Name", "Content-Length")
                .flatMap(name -> value.map(v -> new HttpHeaders.Field(name, name.equals("Content-Length") ? "0" : v)))
                .list().ofMaxSize(5)
                .map(fields -> {
                    HttpHeaders.Builder b = HttpHeaders.builder();
                    fields.forEach(f -> b.add(f.name(), f.value()));
                    return b.build();
                });
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
        return net.jqwik.api.Combinators.combine(status, headers, body).as((s, h, b) -> {
            boolean bodyAllowed = HttpStatus.permitsBody(s);
            byte[] fitting = b == null ? null : bodyAllowed ? b : new byte[0];
            return HttpResponse.of(s, h, fitting);
        });
    }

    @Property(tries = 300)
    void requestsAreWrittenAsTheParserReadsThem(@ForAll("responses") HttpResponse sample) {
        HttpRequest request = HttpRequest.of("GET", "/a?b=c", HttpVersion.HTTP_1_1,
                sample.headers().toBuilder().add("Host", "example.com").build());
        HttpRequest parsed = new HttpRequestParser().parse(request.encode());
        assertEquals(request, parsed);
    }
}
