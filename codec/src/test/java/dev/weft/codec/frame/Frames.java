package dev.weft.codec.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds raw frames for tests, including ones no encoder would write. */
final class Frames {
    static final int KEY = 0x37fa213d;

    private Frames() {
    }

    /** A frame as a client sends it: masked with {@link #KEY}. */
    static byte[] fromClient(boolean fin, int rsv, int opcode, byte[] payload) {
        return raw(fin, rsv, opcode, true, KEY, payload);
    }

    /** A frame as a server sends it: not masked. */
    static byte[] fromServer(boolean fin, int rsv, int opcode, byte[] payload) {
        return raw(fin, rsv, opcode, false, 0, payload);
    }

    static byte[] raw(boolean fin, int rsv, int opcode, boolean masked, int key, byte[] payload) {
        FrameHeader header = new FrameHeader(fin, rsv, Opcode.of(opcode), masked, masked ? key : 0, payload.length);
        ByteBuffer out = ByteBuffer.allocate(header.encodedLength() + payload.length);
        header.writeTo(out);
        for (int i = 0; i < payload.length; i++) {
            // The byte-by-byte definition of §5.3, written out here so tests do not trust Masker.
            int keyByte = masked ? (key >>> (24 - 8 * (i & 3))) & 0xFF : 0;
            out.put((byte) (payload[i] ^ keyByte));
        }
        return out.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
