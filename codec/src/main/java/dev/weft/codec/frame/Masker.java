package dev.weft.codec.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * Payload masking of RFC 6455 §5.3: byte {@code i} of a payload is XORed with byte
 * {@code i mod 4} of the frame's 32-bit masking key. The same operation masks and unmasks.
 *
 * <p>The masking key is an {@code int} holding the four key bytes as they appear on the wire,
 * big-endian: key byte 0 is the most significant byte, so the key {@code 37 fa 21 3d} of the
 * §5.7 example is {@code 0x37fa213d}.
 *
 * <p>A payload may arrive in several chunks, so every method takes a <em>key offset</em>
 * (0 to 3): the index into the key of the byte that masks the first byte of the range. Each
 * method returns the key offset for the byte after the range, {@code (keyOffset + length) & 3};
 * passing it to the call for the next chunk resumes the mask where it stopped.
 *
 * <h2>Buffers</h2>
 * The caller owns every array and buffer passed in; this class keeps no reference to it once a
 * method returns, and allocates nothing. The bytes of the range are rewritten in place. A
 * buffer's position, limit, mark and byte order never change, and the result does not depend on
 * {@link ByteBuffer#order()}. Methods are stateless and may be called from any thread, as long as
 * no other thread touches the same bytes meanwhile.
 *
 * <h2>Speed</h2>
 * Masking touches every payload byte, so {@link #mask(ByteBuffer, int, int, int, int) mask}
 * works on eight bytes per step: the key, turned to the current offset, is repeated into a
 * {@code long}, and the range is read and written as {@code long}s in the machine's own byte
 * order, with the key word laid out in that same order so that the first byte in memory meets the
 * first key byte. The {@code maskBytewise} methods do the same job one byte at a time; they are
 * the reference the fast path is tested and benchmarked against.
 */
public final class Masker {

    // Views in the machine's own byte order: XOR treats every byte alike, so the order of the
    // view does not matter as long as the key word is laid out in the same order (memoryWord).
    // A big-endian view on a little-endian CPU would swap the bytes of every long twice, which
    // costs more than the XOR itself whenever the JIT does not vectorize the loop. Plain get/set
    // on these views accept any index, aligned or not.
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, NATIVE);
    private static final VarHandle BUFFER_LONG = MethodHandles.byteBufferViewVarHandle(long[].class, NATIVE);
    private static final VarHandle ARRAY_INT = MethodHandles.byteArrayViewVarHandle(int[].class, NATIVE);
    private static final VarHandle BUFFER_INT = MethodHandles.byteBufferViewVarHandle(int[].class, NATIVE);

    /**
     * From how many bytes a direct buffer's range is worth aligning first: below it, the byte
     * steps up to the next 8-byte boundary cost more than the unaligned words they avoid (most
     * small messages would spend more steps aligning than masking).
     */
    private static final int ALIGN_FROM = 64;

    private Masker() {
    }

    /**
     * Masks (or unmasks) the bytes {@code [from, to)} of a buffer in place.
     *
     * <p>The indices are absolute, as for {@link ByteBuffer#get(int)}. The buffer may be heap or
     * direct and may have either byte order. The caller keeps ownership of the buffer; its
     * position, limit, mark and byte order do not move, and no reference to it is kept.
     *
     * @param buffer     the bytes to mask; must be writable
     * @param from       absolute index of the first byte to mask
     * @param to         absolute index after the last byte to mask, at most {@code buffer.limit()}
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     * @param keyOffset  the index (0 to 3) of the key byte that masks {@code buffer.get(from)}
     * @return the key offset for the byte at {@code to}: {@code (keyOffset + to - from) & 3}
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= buffer.limit()}
     * @throws IllegalArgumentException  if {@code keyOffset} is not 0 to 3
     * @throws ReadOnlyBufferException   if the buffer is read-only, even if the range is empty;
     *                                   no byte has been changed then
     */
    public static int mask(ByteBuffer buffer, int from, int to, int maskingKey, int keyOffset) {
        checkArguments(buffer, from, to, keyOffset);
        if (buffer.hasArray()) {
            // A writable heap buffer: work on its array, which is the fastest view of it.
            int base = buffer.arrayOffset();
            maskArray(buffer.array(), base + from, base + to, wordKey(maskingKey, keyOffset));
        } else {
            maskBuffer(buffer, from, to, wordKey(maskingKey, keyOffset));
        }
        return nextKeyOffset(keyOffset, to - from);
    }

    /**
     * Masks (or unmasks) the remaining bytes of a buffer, {@code [position, limit)}, in place.
     *
     * <p>The caller keeps ownership of the buffer; its position, limit, mark and byte order do
     * not move, and no reference to it is kept. To go on with the next chunk, advance the
     * position yourself and pass the returned key offset.
     *
     * @param buffer     the bytes to mask; must be writable
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     * @param keyOffset  the index (0 to 3) of the key byte that masks the byte at the position
     * @return the key offset for the byte at the limit: {@code (keyOffset + remaining) & 3}
     * @throws IllegalArgumentException if {@code keyOffset} is not 0 to 3
     * @throws ReadOnlyBufferException  if the buffer is read-only, even if nothing remains
     */
    public static int mask(ByteBuffer buffer, int maskingKey, int keyOffset) {
        return mask(buffer, buffer.position(), buffer.limit(), maskingKey, keyOffset);
    }

    /**
     * Masks (or unmasks) the bytes {@code [from, to)} of an array in place.
     *
     * <p>The caller keeps ownership of the array; no reference to it is kept.
     *
     * @param bytes      the bytes to mask
     * @param from       index of the first byte to mask
     * @param to         index after the last byte to mask
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     * @param keyOffset  the index (0 to 3) of the key byte that masks {@code bytes[from]}
     * @return the key offset for the byte at {@code to}: {@code (keyOffset + to - from) & 3}
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= bytes.length}
     * @throws IllegalArgumentException  if {@code keyOffset} is not 0 to 3
     */
    public static int mask(byte[] bytes, int from, int to, int maskingKey, int keyOffset) {
        Objects.checkFromToIndex(from, to, bytes.length);
        checkKeyOffset(keyOffset);
        maskArray(bytes, from, to, wordKey(maskingKey, keyOffset));
        return nextKeyOffset(keyOffset, to - from);
    }

    /**
     * Masks the bytes {@code [from, to)} of a buffer in place one byte at a time: the plain
     * reading of §5.3 that {@link #mask(ByteBuffer, int, int, int, int)} must agree with. It is
     * kept for tests and benchmarks; the same contract applies.
     *
     * <p>The caller keeps ownership of the buffer; its position, limit, mark and byte order do
     * not move, and no reference to it is kept.
     *
     * @param buffer     the bytes to mask; must be writable
     * @param from       absolute index of the first byte to mask
     * @param to         absolute index after the last byte to mask, at most {@code buffer.limit()}
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     * @param keyOffset  the index (0 to 3) of the key byte that masks {@code buffer.get(from)}
     * @return the key offset for the byte at {@code to}: {@code (keyOffset + to - from) & 3}
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= buffer.limit()}
     * @throws IllegalArgumentException  if {@code keyOffset} is not 0 to 3
     * @throws ReadOnlyBufferException   if the buffer is read-only, even if the range is empty
     */
    public static int maskBytewise(ByteBuffer buffer, int from, int to, int maskingKey, int keyOffset) {
        checkArguments(buffer, from, to, keyOffset);
        int k = keyOffset;
        for (int i = from; i < to; i++) {
            buffer.put(i, (byte) (buffer.get(i) ^ keyByte(maskingKey, k)));
            k = (k + 1) & 3;
        }
        return k;
    }

    /**
     * Masks the bytes {@code [from, to)} of an array in place one byte at a time: the plain
     * reading of §5.3 that {@link #mask(byte[], int, int, int, int)} must agree with. It is kept
     * for tests and benchmarks; the same contract applies.
     *
     * <p>The caller keeps ownership of the array; no reference to it is kept.
     *
     * @param bytes      the bytes to mask
     * @param from       index of the first byte to mask
     * @param to         index after the last byte to mask
     * @param maskingKey the four key bytes, key byte 0 in the most significant byte
     * @param keyOffset  the index (0 to 3) of the key byte that masks {@code bytes[from]}
     * @return the key offset for the byte at {@code to}: {@code (keyOffset + to - from) & 3}
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= bytes.length}
     * @throws IllegalArgumentException  if {@code keyOffset} is not 0 to 3
     */
    public static int maskBytewise(byte[] bytes, int from, int to, int maskingKey, int keyOffset) {
        Objects.checkFromToIndex(from, to, bytes.length);
        checkKeyOffset(keyOffset);
        int k = keyOffset;
        for (int i = from; i < to; i++) {
            bytes[i] ^= keyByte(maskingKey, k);
            k = (k + 1) & 3;
        }
        return k;
    }

    // --- the fast path ---------------------------------------------------------------------

    private static void maskArray(byte[] bytes, int from, int to, long word) {
        int i = from;
        long inMemory = memoryWord(word);
        // Eight bytes per step. Eight is a multiple of four, so the key lines up the same way at
        // the start of every step and the word never needs turning inside the loop.
        // (i < to - 7 rather than i + 8 <= to: with to >= 0 neither side can overflow.)
        for (; i < to - 7; i += 8) {
            ARRAY_LONG.set(bytes, i, (long) ARRAY_LONG.get(bytes, i) ^ inMemory);
        }
        // Fewer than eight bytes are left: four at once if they are there (four is a multiple of
        // four too, so the key still lines up), then byte j of the word at shift 56 - 8j.
        if (i < to - 3) {
            ARRAY_INT.set(bytes, i, (int) ARRAY_INT.get(bytes, i) ^ (int) inMemory);
            i += 4;
        }
        for (int shift = 56; i < to; i++, shift -= 8) {
            bytes[i] ^= (byte) (word >>> shift);
        }
    }

    private static void maskBuffer(ByteBuffer buffer, int from, int to, long word) {
        int i = from;
        if (buffer.isDirect() && to - from >= ALIGN_FROM) {
            // Off-heap memory has a fixed address, so the loop below can start on an 8-byte
            // boundary; its loads and stores then never straddle a cache line. Heap memory may
            // move, and the view handle copes with any index anyway.
            int head = Math.min((8 - buffer.alignmentOffset(from, 8)) & 7, to - from);
            for (int shift = 56; i < from + head; i++, shift -= 8) {
                buffer.put(i, (byte) (buffer.get(i) ^ (word >>> shift)));
            }
            // The word must now start with the key byte for index i.
            word = Long.rotateLeft(word, head << 3);
        }
        // A view handle of a fixed order, not getLong/putLong: those follow the buffer's byte
        // order, which belongs to the caller and may be either.
        long inMemory = memoryWord(word);
        for (; i < to - 7; i += 8) {
            BUFFER_LONG.set(buffer, i, (long) BUFFER_LONG.get(buffer, i) ^ inMemory);
        }
        if (i < to - 3) {
            BUFFER_INT.set(buffer, i, (int) BUFFER_INT.get(buffer, i) ^ (int) inMemory);
            i += 4;
        }
        for (int shift = 56; i < to; i++, shift -= 8) {
            buffer.put(i, (byte) (buffer.get(i) ^ (word >>> shift)));
        }
    }

    // --- keys and arguments ----------------------------------------------------------------

    /**
     * Returns the key turned so that key byte {@code keyOffset} comes first, repeated twice into
     * a long: read big-endian, its byte j masks the j-th byte from the current one.
     */
    private static long wordKey(int maskingKey, int keyOffset) {
        int turned = Integer.rotateLeft(maskingKey, keyOffset << 3);
        return ((long) turned << 32) | (turned & 0xFFFF_FFFFL);
    }

    /**
     * Returns the word as the native-order views read it: a long whose byte at the lowest address
     * is the word's most significant byte, the key byte for that address.
     */
    private static long memoryWord(long word) {
        return NATIVE == ByteOrder.BIG_ENDIAN ? word : Long.reverseBytes(word);
    }

    /** Returns key byte {@code index} (0 to 3), byte 0 being the most significant. */
    private static byte keyByte(int maskingKey, int index) {
        return (byte) (maskingKey >>> (24 - (index << 3)));
    }

    private static int nextKeyOffset(int keyOffset, int length) {
        return (keyOffset + length) & 3;
    }

    private static void checkArguments(ByteBuffer buffer, int from, int to, int keyOffset) {
        // Checked before any byte is touched, so a failed call leaves the buffer as it was.
        if (buffer.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        Objects.checkFromToIndex(from, to, buffer.limit());
        checkKeyOffset(keyOffset);
    }

    private static void checkKeyOffset(int keyOffset) {
        if ((keyOffset & ~3) != 0) {
            throw new IllegalArgumentException("key offset must be 0 to 3: " + keyOffset);
        }
    }
}
