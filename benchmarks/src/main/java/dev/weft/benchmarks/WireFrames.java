package dev.weft.benchmarks;

import java.io.ByteArrayOutputStream;

/**
 * Frames written byte by byte from the RFC 6455 §5.2 layout, apart from every codec under test:
 * the decode benchmarks feed the same bytes to Weft and to Netty, and neither of them wrote those
 * bytes.
 */
final class WireFrames {

    /** The opcode of a text frame (§5.2). */
    static final int TEXT = 0x1;
    /** The opcode of a binary frame (§5.2). */
    static final int BINARY = 0x2;

    /** The masking key of every masked frame built here: the one of the §5.7 examples. */
    static final int MASKING_KEY = 0x37fa213d;

    private WireFrames() {
    }

    /**
     * Returns one final frame carrying {@code payload}, with the shortest length form.
     *
     * @param opcode  the opcode, {@link #TEXT} or {@link #BINARY}
     * @param payload the payload, not changed
     * @param masked  whether to mask it with {@link #MASKING_KEY}, as a client must
     * @return the frame's bytes, header and payload
     */
    static byte[] frame(int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        long length = payload.length;
        if (length <= 125) {
            out.write(maskBit | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        if (!masked) {
            out.writeBytes(payload);
            return out.toByteArray();
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(MASKING_KEY >>> shift);
        }
        for (int i = 0; i < payload.length; i++) {
            // §5.3: byte i is XORed with key byte i mod 4, key byte 0 being the most significant.
            out.write(payload[i] ^ (MASKING_KEY >>> (24 - 8 * (i & 3))));
        }
        return out.toByteArray();
    }

    /**
     * Returns {@code count} copies of {@code frame}, back to back, as a peer's stream would carry them.
     *
     * @param frame one frame's bytes
     * @param count how many copies
     * @return the copies in one array
     */
    static byte[] repeat(byte[] frame, int count) {
        byte[] all = new byte[frame.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, all, i * frame.length, frame.length);
        }
        return all;
    }
}
