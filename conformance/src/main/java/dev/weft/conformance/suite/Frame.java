package dev.weft.conformance.suite;

import dev.weft.codec.frame.FrameHeader;
import dev.weft.codec.frame.Masker;
import dev.weft.codec.frame.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A frame the fuzzer sends, of any shape the §5.2 layout can carry, legal or not: reserved bits,
 * reserved opcodes, fragmented or oversized control frames.
 *
 * @param fin     the FIN bit
 * @param rsv     the three reserved bits, 0–7 (RSV1 is 4)
 * @param opcode  the 4-bit opcode, reserved values included
 * @param payload the unmasked payload
 */
public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

    /** Opcode %x0. */
    public static final int CONTINUATION = 0x0;
    /** Opcode %x1. */
    public static final int TEXT = 0x1;
    /** Opcode %x2. */
    public static final int BINARY = 0x2;
    /** Opcode %x8. */
    public static final int CLOSE = 0x8;
    /** Opcode %x9. */
    public static final int PING = 0x9;
    /** Opcode %xA. */
    public static final int PONG = 0xA;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code rsv} or {@code opcode} does not fit its bits
     */
    public Frame {
        if ((rsv & ~7) != 0 || (opcode & ~0xF) != 0) {
            throw new IllegalArgumentException("rsv must fit 3 bits and opcode 4 bits");
        }
    }

    /**
     * Returns a final frame with no reserved bits.
     *
     * @param opcode  the opcode
     * @param payload the payload
     * @return the frame
     */
    public static Frame of(int opcode, byte[] payload) {
        return new Frame(true, 0, opcode, payload);
    }

    /**
     * Returns a final frame with a UTF-8 payload.
     *
     * @param opcode the opcode
     * @param text   the payload, encoded as UTF-8
     * @return the frame
     */
    public static Frame of(int opcode, String text) {
        return of(opcode, utf8(text));
    }

    /**
     * Returns a frame with the given FIN bit and no reserved bits.
     *
     * @param opcode  the opcode
     * @param fin     the FIN bit
     * @param payload the payload
     * @return the frame
     */
    public static Frame of(int opcode, boolean fin, byte[] payload) {
        return new Frame(fin, 0, opcode, payload);
    }

    /**
     * Returns a frame with the given FIN bit and a UTF-8 payload.
     *
     * @param opcode the opcode
     * @param fin    the FIN bit
     * @param text   the payload
     * @return the frame
     */
    public static Frame of(int opcode, boolean fin, String text) {
        return of(opcode, fin, utf8(text));
    }

    /**
     * Returns a copy with other reserved bits.
     *
     * @param bits 0–7
     * @return the copy
     */
    public Frame withRsv(int bits) {
        return new Frame(fin, bits, opcode, payload);
    }

    /**
     * Returns the UTF-8 bytes of a string.
     *
     * @param text the text
     * @return its UTF-8 encoding
     */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the frame on the wire: header (shortest length form) and payload, masked with a
     * fresh key when {@code masked}.
     *
     * @param masked whether to mask (a client's frames must be, a server's must not be, §5.1)
     * @param random the source of masking keys
     * @return a new array holding the whole frame
     */
    public byte[] encode(boolean masked, RandomGenerator random) {
        int key = masked ? random.nextInt() : 0;
        FrameHeader header = new FrameHeader(fin, rsv, Opcode.of(opcode), masked, key, payload.length);
        ByteBuffer out = ByteBuffer.allocate(header.encodedLength() + payload.length);
        header.writeTo(out);
        int start = out.position();
        out.put(payload);
        if (masked) {
            Masker.mask(out, start, out.position(), key, 0);
        }
        return out.array();
    }

    /**
     * Returns the length of the encoded header, to split an encoded frame at payload offsets.
     *
     * @param masked whether the frame is masked
     * @return 2 to 14
     */
    public int headerLength(boolean masked) {
        return FrameHeader.encodedLength(payload.length, masked);
    }

    /**
     * Returns a short description for wire logs.
     *
     * @return for example {@code TEXT fin rsv=0 13 bytes "Hello, world!"}
     */
    public String describe() {
        String head = Opcode.of(opcode) + (fin ? " fin" : " no-fin") + (rsv != 0 ? " rsv=" + rsv : "") + " ";
        if (opcode == CLOSE && payload.length >= 2) {
            int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            byte[] reason = Arrays.copyOfRange(payload, 2, payload.length);
            return head + "code " + code + (reason.length > 0 ? ", reason " + Event.show(reason, true) : "");
        }
        return head + Event.show(payload, opcode == TEXT || opcode == CONTINUATION || opcode == CLOSE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.fin == fin && f.rsv == rsv && f.opcode == opcode && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload) * 31 + opcode;
    }

    @Override
    public String toString() {
        return describe();
    }
}
