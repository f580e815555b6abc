package dev.weft.codec.internal;

import java.nio.ByteBuffer;

/**
 * Where the whole messages in bytes just read end, and how far the message cut off after them
 * reaches, from the frame headers alone (RFC 6455 §5.2): enough for the reader to gather a message
 * that spans reads in one buffer before the engine sees it, so that the engine lends it as a view
 * instead of assembling a copy. Nothing is validated here; the engine judges every frame itself,
 * and a wrong header only makes the reader hand the bytes over as they are.
 *
 * <p>The bytes must start at a frame that starts a message (the engine is at a message
 * boundary). Control frames between the fragments of a message belong to it here. In the codec,
 * since reading frame headers is protocol work, and exported to the transports only.
 */
public final class MessageExtent {

    /** Opcodes from 0x8 up are control frames (§5.5). */
    private static final int FIRST_CONTROL_OPCODE = 0x8;

    private MessageExtent() {
    }

    /**
     * Walks the frame headers of {@code bytes} from position to limit, without moving either.
     *
     * @param bytes bytes read, starting at a message
     * @return how many bytes from the position hold whole messages, in the low 32 bits; in the
     *         high 32 bits, how many bytes from there the next message needs at least (its frames
     *         seen so far, one partly read included; {@code Integer.MAX_VALUE} if more than that),
     *         or 0 when every byte belongs to a whole message
     */
    public static long scan(ByteBuffer bytes) {
        int start = bytes.position();
        int end = bytes.limit();
        int at = start;
        int messageStart = start;
        boolean inMessage = false;
        while (true) {
            if (at == end) {
                // Ends at a frame boundary: a message in progress needs at least one more frame header.
                return pack(messageStart - start, inMessage ? at - messageStart + 2 : 0);
            }
            if (end - at < 2) {
                return pack(messageStart - start, at - messageStart + 2);
            }
            int b0 = bytes.get(at) & 0xFF;
            int b1 = bytes.get(at + 1) & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            int length7 = b1 & 0x7F;
            int header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
            if (end - at < header) {
                return pack(messageStart - start, at - messageStart + header);
            }
            long length = length7 == 126 ? bytes.getShort(at + 2) & 0xFFFF
                    : length7 == 127 ? bytes.getLong(at + 2) : length7;
            long frameEnd = (long) at + header + length;
            if (length < 0 || frameEnd > end) {
                long need = length < 0 ? Integer.MAX_VALUE : frameEnd - messageStart;
                return pack(messageStart - start, (int) Math.min(need, Integer.MAX_VALUE));
            }
            at = (int) frameEnd;
            if (opcode >= FIRST_CONTROL_OPCODE) {
                if (!inMessage) {
                    messageStart = at; // a control frame on its own is a whole message here
                }
            } else if (fin) {
                inMessage = false;
                messageStart = at;
            } else {
                inMessage = true;
            }
        }
    }

    /**
     * Returns how many bytes from the position hold whole messages.
     *
     * @param scanned an answer of {@link #scan}
     * @return the bytes of the whole messages
     */
    public static int whole(long scanned) {
        return (int) scanned;
    }

    /**
     * Returns how many bytes the message cut off after the whole ones needs at least.
     *
     * @param scanned an answer of {@link #scan}
     * @return the bytes needed; 0 if no message is cut off
     */
    public static int needed(long scanned) {
        return (int) (scanned >>> 32);
    }

    private static long pack(int whole, int needed) {
        return ((long) needed << 32) | (whole & 0xFFFFFFFFL);
    }
}
