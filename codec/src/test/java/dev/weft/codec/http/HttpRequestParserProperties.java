package dev.weft.codec.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 9112 §2–§5 as properties: for any well-formed request head, however the input is cut, the
 * parser returns the same request and leaves the same trailing bytes; and what
 * {@link HttpRequest#encode()} writes parses back to the same request.
 */
class HttpRequestParserProperties {

    @Property(tries = 500)
    void parsingDoesNotDependOnSplits(@ForAll("requests") HttpRequest request,
                                      @ForAll @Size(max = 16) byte[] trailing,
                                      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 100_000) Integer> cuts) {
        byte[] head = bytes(request.encode());
        byte[] input = Feeder.concat(head, trailing);

        Feeder.Parsed<HttpRequest> whole = Feeder.feed(new HttpRequestParser()::parse, List.of(ByteBuffer.wrap(input.clone())));
        assertEquals(request, whole.value());
        assertArrayEquals(trailing, whole.rest());

        TreeSet<Integer> points = new TreeSet<>();
        for (int c : cuts) {
            points.add(1 + c % (input.length - 1));
        }
        int[] at = points.stream().mapToInt(Integer::intValue).toArray();
        Feeder.Parsed<HttpRequest> split = Feeder.feed(new HttpRequestParser()::parse, Feeder.at(input, at));
        assertEquals(whole.value(), split.value());
        assertArrayEquals(trailing, split.rest());
    }

    @Provide
    Arbitrary<HttpRequest> requests() {
        Arbitrary<String> method = Arbitraries.oneOf(
                Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ-_!").ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcxyzABC019-._~!$&'()*+,;=:@").ofMaxLength(8),
                Arbitraries.of("%20", "%2F", "%2f", "%25", "%C3%A9", "%E2%98%83", "%41", "%7E"));
        Arbitrary<String> path = segment.list().ofMaxSize(5).map(s -> "/" + String.join("/", s));
        Arbitrary<String> query = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().withChars("abc123=&%/?:@").ofMaxLength(12).map(q -> "?" + q));
        Arbitrary<String> target = Combinators.combine(path, query).as(String::concat);
        Arbitrary<HttpHeaders> headers = field().list().ofMaxSize(8).map(fields -> {
            HttpHeaders.Builder b = HttpHeaders.builder().add("Host", "example.com");
            fields.forEach(f -> b.add(f.name(), f.value()));
            return b.build();
        });
        Arbitrary<HttpVersion> version = Arbitraries.of(HttpVersion.HTTP_1_1, new HttpVersion(1, 0), new HttpVersion(1, 7));
        return Combinators.combine(method, target, version, headers).as(HttpRequest::of);
    }

    private Arbitrary<HttpHeaders.Field> field() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefXYZ0123456789-_.!#$%&'*+^`|~")
                .ofMinLength(1).ofMaxLength(10).map(n -> "X-" + n);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\u00E9', '\u00FF')
                .ofMaxLength(30);
        // The builder strips whitespace around a value, just as the parser does.
        return Combinators.combine(name, value).as(HttpHeaders.Field::new);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
