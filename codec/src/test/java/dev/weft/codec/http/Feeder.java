package dev.weft.codec.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds a parser its input cut in every way a test cares about: whole, one byte at a time, and
 * in two at every index. Public so the handshake tests can use it too.
 */
public final class Feeder {
    private Feeder() {
    }

    /** What a parser returned, and the bytes it left unconsumed, in order. */
    public record Parsed<T>(T value, byte[] rest) {
    }

    /** Text with {@code \n} meaning CRLF, as ISO-8859-1 bytes. */
    public static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    /** The input whole, one byte at a time, and cut in two at every index. */
    public static List<List<ByteBuffer>> splits(byte[] input) {
        List<List<ByteBuffer>> splits = new ArrayList<>();
        splits.add(at(input));
        List<ByteBuffer> bytewise = new ArrayList<>();
        for (byte b : input) {
            bytewise.add(ByteBuffer.wrap(new byte[] {b}));
        }
        splits.add(bytewise);
        for (int cut = 1; cut < input.length; cut++) {
            splits.add(at(input, cut));
        }
        return splits;
    }

    /** Cuts at the given ascending indices; each chunk is a fresh copy. */
    public static List<ByteBuffer> at(byte[] input, int... cuts) {
        List<ByteBuffer> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(input, from, cut)));
            from = cut;
        }
        chunks.add(ByteBuffer.wrap(Arrays.copyOfRange(input, from, input.length)));
        return chunks;
    }

    /**
     * Feeds chunks in order until the parser returns something. A {@code null} return must have
     * consumed its whole chunk. The rest is what remains of the chunk in hand plus later chunks.
     */
    public static <T> Parsed<T> feed(Function<ByteBuffer, T> parser, List<ByteBuffer> chunks) {
        for (int i = 0; i < chunks.size(); i++) {
            ByteBuffer chunk = chunks.get(i);
            T value = parser.apply(chunk);
            if (value != null) {
                ByteBuffer rest = ByteBuffer.allocate(chunk.remaining()
                        + chunks.subList(i + 1, chunks.size()).stream().mapToInt(ByteBuffer::remaining).sum());
                rest.put(chunk);
                chunks.subList(i + 1, chunks.size()).forEach(c -> rest.put(c.duplicate()));
                return new Parsed<>(value, rest.array());
            }
            assertEquals(0, chunk.remaining(), "a null return must consume all input");
        }
        return new Parsed<>(null, new byte[0]);
    }

    /**
     * Parses at every split point with a fresh parser each time, checks that each gives the same
     * value and leaves {@code expectedRest}, and returns the value.
     */
    public static <T> T parseEverySplit(Supplier<Function<ByteBuffer, T>> newParser, byte[] input, byte[] expectedRest) {
        T first = null;
        for (List<ByteBuffer> chunks : splits(input)) {
            Parsed<T> parsed = feed(newParser.get(), chunks);
            assertNotNull(parsed.value(), "no result for a complete head");
            if (first == null) {
                first = parsed.value();
            }
            assertEquals(first, parsed.value());
            assertArrayEquals(expectedRest, parsed.rest(), "bytes left after the head");
        }
        return first;
    }

    /**
     * Parses at every split point with a fresh parser each time, checks that each throws an
     * {@link HttpException} with the same status and message, and returns one of them.
     */
    public static HttpException rejectEverySplit(Supplier<Function<ByteBuffer, ?>> newParser, byte[] input) {
        HttpException first = null;
        for (List<ByteBuffer> chunks : splits(input)) {
            HttpException e = assertThrows(HttpException.class, () -> feed(newParser.get(), chunks));
            if (first == null) {
                first = e;
            }
            assertEquals(first.status(), e.status());
            assertEquals(first.getMessage(), e.getMessage());
        }
        return first;
    }

    public static Supplier<Function<ByteBuffer, ?>> requests() {
        return () -> new HttpRequestParser()::parse;
    }

    public static Supplier<Function<ByteBuffer, ?>> requests(HttpLimits limits) {
        return () -> new HttpRequestParser(limits)::parse;
    }
}
