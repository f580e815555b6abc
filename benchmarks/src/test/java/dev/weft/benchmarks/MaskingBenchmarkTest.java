package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.frame.Masker;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 §5.3: every masking subject of {@link MaskingBenchmark}, run exactly as the benchmark
 * runs it, must leave the same bytes as the byte-by-byte reference, and touch nothing outside the
 * payload; the copying ones must leave the source alone and mask the copy (Netty's behind a frame
 * header, with its own key). A benchmark of a subject that computes something else would compare
 * nothing.
 */
class MaskingBenchmarkTest {

    /** The benchmark's own sizes, plus lengths around the 8-byte and vector steps. */
    private static final int[] SIZES = {1, 7, 8, 9, 16, 31, 63, 64, 65, 125, 1024, 65536, 65536 + 77};

    static Stream<Arguments> cases() {
        return Stream.of("weft", "weftVector", "xorBaseline", "bytewise").flatMap(subject ->
                Arrays.stream(SIZES).boxed().flatMap(size ->
                        Stream.of(0, 3).flatMap(offset ->
                                Stream.of("heap", "direct").map(memory ->
                                        Arguments.of(subject, size, offset, memory)))));
    }

    @ParameterizedTest(name = "{0} {1} B at {2}, {3}")
    @MethodSource("cases")
    void masksLikeTheReference(String subject, int size, int offset, String memory) {
        MaskingBenchmark benchmark = benchmark(size, offset, memory);
        try {
            byte[] before = contents(benchmark.buffer());
            byte[] expected = before.clone();
            maskByTheLetterOfTheRfc(expected, offset, offset + size, MaskingBenchmark.KEY);

            run(subject).accept(benchmark);

            assertArrayEquals(expected, contents(benchmark.buffer()));
            // Twice unmasks: the benchmark relies on it to run the same call over and over.
            run(subject).accept(benchmark);
            assertArrayEquals(before, contents(benchmark.buffer()));
        } finally {
            benchmark.tearDown();
        }
    }

    static Stream<Arguments> copyCases() {
        return Stream.of(16, 125, 65536).flatMap(size ->
                Stream.of(0, 3).flatMap(offset ->
                        Stream.of("heap", "direct").map(memory -> Arguments.of(size, offset, memory))));
    }

    @ParameterizedTest(name = "{0} B at {1}, {2}")
    @MethodSource("copyCases")
    void theBaselineCopiesThePayload(int size, int offset, String memory) {
        MaskingBenchmark benchmark = benchmark(size, offset, memory);
        try {
            benchmark.arraycopy();

            byte[] source = contents(benchmark.buffer());
            byte[] copy = contents(benchmark.copyTarget());
            assertArrayEquals(Arrays.copyOfRange(source, offset, offset + size),
                    Arrays.copyOfRange(copy, offset, offset + size));
        } finally {
            benchmark.tearDown();
        }
    }

    @ParameterizedTest(name = "{0} B at {1}, {2}")
    @MethodSource("copyCases")
    void weftsCopyingMaskLeavesTheSourceAndMasksTheCopy(int size, int offset, String memory) {
        MaskingBenchmark benchmark = benchmark(size, offset, memory);
        try {
            byte[] before = contents(benchmark.buffer());
            benchmark.weftCopying();

            assertArrayEquals(before, contents(benchmark.buffer()), "the source is left as it was");
            byte[] expected = Arrays.copyOfRange(before, offset, offset + size);
            maskByTheLetterOfTheRfc(expected, 0, size, MaskingBenchmark.KEY);
            assertArrayEquals(expected, Arrays.copyOfRange(contents(benchmark.copyTarget()), offset, offset + size));
        } finally {
            benchmark.tearDown();
        }
    }

    @ParameterizedTest(name = "{0} B at {1}, {2}")
    @MethodSource("copyCases")
    void nettyWritesTheSamePayloadMaskedBehindAHeader(int size, int offset, String memory) throws Exception {
        RecordingSink sink = new RecordingSink();
        MaskingBenchmark benchmark = benchmark(size, offset, memory, sink);
        try {
            byte[] before = contents(benchmark.buffer());
            benchmark.netty();
            benchmark.netty();

            assertArrayEquals(before, contents(benchmark.buffer()), "the source is left as it was");
            byte[] payload = Arrays.copyOfRange(before, offset, offset + size);
            assertEquals(2, sink.bytes.size(), "one buffer per frame");
            for (byte[] frame : sink.bytes) {
                assertArrayEquals(payload, unmaskFrame(frame));
            }
        } finally {
            benchmark.tearDown();
        }
    }

    /** Reads one masked binary frame (§5.2) and returns its payload, unmasked by the letter of §5.3. */
    private static byte[] unmaskFrame(byte[] frame) {
        assertEquals((byte) 0x82, frame[0], "a final binary frame");
        assertTrue((frame[1] & 0x80) != 0, "masked");
        int length7 = frame[1] & 0x7F;
        int at = 2;
        long length = length7;
        if (length7 == 126) {
            length = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
            at = 4;
        } else if (length7 == 127) {
            length = ByteBuffer.wrap(frame, 2, 8).getLong();
            at = 10;
        }
        int key = ByteBuffer.wrap(frame, at, 4).getInt();
        at += 4;
        assertEquals(length, frame.length - at, "the payload follows the header");
        byte[] payload = Arrays.copyOfRange(frame, at, frame.length);
        maskByTheLetterOfTheRfc(payload, 0, payload.length, key);
        return payload;
    }

    /** The benchmark's setup for one point, as JMH would do it. */
    private static MaskingBenchmark benchmark(int size, int offset, String memory) {
        return benchmark(size, offset, memory, new RecordingSink());
    }

    private static MaskingBenchmark benchmark(int size, int offset, String memory, Sink sink) {
        MaskingBenchmark benchmark = new MaskingBenchmark();
        benchmark.size = size;
        benchmark.offset = offset;
        benchmark.memory = memory;
        benchmark.setUp(sink);
        return benchmark;
    }

    private static Consumer<MaskingBenchmark> run(String subject) {
        return switch (subject) {
            case "weft" -> MaskingBenchmark::weft;
            case "weftVector" -> MaskingBenchmark::weftVector;
            case "xorBaseline" -> MaskingBenchmark::xorBaseline;
            case "bytewise" -> MaskingBenchmark::bytewise;
            default -> throw new IllegalArgumentException(subject);
        };
    }

    /**
     * §5.3 as written, independent of the code under test: octet i of the payload is XORed with
     * octet i mod 4 of the key, key octet 0 being the first on the wire (the key's high byte).
     */
    private static void maskByTheLetterOfTheRfc(byte[] bytes, int from, int to, int key) {
        for (int i = from; i < to; i++) {
            int j = (i - from) % 4;
            bytes[i] ^= (byte) (key >>> (24 - 8 * j));
        }
    }

    /** All bytes of the buffer, 0 to its capacity, whatever its kind; nothing moves. */
    private static byte[] contents(ByteBuffer buffer) {
        byte[] out = new byte[buffer.capacity()];
        buffer.get(0, out);
        return out;
    }

    /** Keeps the reference honest too: its own RFC example. */
    @Test
    void theReferenceMasksTheRfcExample() {
        // §5.7: "Hello" under the key 37 fa 21 3d.
        byte[] hello = {0x48, 0x65, 0x6c, 0x6c, 0x6f};
        Masker.maskBytewise(hello, 0, hello.length, MaskingBenchmark.KEY, 0);
        assertArrayEquals(new byte[] {0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58}, hello);
    }
}
