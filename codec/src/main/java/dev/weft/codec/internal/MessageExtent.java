package dev.weft.codec.internal;

import java.nio.ByteBuffer;

/**
 * Where the whole messages in bytes just read end, and how far the message cut off after them
 * reaches, from the frame headers alone (RFC 6455 §5.2): enough for the reader to gather a message
 * that spans reads in one buffer before the engine sees it, so that the engine lends it as a view
 * instead of assembling a copy. Nothing is validated here; the engine judges every frame itself,
 * and a wrong header only makes the reader hand the bytes over as they are.
 *
 * <p>Only a binary message in one frame, or a control frame, is gathered: the engine must see
 * everything else as it comes. A text frame is checked for UTF-8 as its bytes arrive, so that
 * invalid text fails the connection at once (§8.1, Autobahn 6.4), not when the message is whole;
 * and a fragmented message is assembled by the engine anyway, which must judge each fragment and
 * answer a ping between fragments as they come. So a scan that meets a cut-off text frame or the
 * first fragment of a message hands every byte from there over ({@link #needed} is 0).
 *
 * <p>The bytes must start at a frame that starts a message (the engine is at a message
 * boundary). In the codec, since reading frame headers is protocol work, and exported to the
 * transports only.
 */
public final class MessageExtent {

    /** Opcodes from 0x8 up are control frames (§5.5). */
    private static final int FIRST_CONTROL_OPCODE = 0x8;
    /** §5.5: a control frame's payload is at most 125 bytes. */
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;

    private MessageExtent() {
    }

    /**
     * Walks the frame headers of {@code bytes} from position to limit, without moving either.
     *
     * @param bytes bytes read, starting at a message
     * @return in the low 32 bits, how many bytes from the position the engine should have now:
     *         the whole messages, or every byte when nothing is to be gathered; in the high 32
     *         bits, how many bytes from there the message to gather needs at least (its header,
     *         or its whole frame once the header is read; {@code Integer.MAX_VALUE} if more than
     *         that), or 0 when nothing is to be gathered
     */
    public static long scan(ByteBuffer bytes) {
        int start = bytes.position();
        int end = bytes.limit();
        int at = start;
        while (true) {
            if (at == end) {
                return pack(at - start, 0);
            }
            int b0 = bytes.get(at) & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if (!fin || opcode == CONTINUATION) {
                // A fragmented message: the engine assembles it and judges each fragment as it comes.
                return pack(end - start, 0);
            }
            // Text is checked as it arrives, and a control frame this long fails on its header
            // alone: either, cut off, goes to the engine as it is.
            boolean gatherable = opcode != TEXT;
            if (end - at < 2) {
                return gatherable ? pack(at - start, 2) : pack(end - start, 0);
            }
            int b1 = bytes.get(at + 1) & 0xFF;
            int length7 = b1 & 0x7F;
            gatherable &= opcode < FIRST_CONTROL_OPCODE || length7 <= MAX_CONTROL_PAYLOAD;
            int header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
            if (end - at < header) {
                return gatherable ? pack(at - start, header) : pack(end - start, 0);
            }
            long length = length7 == 126 ? bytes.getShort(at + 2) & 0xFFFF
                    : length7 == 127 ? bytes.getLong(at + 2) : length7;
            long frameEnd = (long) at + header + length;
            if (length < 0 || frameEnd > end) {
                if (!gatherable) {
                    return pack(end - start, 0);
                }
                long need = length < 0 ? Integer.MAX_VALUE : frameEnd - at;
                return pack(at - start, (int) Math.min(need, Integer.MAX_VALUE));
            }
            at = (int) frameEnd; // a whole message in one frame
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
