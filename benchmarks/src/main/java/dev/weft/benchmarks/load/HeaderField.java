package dev.weft.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * One field of a frame header (the first two bytes, an extended length, a masking key) gathered
 * across reads: the generator's readers take bytes as the socket gives them, so a field may
 * arrive split. Holds up to 8 bytes; reused for every field of a connection.
 */
final class HeaderField {

    private final byte[] bytes = new byte[8];
    private int have;

    /**
     * Takes bytes of the current field from {@code in}.
     *
     * @param in    bytes read; advanced past what is taken
     * @param count the field's length, at most 8
     * @return true once all {@code count} bytes are in; the next call starts a new field
     */
    boolean gather(ByteBuffer in, int count) {
        int n = Math.min(count - have, in.remaining());
        in.get(bytes, have, n);
        have += n;
        if (have < count) {
            return false;
        }
        have = 0;
        return true;
    }

    /** Returns byte {@code i} of the last field gathered, unsigned. */
    int unsigned(int i) {
        return bytes[i] & 0xFF;
    }

    /** Returns the first {@code count} bytes of the last field gathered as a big-endian number. */
    long bigEndian(int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    /** Copies the first {@code count} bytes of the last field gathered into {@code to}. */
    void copyTo(byte[] to, int count) {
        System.arraycopy(bytes, 0, to, 0, count);
    }
}
