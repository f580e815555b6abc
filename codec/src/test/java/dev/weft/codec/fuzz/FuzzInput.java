package dev.weft.codec.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The shape every fuzz target in the codec reads its input in: one byte of options, one byte that
 * decides how the wire bytes are cut into reads, then the wire bytes themselves.
 *
 * <p>Keeping the wire bytes whole at the end (rather than drawing values from a data provider)
 * means a seed is a real frame or request with two bytes in front, readable in a hex dump, and
 * a finding is the wire bytes that caused it.
 *
 * @param options the first byte, whose bits each target reads as its own switches
 * @param cut     the second byte: 0 feeds the wire bytes in one read; n feeds reads of 1 to n
 *                bytes, sized by a generator seeded with n, so the same input always cuts alike
 * @param wire    the rest, the bytes a peer sent
 */
public record FuzzInput(int options, int cut, byte[] wire) {

    /**
     * Reads the fuzzer's raw bytes; a short input has zero options, no cut and no wire bytes.
     *
     * @param data the raw input
     * @return the input in its parts
     */
    public static FuzzInput of(byte[] data) {
        int options = data.length > 0 ? data[0] & 0xFF : 0;
        int cut = data.length > 1 ? data[1] & 0xFF : 0;
        byte[] wire = data.length > 2 ? Arrays.copyOfRange(data, 2, data.length) : new byte[0];
        return new FuzzInput(options, cut, wire);
    }

    /**
     * Returns whether option bit {@code bit} is set.
     *
     * @param bit 0 to 7
     * @return whether it is set
     */
    public boolean option(int bit) {
        return (options & (1 << bit)) != 0;
    }

    /**
     * Returns the wire bytes whole, in one fresh buffer (decoders unmask in place).
     *
     * @return a new heap buffer over a copy of the wire bytes
     */
    public List<ByteBuffer> whole() {
        return List.of(ByteBuffer.wrap(wire.clone()));
    }

    /**
     * Returns the wire bytes cut into reads as {@link #cut()} says, each a fresh copy; every
     * other read is a direct buffer, as a transport's would be.
     *
     * @return the reads, in order
     */
    public List<ByteBuffer> reads() {
        return cut(wire, cut);
    }

    /**
     * Cuts {@code bytes} into reads of 1 to {@code cut} bytes (one read when {@code cut} is 0).
     *
     * @param bytes the bytes to cut
     * @param cut   the largest read, or 0 for one read
     * @return fresh buffers over copies, every other one direct
     */
    public static List<ByteBuffer> cut(byte[] bytes, int cut) {
        if (cut == 0) {
            return List.of(ByteBuffer.wrap(bytes.clone()));
        }
        List<ByteBuffer> reads = new ArrayList<>();
        int state = cut * 0x9E3779B1 | 1;
        int at = 0;
        boolean direct = false;
        while (at < bytes.length) {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            int n = Math.min(bytes.length - at, 1 + Math.floorMod(state, cut));
            ByteBuffer read = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
            read.put(bytes, at, n).flip();
            reads.add(read);
            at += n;
            direct = !direct;
        }
        return reads;
    }

    /**
     * Returns bytes as lower-case hex, for event records.
     *
     * @param buffer the bytes from position to limit; neither moves
     * @return the hex
     */
    public static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Returns the bytes of a buffer, from position to limit; neither moves.
     *
     * @param buffer the buffer
     * @return a new array
     */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /**
     * Fails the fuzz run with a message: an invariant was broken.
     *
     * @param holds   the invariant
     * @param message what was expected
     */
    public static void check(boolean holds, String message) {
        if (!holds) {
            throw new AssertionError(message);
        }
    }
}
