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
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, NATIVE);
    private static final VarHandle BUFFER_LONG = MethodHandles.byteBufferViewVarHandle(long[].class, NATIVE);

    private XorBaseline() {
    }

    /**
     * XORs {@code [from, to)} of a heap buffer's array, or of a direct buffer, with the key. Nothing
     * is allocated.
     *
     * @param buffer the bytes, owned by the caller; neither position nor limit moves
     * @param from the first byte, absolute
     * @param to one past the last byte, absolute
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     */
    static void mask(ByteBuffer buffer, int from, int to, int maskingKey) {
        long word = repeated(maskingKey);
        // Loops written as counted loops (i < end - 7, not i + 8 <= end), which the JIT unrolls;
        // the other form can overflow, and C2 then leaves the loop as it is, several times slower.
        if (buffer.hasArray()) {
            byte[] a = buffer.array();
            int start = buffer.arrayOffset() + from;
            int end = buffer.arrayOffset() + to;
            int i = start;
            for (; i < end - 7; i += 8) {
                ARRAY_LONG.set(a, i, (long) ARRAY_LONG.get(a, i) ^ word);
            }
            for (; i < end; i++) {
                a[i] ^= keyByte(maskingKey, i - start);
            }
        } else {
            int i = from;
            for (; i < to - 7; i += 8) {
                BUFFER_LONG.set(buffer, i, (long) BUFFER_LONG.get(buffer, i) ^ word);
            }
            for (; i < to; i++) {
                buffer.put(i, (byte) (buffer.get(i) ^ keyByte(maskingKey, i - from)));
            }
        }
    }

    /** The key twice over, as a long whose bytes lie in memory as the key lies on the wire: key byte 0 first. */
    private static long repeated(int maskingKey) {
        long bigEndian = ((long) maskingKey << 32) | (maskingKey & 0xFFFF_FFFFL);
        return NATIVE == ByteOrder.BIG_ENDIAN ? bigEndian : Long.reverseBytes(bigEndian);
    }

    private static byte keyByte(int maskingKey, int index) {
        return (byte) (maskingKey >>> (24 - 8 * (index & 3)));
    }
}
