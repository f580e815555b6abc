package dev.weft.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * The one client frame the generator sends, again and again: a final text or binary frame of a
 * fixed payload, masked once with a fixed key when it is built. The generator therefore spends
 * nothing per message on framing or masking, and what it measures is the server.
 *
 * <p>RFC 6455 §5.3 wants a fresh, unpredictable key per frame so that a browser's peer cannot
 * steer the bytes on the wire to confuse proxies; a load generator on loopback has no such peer,
 * and servers must unmask whatever key they get, so one key costs them the same work.
 */
final class MessageFrame {

    /** The masking key of every frame. */
    private static final byte[] KEY = {(byte) 0x5a, (byte) 0xc3, (byte) 0x19, (byte) 0x7e};
    /** A run of copies this long lets one write carry many small frames. */
    private static final int RUN_BYTES = 64 * 1024;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private final boolean text;
    private final byte[] payload;
    private final int frameLength;
    private final ByteBuffer run;

    private MessageFrame(int size, boolean text) {
        this.text = text;
        this.payload = new byte[size];
        for (int i = 0; i < size; i++) {
            // Text stays in ASCII, so it is valid UTF-8; binary walks through every byte value.
            payload[i] = text ? (byte) ('a' + i % 26) : (byte) (i * 31 + 7);
        }
        byte[] frame = encode(text ? OPCODE_TEXT : OPCODE_BINARY, payload);
        this.frameLength = frame.length;
        int copies = Math.max(1, (RUN_BYTES + frameLength - 1) / frameLength);
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.multiplyExact(copies, frameLength));
        for (int i = 0; i < copies; i++) {
            buffer.put(frame);
        }
        this.run = buffer.flip().asReadOnlyBuffer();
    }

    /**
     * Builds the frame for one message size.
     *
     * @param size the payload length in bytes
     * @param text whether the message is text (ASCII) rather than binary
     * @return the frame
     */
    static MessageFrame of(int size, boolean text) {
        if (size < 0) {
            throw new IllegalArgumentException("message size must not be negative: " + size);
        }
        return new MessageFrame(size, text);
    }

    /** §5.2: FIN, the opcode, the mask bit, the shortest length form, the key, the masked payload. */
    private static byte[] encode(int opcode, byte[] payload) {
        int size = payload.length;
        int lengthBytes = size < 126 ? 0 : size <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + KEY.length + size];
        frame[0] = (byte) (0x80 | opcode);
        int at = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | size);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[at++] = (byte) (size >>> 8);
            frame[at++] = (byte) size;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) size >>> shift);
            }
        }
        System.arraycopy(KEY, 0, frame, at, KEY.length);
        at += KEY.length;
        for (int i = 0; i < size; i++) {
            frame[at + i] = (byte) (payload[i] ^ KEY[i & 3]);
        }
        return frame;
    }

    /**
     * Returns the payload length.
     *
     * @return bytes per message
     */
    int size() {
        return payload.length;
    }

    /**
     * Returns whether the message is text.
     *
     * @return {@code true} for text, {@code false} for binary
     */
    boolean text() {
        return text;
    }

    /**
     * Returns the opcode the echo must carry.
     *
     * @return 1 for text, 2 for binary
     */
    int opcode() {
        return text ? OPCODE_TEXT : OPCODE_BINARY;
    }

    /**
     * Returns the length of the whole frame on the wire.
     *
     * @return header, key and payload bytes
     */
    int frameLength() {
        return frameLength;
    }

    /**
     * Returns the payload byte at an offset, unmasked: what an echo must hold there.
     *
     * @param offset from 0 to {@link #size()} − 1
     * @return the byte
     */
    byte payloadAt(int offset) {
        return payload[offset];
    }

    /**
     * Returns the masking key byte that applies at a payload offset within a frame.
     *
     * @param key    the key as read from a frame
     * @param offset the payload offset within that frame
     * @return the byte to XOR with
     */
    static byte keyAt(byte[] key, long offset) {
        return key[(int) (offset & 3)];
    }

    /**
     * Returns a view of the expected payload.
     *
     * @param from the first offset
     * @param length how many bytes
     * @return a read-only buffer over the payload, from position 0 to {@code length}; the
     *         caller owns the view, the bytes are shared and never change
     */
    ByteBuffer payload(int from, int length) {
        return ByteBuffer.wrap(payload, from, length).slice().asReadOnlyBuffer();
    }

    /**
     * Returns the frame repeated back to back, for one sending thread.
     *
     * @return a new read-only view of a run of whole frames (one at least, about 64 KiB for small
     *         frames); the caller owns its position and limit, the bytes are shared
     */
    ByteBuffer newRun() {
        return run.duplicate();
    }
}
