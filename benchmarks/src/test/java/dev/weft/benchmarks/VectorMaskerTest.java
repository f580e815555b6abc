package dev.weft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.codec.frame.Masker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.3 on the Vector API: {@link VectorMasker} must agree with
 * {@link Masker#maskBytewise(ByteBuffer, int, int, int, int)} for every key offset, for payloads
 * cut into chunks anywhere, and for buffers whose position or byte order is not the default.
 */
class VectorMaskerTest {

    private static final int KEY = 0xa1b2c3d4;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "direct", "slice", "positioned", "little-endian"})
    void agreesWithTheReferenceAtEveryKeyOffsetAndSplit(String kind) {
        Random random = new Random(7);
        for (int length : new int[] {0, 3, 64, 65, 200, 1000}) {
            for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                for (int split = 0; split <= length; split += Math.max(1, length / 7)) {
                    byte[] payload = new byte[length + 5];
                    random.nextBytes(payload);
                    ByteBuffer actual = buffer(kind, payload);
                    ByteBuffer expected = ByteBuffer.wrap(payload.clone());

                    int from = 2;
                    int next = VectorMasker.mask(actual, from, from + split, KEY, keyOffset);
                    int last = VectorMasker.mask(actual, from + split, from + length, KEY, next);
                    int referenceLast = Masker.maskBytewise(expected, from, from + length, KEY, keyOffset);

                    assertEquals(referenceLast, last);
                    byte[] got = new byte[payload.length];
                    actual.get(0, got);
                    assertArrayEquals(expected.array(), got,
                            kind + " length " + length + " key offset " + keyOffset + " split " + split);
                }
            }
        }
    }

    @Test
    void leavesPositionLimitAndOrderAlone() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(300).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(5).limit(290);

        VectorMasker.mask(buffer, 0, 290, KEY, 1);

        assertEquals(5, buffer.position());
        assertEquals(290, buffer.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, buffer.order());
    }

    @Test
    void refusesWhatMaskerRefuses() {
        ByteBuffer buffer = ByteBuffer.allocate(100);
        assertThrows(ReadOnlyBufferException.class, () -> VectorMasker.mask(buffer.asReadOnlyBuffer(), 0, 10, KEY, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> VectorMasker.mask(buffer, 0, 101, KEY, 0));
        assertThrows(IllegalArgumentException.class, () -> VectorMasker.mask(buffer, 0, 10, KEY, 4));
    }

    /** The payload in a buffer of the given kind; absolute index i holds payload[i]. */
    private static ByteBuffer buffer(String kind, byte[] payload) {
        return switch (kind) {
            case "heap" -> ByteBuffer.wrap(payload.clone());
            case "direct" -> ByteBuffer.allocateDirect(payload.length).put(0, payload);
            // A heap buffer whose array starts before its first byte.
            case "slice" -> {
                byte[] larger = new byte[payload.length + 11];
                System.arraycopy(payload, 0, larger, 11, payload.length);
                yield ByteBuffer.wrap(larger).position(11).slice();
            }
            // A direct buffer whose position is not 0: indices stay absolute.
            case "positioned" -> ByteBuffer.allocateDirect(payload.length).put(0, payload).position(1);
            case "little-endian" -> ByteBuffer.allocateDirect(payload.length).order(ByteOrder.LITTLE_ENDIAN)
                    .put(0, payload);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
