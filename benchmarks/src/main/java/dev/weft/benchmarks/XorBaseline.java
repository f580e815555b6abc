package dev.weft.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The in-place baseline for masking: the plainest loop that does the job, XORing eight bytes at a
 * time with the key repeated across a long, then the last bytes one by one. No alignment tricks, no
 * key offset carried across calls: what anyone would write first, and what a tuned in-place mask
 * should at least match. The key starts at key byte 0 at {@code from}.
 */
final class XorBaseline {
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private XorBaseline() {
    }

    /**
     * XORs {@code [from, to)} of a heap buffer's array, or of a direct buffer, with the key.
     *
     * @param buffer the bytes, owned by the caller; neither position nor limit moves
     * @param from the first byte, absolute
     * @param to one past the last byte, absolute
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     */
    static void mask(ByteBuffer buffer, int from, int to, int maskingKey) {
        long word = repeated(maskingKey);
        if (buffer.hasArray()) {
            byte[] a = buffer.array();
            int base = buffer.arrayOffset();
            int i = from;
            for (; i + 8 <= to; i += 8) {
                ARRAY_LONG.set(a, base + i, (long) ARRAY_LONG.get(a, base + i) ^ word);
            }
            for (; i < to; i++) {
                a[base + i] ^= keyByte(maskingKey, i - from);
            }
        } else {
            ByteBuffer b = buffer.duplicate().order(ByteOrder.nativeOrder());
            int i = from;
            for (; i + 8 <= to; i += 8) {
                b.putLong(i, b.getLong(i) ^ word);
            }
            for (; i < to; i++) {
                b.put(i, (byte) (b.get(i) ^ keyByte(maskingKey, i - from)));
            }
        }
    }

    /** The key twice over, laid out in memory as it lies on the wire: key byte 0 first. */
    private static long repeated(int maskingKey) {
        byte[] eight = new byte[8];
        for (int j = 0; j < 8; j++) {
            eight[j] = keyByte(maskingKey, j);
        }
        return (long) ARRAY_LONG.get(eight, 0);
    }

    private static byte keyByte(int maskingKey, int index) {
        return (byte) (maskingKey >>> (24 - 8 * (index & 3)));
    }
}
