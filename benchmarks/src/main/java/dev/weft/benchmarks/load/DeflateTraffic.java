package dev.weft.benchmarks.load;

import dev.weft.benchmarks.JsonText;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * What the generator sends when permessage-deflate is on, built once per point and shared by
 * every connection: a cycle of different JSON-like text messages of one size (consecutive slices
 * of {@link JsonText}), each already compressed and framed as a masked text frame with RSV1 set.
 *
 * <p>The generator compresses each message on its own, with an empty history: a client may always
 * do so, whatever context takeover allows it (RFC 7692 §7.1.1.2 permits, it does not require), and
 * it lets the frames be built ahead, so the generator spends its time reading echoes, as it does
 * uncompressed. The server still inflates every message and compresses every echo under the terms
 * agreed; the generator inflates every echo and compares it with what was sent.
 *
 * <p>The messages differ, so a server keeping its context compresses an echo against the ones
 * before it as it would in a feed, not against a copy of the same message. The cycle is at least
 * 1 MiB of text, far beyond deflate's 32 KiB window.
 */
final class DeflateTraffic {

    private static final int CYCLE_BYTES = 1024 * 1024;
    private static final byte[] KEY = {(byte) 0x5a, (byte) 0xc3, (byte) 0x19, (byte) 0x7e};
    private static final int FIN_RSV1_TEXT = 0x80 | 0x40 | 0x1;
    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Compression compression;
    private final int size;
    private final byte[][] messages;
    private final byte[][] frames;

    private DeflateTraffic(Compression compression, int size) {
        if (!compression.on()) {
            throw new IllegalArgumentException("no compression");
        }
        if (size < 1) {
            throw new IllegalArgumentException("compressed messages need at least one byte: " + size);
        }
        this.compression = compression;
        this.size = size;
        int count = Math.max(16, CYCLE_BYTES / size);
        byte[] text = JsonText.corpus(Math.multiplyExact(count, size));
        messages = new byte[count][];
        frames = new byte[count][];
        Deflater deflater = new Deflater(Compression.LEVEL, true);
        try {
            for (int i = 0; i < count; i++) {
                messages[i] = Arrays.copyOfRange(text, i * size, (i + 1) * size);
                deflater.reset();
                frames[i] = frame(compress(deflater, messages[i]));
            }
        } finally {
            deflater.end();
        }
    }

    /**
     * Builds the traffic for one point.
     *
     * @param compression how the connections negotiate; not {@link Compression#NONE}
     * @param size the bytes of every message before compression, at least 1
     * @return the traffic
     */
    static DeflateTraffic of(Compression compression, int size) {
        return new DeflateTraffic(compression, size);
    }

    Compression compression() {
        return compression;
    }

    /** Returns the uncompressed size of every message. */
    int size() {
        return size;
    }

    /** Returns how many different messages the cycle holds. */
    int count() {
        return messages.length;
    }

    /**
     * Returns where connection {@code id} starts in the cycle, so connections do not all send the
     * same message at once.
     */
    int start(int id) {
        return (int) ((id * 7919L) % messages.length);
    }

    /** Returns message {@code index} of the cycle (taken modulo its length), as text; not to be changed. */
    byte[] message(long index) {
        return messages[(int) (index % messages.length)];
    }

    /** Returns the frame of message {@code index}: masked, RSV1 set, compressed; not to be changed. */
    byte[] frame(long index) {
        return frames[(int) (index % frames.length)];
    }

    /** §7.2.1: deflate, sync flush, and the flush's 00 00 ff ff taken off. */
    private static byte[] compress(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        byte[] out = new byte[message.length + message.length / 8 + 64];
        int n = 0;
        while (true) {
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (n < 4 || !Arrays.equals(out, n - 4, n, TRAILER, 0, 4)) {
            throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
        }
        return Arrays.copyOf(out, n - 4);
    }

    /** RFC 6455 §5.2 with RSV1 (RFC 7692 §6): a final, masked text frame of the compressed bytes. */
    private static byte[] frame(byte[] payload) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + KEY.length + length];
        frame[0] = (byte) FIN_RSV1_TEXT;
        int at = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | length);
        } else if (lengthBytes == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[at++] = (byte) (length >>> 8);
            frame[at++] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) length >>> shift);
            }
        }
        System.arraycopy(KEY, 0, frame, at, KEY.length);
        at += KEY.length;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ KEY[i & 3]);
        }
        return frame;
    }
}
