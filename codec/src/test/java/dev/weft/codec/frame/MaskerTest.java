package dev.weft.codec.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.3, client-to-server masking, checked against the masked "Hello" of §5.7 on every
 * kind of buffer the codec meets.
 */
class MaskerTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** §5.7: "A single-frame masked text message": 0x81 0x85, key 37 fa 21 3d, then the payload. */
    private static final int KEY = 0x37fa213d;
    private static final byte[] HELLO = HEX.parseHex("48 65 6c 6c 6f");
    private static final byte[] HELLO_MASKED = HEX.parseHex("7f 9f 4d 51 58");

    @Test
    void masksTheRfcExampleInAnArray() {
        byte[] bytes = HELLO.clone();

        assertEquals(1, Masker.mask(bytes, 0, bytes.length, KEY, 0));
        assertArrayEquals(HELLO_MASKED, bytes);

        assertEquals(1, Masker.mask(bytes, 0, bytes.length, KEY, 0));
        assertArrayEquals(HELLO, bytes);
    }

    @Test
    void unmasksTheRfcExampleInAWholeFrame() {
        // The frame as sent: the payload starts at index 6, after the header and the key.
        byte[] frame = HEX.parseHex("81 85 37 fa 21 3d 7f 9f 4d 51 58");

        Masker.mask(frame, 6, frame.length, KEY, 0);

        assertArrayEquals(HEX.parseHex("81 85 37 fa 21 3d 48 65 6c 6c 6f"), frame);
    }

    @Test
    void masksTheRfcExampleInAHeapBuffer() {
        ByteBuffer buffer = ByteBuffer.wrap(HELLO.clone());

        assertEquals(1, Masker.mask(buffer, KEY, 0));

        assertArrayEquals(HELLO_MASKED, buffer.array());
        assertEquals(0, buffer.position());
        assertEquals(5, buffer.limit());
    }

    @Test
    void masksTheRfcExampleInADirectBuffer() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(5).put(HELLO).flip();

        assertEquals(1, Masker.mask(buffer, KEY, 0));

        assertArrayEquals(HELLO_MASKED, contents(buffer));
    }

    @Test
    void usesPositionAndLimitWithoutMovingThem() {
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("aa bb 48 65 6c 6c 6f cc"));
        buffer.position(2).limit(7);

        Masker.mask(buffer, KEY, 0);

        assertEquals(2, buffer.position());
        assertEquals(7, buffer.limit());
        assertArrayEquals(HEX.parseHex("aa bb 7f 9f 4d 51 58 cc"), buffer.array());
    }

    @Test
    void takesIndicesRelativeToASliceOfAHeapBuffer() {
        byte[] backing = HEX.parseHex("00 00 00 48 65 6c 6c 6f 00");
        ByteBuffer slice = ByteBuffer.wrap(backing).position(3).slice();
        assertEquals(3, slice.arrayOffset());

        Masker.mask(slice, 0, 5, KEY, 0);

        assertArrayEquals(HEX.parseHex("00 00 00 7f 9f 4d 51 58 00"), backing);
    }

    @Test
    void takesAbsoluteIndicesInAWrappedArrayRange() {
        byte[] backing = HEX.parseHex("00 48 65 6c 6c 6f 00 00");
        ByteBuffer buffer = ByteBuffer.wrap(backing, 1, 5);

        Masker.mask(buffer, KEY, 0);

        assertArrayEquals(HEX.parseHex("00 7f 9f 4d 51 58 00 00"), backing);
        assertEquals(1, buffer.position());
        assertEquals(6, buffer.limit());
    }

    @Test
    void takesIndicesRelativeToASliceOfADirectBuffer() {
        ByteBuffer whole = ByteBuffer.allocateDirect(9).put(HEX.parseHex("01 02 03 48 65 6c 6c 6f 09"));
        ByteBuffer slice = whole.slice(3, 5);

        Masker.mask(slice, 0, 5, KEY, 0);

        assertArrayEquals(HEX.parseHex("01 02 03 7f 9f 4d 51 58 09"), contents(whole.clear()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void doesNotDependOnTheBufferByteOrder(String orderName) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] plain = new byte[64];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i * 7 + 3);
        }
        byte[] expected = plain.clone();
        Masker.maskBytewise(expected, 0, expected.length, KEY, 0);

        ByteBuffer heap = ByteBuffer.wrap(plain.clone()).order(order);
        ByteBuffer direct = ByteBuffer.allocateDirect(plain.length).order(order).put(plain).flip();
        Masker.mask(heap, KEY, 0);
        Masker.mask(direct, KEY, 0);

        assertArrayEquals(expected, heap.array());
        assertArrayEquals(expected, contents(direct));
        assertSame(order, heap.order(), "the caller's byte order is left alone");
        assertSame(order, direct.order(), "the caller's byte order is left alone");
    }

    @Test
    void resumesAcrossChunksWithTheReturnedOffset() {
        byte[] bytes = HELLO.clone();

        int offset = Masker.mask(bytes, 0, 2, KEY, 0);
        assertEquals(2, offset);
        offset = Masker.mask(bytes, 2, 3, KEY, offset);
        assertEquals(3, offset);
        offset = Masker.mask(bytes, 3, 5, KEY, offset);

        assertEquals(1, offset);
        assertArrayEquals(HELLO_MASKED, bytes);
    }

    @Test
    void startsAtTheGivenKeyByte() {
        // Key byte 2 is 21, key byte 3 is 3d, then the key starts over at 37.
        byte[] bytes = HEX.parseHex("00 00 00 00 00");

        assertEquals(3, Masker.mask(bytes, 0, 5, KEY, 2));

        assertArrayEquals(HEX.parseHex("21 3d 37 fa 21"), bytes);
    }

    @Test
    void returnsTheKeyOffsetAfterTheRange() {
        byte[] bytes = new byte[20];
        for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
            for (int length = 0; length <= 20; length++) {
                int expected = (keyOffset + length) & 3;
                assertEquals(expected, Masker.mask(bytes, 0, length, KEY, keyOffset));
                assertEquals(expected, Masker.maskBytewise(bytes, 0, length, KEY, keyOffset));
                assertEquals(expected, Masker.mask(ByteBuffer.wrap(bytes), 0, length, KEY, keyOffset));
            }
        }
    }

    @Test
    void leavesAnEmptyRangeAlone() {
        byte[] bytes = HELLO.clone();

        assertEquals(3, Masker.mask(bytes, 2, 2, KEY, 3));

        assertArrayEquals(HELLO, bytes);
    }

    @Test
    void aZeroKeyChangesNothing() {
        byte[] bytes = HELLO.clone();

        Masker.mask(bytes, 0, bytes.length, 0, 0);

        assertArrayEquals(HELLO, bytes);
    }

    @Test
    void masksEveryByteOfALongPayloadLikeTheReference() {
        byte[] plain = new byte[1 << 16];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i ^ (i >>> 8));
        }
        byte[] expected = plain.clone();
        Masker.maskBytewise(expected, 3, plain.length - 5, 0xdeadbeef, 1);

        byte[] array = plain.clone();
        Masker.mask(array, 3, plain.length - 5, 0xdeadbeef, 1);
        ByteBuffer direct = ByteBuffer.allocateDirect(plain.length).put(plain).flip();
        Masker.mask(direct, 3, plain.length - 5, 0xdeadbeef, 1);

        assertArrayEquals(expected, array);
        assertArrayEquals(expected, contents(direct));
    }

    @Test
    void refusesAReadOnlyBufferWithoutTouchingIt() {
        byte[] backing = HELLO.clone();
        ByteBuffer heap = ByteBuffer.wrap(backing).asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put(HELLO).flip().asReadOnlyBuffer();

        assertThrows(ReadOnlyBufferException.class, () -> Masker.mask(heap, KEY, 0));
        assertThrows(ReadOnlyBufferException.class, () -> Masker.mask(direct, KEY, 0));
        assertThrows(ReadOnlyBufferException.class, () -> Masker.maskBytewise(heap, 0, 5, KEY, 0));
        assertThrows(ReadOnlyBufferException.class, () -> Masker.mask(heap, 0, 0, KEY, 0));

        assertArrayEquals(HELLO, backing);
        assertArrayEquals(HELLO, contents(direct));
    }

    @Test
    void refusesRangesOutsideTheArrayOrTheLimit() {
        byte[] bytes = new byte[8];
        ByteBuffer buffer = ByteBuffer.allocate(16).limit(8);

        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(bytes, -1, 4, KEY, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(bytes, 5, 4, KEY, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(bytes, 0, 9, KEY, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.maskBytewise(bytes, 0, 9, KEY, 0));
        // Past the limit, although still inside the capacity.
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(buffer, 0, 9, KEY, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.maskBytewise(buffer, 0, 9, KEY, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4, 5, Integer.MIN_VALUE})
    void refusesAKeyOffsetOutsideTheKey(int keyOffset) {
        byte[] bytes = new byte[8];
        ByteBuffer buffer = ByteBuffer.allocate(8);

        assertThrows(IllegalArgumentException.class, () -> Masker.mask(bytes, 0, 8, KEY, keyOffset));
        assertThrows(IllegalArgumentException.class, () -> Masker.mask(buffer, KEY, keyOffset));
        assertThrows(IllegalArgumentException.class, () -> Masker.maskBytewise(bytes, 0, 8, KEY, keyOffset));
        assertThrows(IllegalArgumentException.class, () -> Masker.maskBytewise(buffer, 0, 8, KEY, keyOffset));
    }

    /** Returns the bytes [position, limit) of a buffer without moving its position. */
    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }
}
