package dev.weft.benchmarks;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * The messages of the permessage-deflate benchmarks: a cycle of different messages of one size,
 * consecutive slices of {@link JsonText} or of random bytes. A benchmark that compressed one
 * message again and again with context takeover would measure a back-reference to the previous
 * copy, not compression; the cycle is long enough (256 KiB at least) that no message is still in
 * deflate's 32 KiB window when it comes round again.
 */
final class DeflateMessages {

    /** Bytes in one cycle at least: far beyond deflate's 32 KiB window. */
    private static final int CYCLE_BYTES = 256 * 1024;

    private static final byte[] TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    private DeflateMessages() {
    }

    /**
     * Returns the cycle.
     *
     * @param data {@code json} or {@code random}
     * @param size bytes per message
     * @return at least 8 messages, together at least 256 KiB
     * @throws IllegalArgumentException for other data
     */
    static byte[][] cycle(String data, int size) {
        int count = Math.max(8, CYCLE_BYTES / Math.max(1, size));
        byte[] all = switch (data) {
            case "json" -> JsonText.corpus(count * size);
            case "random" -> {
                byte[] b = new byte[count * size];
                new Random(42).nextBytes(b);
                yield b;
            }
            default -> throw new IllegalArgumentException("data is json or random: " + data);
        };
        byte[][] messages = new byte[count][];
        for (int i = 0; i < count; i++) {
            messages[i] = Arrays.copyOfRange(all, i * size, (i + 1) * size);
        }
        return messages;
    }

    /**
     * Compresses a cycle in order with one compressor that keeps its context, as a peer with
     * context takeover sends it: each message sync-flushed and without its final
     * {@code 00 00 ff ff} (RFC 7692 §7.2.1). Inflated in the same order by one decompressor, every
     * message decodes, the first again after the last as well (it was compressed with an empty
     * history, so it refers to nothing before it).
     *
     * @param messages the cycle
     * @param level the zlib level
     * @return the compressed messages, in order
     */
    static byte[][] compressed(byte[][] messages, int level) {
        Deflater d = new Deflater(level, true);
        byte[][] out = new byte[messages.length][];
        try {
            for (int i = 0; i < messages.length; i++) {
                d.setInput(messages[i]);
                byte[] buffer = new byte[messages[i].length + messages[i].length / 8 + 64];
                int n = 0;
                while (true) {
                    n += d.deflate(buffer, n, buffer.length - n, Deflater.SYNC_FLUSH);
                    if (n < buffer.length) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                if (n < 4 || !Arrays.equals(buffer, n - 4, n, TRAILER, 0, 4)) {
                    throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
                }
                out[i] = Arrays.copyOf(buffer, n - 4);
            }
        } finally {
            d.end();
        }
        return out;
    }
}
