package dev.weft.codec.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The multi-byte numbers of a frame header (RFC 6455 §5.2: network byte order, most significant
 * byte first), read and written in one access each, at absolute indexes, whatever byte order the
 * buffer itself was given. A header's first two bytes, its 16-bit length, its masking key and its
 * 64-bit length each take one access instead of one per byte: on a direct buffer every access is
 * a checked call, and a small frame's header is read and written once per message.
 *
 * <p>Indexes are checked as a buffer's absolute get and put check them (against the limit); the
 * buffer's position, limit and order do not move.
 */
final class NetworkOrder {
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private NetworkOrder() {
    }

    /** The two bytes at {@code index}, first one high, as an unsigned number 0–65535. */
    static int getUnsignedShort(ByteBuffer buffer, int index) {
        return (short) SHORT.get(buffer, index) & 0xFFFF;
    }

    /** The four bytes at {@code index}, first one most significant. */
    static int getInt(ByteBuffer buffer, int index) {
        return (int) INT.get(buffer, index);
    }

    /** The eight bytes at {@code index}, first one most significant. */
    static long getLong(ByteBuffer buffer, int index) {
        return (long) LONG.get(buffer, index);
    }

    /** Writes the low 16 bits of {@code value} at {@code index}, high byte first. */
    static void putShort(ByteBuffer buffer, int index, int value) {
        SHORT.set(buffer, index, (short) value);
    }

    /** Writes {@code value} at {@code index}, most significant byte first. */
    static void putInt(ByteBuffer buffer, int index, int value) {
        INT.set(buffer, index, value);
    }

    /** Writes {@code value} at {@code index}, most significant byte first. */
    static void putLong(ByteBuffer buffer, int index, long value) {
        LONG.set(buffer, index, value);
    }
}
