package dev.weft.codec.frame;

import java.nio.ByteBuffer;

/**
 * The header of one frame: everything before the payload (RFC 6455 §5.2).
 *
 * <p>On the wire, bit 0 is the most significant bit of the first byte:
 * <pre>
 *  byte 0      FIN(1) RSV1(1) RSV2(1) RSV3(1) opcode(4)
 *  byte 1      MASK(1) payload length(7)
 *  then        length 0–125: nothing more
 *              length 126:   16-bit unsigned extended length
 *              length 127:   64-bit unsigned extended length (most significant bit 0)
 *  then        masking key, 4 bytes, when MASK is 1
 *  then        payload
 * </pre>
 * All multi-byte numbers are in network byte order. A sender must use the shortest length form
 * that fits (§5.2); {@link #writeTo(ByteBuffer)} always does.
 *
 * @param fin           whether this is the final fragment of a message
 * @param rsv           the three reserved bits as a number 0–7: RSV1 is {@value #RSV1}, RSV2
 *                      {@value #RSV2}, RSV3 {@value #RSV3}
 * @param opcode        the opcode, reserved values included
 * @param masked        whether a masking key follows and the payload is masked
 * @param maskingKey    the 4-byte masking key, first byte most significant; 0 when not masked
 * @param payloadLength the payload length in bytes, 0 to {@link Long#MAX_VALUE}
 */
public record FrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long payloadLength) {

    /** The RSV1 bit within {@link #rsv()}. */
    public static final int RSV1 = 0b100;
    /** The RSV2 bit within {@link #rsv()}. */
    public static final int RSV2 = 0b010;
    /** The RSV3 bit within {@link #rsv()}. */
    public static final int RSV3 = 0b001;

    /** The longest a header can be: 2 bytes, an 8-byte length and a 4-byte masking key. */
    public static final int MAX_LENGTH = 14;

    /** The longest payload a control frame may have (§5.5). */
    public static final int MAX_CONTROL_PAYLOAD_LENGTH = 125;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code rsv} is outside 0–7, {@code payloadLength} is
     *                                  negative, or {@code maskingKey} is set on an unmasked header
     * @throws NullPointerException     if {@code opcode} is {@code null}
     */
    public FrameHeader {
        if ((rsv & ~0b111) != 0) {
            throw new IllegalArgumentException("rsv must be 0-7: " + rsv);
        }
        if (opcode == null) {
            throw new NullPointerException("opcode");
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length: " + payloadLength);
        }
        if (!masked && maskingKey != 0) {
            throw new IllegalArgumentException("an unmasked header has no masking key");
        }
    }

    /**
     * Returns whether RSV1 is set.
     *
     * @return whether RSV1 is set
     */
    public boolean rsv1() {
        return (rsv & RSV1) != 0;
    }

    /**
     * Returns whether RSV2 is set.
     *
     * @return whether RSV2 is set
     */
    public boolean rsv2() {
        return (rsv & RSV2) != 0;
    }

    /**
     * Returns whether RSV3 is set.
     *
     * @return whether RSV3 is set
     */
    public boolean rsv3() {
        return (rsv & RSV3) != 0;
    }

    /**
     * Returns the number of bytes {@link #writeTo(ByteBuffer)} writes for this header: 2 to 14.
     *
     * @return the number of bytes {@link #writeTo(ByteBuffer)} writes for this header: 2 to 14
     */
    public int encodedLength() {
        return encodedLength(payloadLength, masked);
    }

    /**
     * Returns the length of a header with the shortest length form for {@code payloadLength}.
     *
     * @param payloadLength the payload length, not negative
     * @param masked        whether the header carries a masking key
     * @return the header's length in bytes, 2 to 14
     */
    public static int encodedLength(long payloadLength, boolean masked) {
        int length = payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? length + 4 : length;
    }

    /**
     * Writes this header at {@code out}'s position and advances it by {@link #encodedLength()}.
     *
     * @param out a buffer the caller owns, with at least {@link #encodedLength()} bytes remaining
     * @throws java.nio.BufferOverflowException if {@code out} has too little room; then nothing is
     *                                          written and its position has not moved
     */
    public void writeTo(ByteBuffer out) {
        if (out.remaining() < encodedLength()) {
            throw new java.nio.BufferOverflowException();
        }
        write(out, fin, rsv, opcode, masked, maskingKey, payloadLength);
    }

    /**
     * Writes a header given as its fields at {@code out}'s position and advances it: the one
     * writer of the layout above, shared with {@link FrameEncoder}, which writes headers without
     * making a record of each. The fields must be valid as the components of a record are, and
     * {@code out} must have room; both are the caller's to check.
     */
    static void write(ByteBuffer out, boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey,
                      long payloadLength) {
        int pos = out.position();
        int first = (fin ? 0x80 : 0) | (rsv << 4) | opcode.code();
        int maskBit = masked ? 0x80 : 0;
        int next = pos + 2;
        // The first two bytes in one store, then the extended length in one: a small frame's
        // header is written once per message.
        if (payloadLength <= 125) {
            NetworkOrder.putShort(out, pos, first << 8 | maskBit | (int) payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            NetworkOrder.putInt(out, pos, first << 24 | (maskBit | 126) << 16 | (int) payloadLength);
            next += 2;
        } else {
            NetworkOrder.putShort(out, pos, first << 8 | maskBit | 127);
            NetworkOrder.putLong(out, next, payloadLength);
            next += 8;
        }
        if (masked) {
            NetworkOrder.putInt(out, next, maskingKey);
            next += 4;
        }
        out.position(next);
    }

    @Override
    public String toString() {
        return "FrameHeader[" + opcode + (fin ? " FIN" : "")
                + (rsv != 0 ? " RSV=" + Integer.toBinaryString(rsv) : "")
                + (masked ? " MASK=" + String.format("%08x", maskingKey) : "")
                + " length=" + payloadLength + "]";
    }
}
