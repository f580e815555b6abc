package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * RFC 6455 §5.3, masking, as properties: the word-at-a-time fast path must agree with the plain
 * byte-by-byte reading of the RFC for every start offset, length, key offset and kind of buffer,
 * and must resume across chunks.
 */
class MaskerProperties {

    /** Start offsets 0 to 15 cover every alignment of an 8-byte word twice over. */
    private static final int OFFSETS = 16;

    @Property
    void maskingTwiceGivesTheInputBack(@ForAll("payloads") byte[] payload, @ForAll int key,
            @ForAll @IntRange(min = 0, max = 3) int keyOffset, @ForAll boolean direct) {
        ByteBuffer buffer = copyOf(payload, direct, ByteOrder.BIG_ENDIAN);

        int first = Masker.mask(buffer, key, keyOffset);
        int second = Masker.mask(buffer, key, keyOffset);

        assertEquals(first, second);
        assertArrayEquals(payload, contents(buffer));
    }

    @Property
    void theFastPathAgreesWithTheBytewiseReference(@ForAll("payloads") byte[] payload, @ForAll int key,
            @ForAll boolean littleEndian) {
        ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        // Lay the payload out at every start offset and mask it with every key offset.
        for (int from = 0; from < OFFSETS; from++) {
            byte[] laidOut = new byte[OFFSETS + payload.length + OFFSETS];
            System.arraycopy(payload, 0, laidOut, from, payload.length);
            int to = from + payload.length;
            for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                byte[] expected = laidOut.clone();
                int expectedOffset = Masker.maskBytewise(expected, from, to, key, keyOffset);

                byte[] array = laidOut.clone();
                assertEquals(expectedOffset, Masker.mask(array, from, to, key, keyOffset));
                assertArrayEquals(expected, array, () -> "array, " + payload.length + " bytes");

                for (boolean direct : new boolean[] {false, true}) {
                    ByteBuffer buffer = copyOf(laidOut, direct, order);
                    assertEquals(expectedOffset, Masker.mask(buffer, from, to, key, keyOffset));
                    assertArrayEquals(expected, contents(buffer), () -> (direct ? "direct" : "heap")
                            + " buffer, " + payload.length + " bytes");
                    assertSame(order, buffer.order());
                }
            }
        }
    }

    @Property
    void theFastPathAgreesWithTheReferenceInsideSlices(@ForAll("payloads") byte[] payload, @ForAll int key,
            @ForAll @IntRange(min = 0, max = 3) int keyOffset, @ForAll @IntRange(min = 1, max = 15) int sliceStart,
            @ForAll boolean direct) {
        // A slice has an array offset (heap) or a base address off the allocation's (direct).
        ByteBuffer whole = copyOf(new byte[sliceStart + payload.length], direct, ByteOrder.BIG_ENDIAN);
        ByteBuffer slice = whole.slice(sliceStart, payload.length).put(0, payload);
        byte[] expected = payload.clone();
        Masker.maskBytewise(expected, 0, expected.length, key, keyOffset);

        Masker.mask(slice, key, keyOffset);

        assertArrayEquals(expected, contents(slice));
        assertArrayEquals(new byte[sliceStart], contents(whole.limit(sliceStart)), "bytes before the slice");
    }

    @Property(tries = 30)
    void theFastPathAgreesWithTheReferenceOnLargePayloads(@ForAll @Size(min = 10_000, max = 140_000) byte[] payload,
            @ForAll int key, @ForAll @IntRange(min = 0, max = 3) int keyOffset,
            @ForAll @IntRange(min = 0, max = 15) int from) {
        int to = payload.length - 7;
        byte[] expected = payload.clone();
        Masker.maskBytewise(expected, from, to, key, keyOffset);

        byte[] array = payload.clone();
        Masker.mask(array, from, to, key, keyOffset);
        ByteBuffer direct = copyOf(payload, true, ByteOrder.LITTLE_ENDIAN);
        Masker.mask(direct, from, to, key, keyOffset);

        assertArrayEquals(expected, array);
        assertArrayEquals(expected, contents(direct));
    }

    @Property
    void maskingInTwoChunksEqualsMaskingInOneGo(@ForAll("payloads") byte[] payload, @ForAll int key,
            @ForAll @IntRange(min = 0, max = 3) int keyOffset, @ForAll @IntRange(min = 0, max = 1000) int splitSeed,
            @ForAll boolean direct) {
        int split = payload.length == 0 ? 0 : splitSeed % (payload.length + 1);
        byte[] oneGo = payload.clone();
        int expectedOffset = Masker.mask(oneGo, 0, oneGo.length, key, keyOffset);

        byte[] array = payload.clone();
        int middle = Masker.mask(array, 0, split, key, keyOffset);
        assertEquals((keyOffset + split) & 3, middle);
        assertEquals(expectedOffset, Masker.mask(array, split, array.length, key, middle));

        ByteBuffer buffer = copyOf(payload, direct, ByteOrder.BIG_ENDIAN);
        middle = Masker.mask(buffer.limit(split), key, keyOffset);
        assertEquals(expectedOffset, Masker.mask(buffer.limit(payload.length).position(split), key, middle));

        assertArrayEquals(oneGo, array);
        assertArrayEquals(oneGo, contents(buffer.position(0)));
    }

    /** Payloads of 0 to 300 bytes, small ones often, since lengths below a word are the edge. */
    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.integers().between(0, 24)),
                        Tuple.of(2, Arbitraries.integers().between(0, 300)))
                .flatMap(length -> Arbitraries.bytes().array(byte[].class).ofSize(length));
    }

    private static ByteBuffer copyOf(byte[] bytes, boolean direct, ByteOrder order) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        return buffer.put(bytes).flip().order(order);
    }

    /** Returns the bytes [position, limit) of a buffer without moving its position. */
    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }
}
