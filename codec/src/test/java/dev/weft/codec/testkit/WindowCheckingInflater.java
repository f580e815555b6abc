package dev.weft.codec.testkit;

import java.util.Arrays;

/**
 * A small raw-DEFLATE decoder (RFC 1951) written to catch what zlib forgives: a
 * back-reference further than the window the sender promised (RFC 7692 §7.1.2), or before the
 * start of the history it may use (after a context reset). It decodes one permessage-deflate
 * message at a time, with the trailer put back (§7.2.2), keeping the history across messages
 * unless told to reset.
 *
 * <p>Two users share this one copy: the codec's own window tests, and the conformance suite's
 * deflate fuzzer, which checks a live peer's compressor with it (so it is in the kit that the
 * codec's test-jar publishes, and the conformance application takes that jar).
 */
public final class WindowCheckingInflater {

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
        769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final int window;
    /** Output since the last reset that a back-reference may reach, oldest first. */
    private byte[] history = new byte[0];
    private int longestDistance;

    /** @param windowBits the window the sender promised, 8–15 */
    public WindowCheckingInflater(int windowBits) {
        this.window = 1 << windowBits;
    }

    /** Forgets the history, as when the sender has no context takeover. */
    public void reset() {
        history = new byte[0];
    }

    /** The longest back-reference seen so far. */
    public int longestDistance() {
        return longestDistance;
    }

    /**
     * Inflates one message's payload as sent (without its trailer).
     *
     * @throws IllegalStateException if the data is corrupt or refers too far back
     */
    public byte[] inflate(byte[] payload) {
        byte[] in = Arrays.copyOf(payload, payload.length + 4);
        in[payload.length + 2] = (byte) 0xff;
        in[payload.length + 3] = (byte) 0xff;
        Bits bits = new Bits(in);
        Output out = new Output(history);
        boolean last = false;
        while (!last && bits.position < (long) in.length * 8) {
            last = bits.read(1) == 1;
            int type = bits.read(2);
            switch (type) {
                case 0 -> stored(bits, out);
                case 1 -> huffman(bits, out, FIXED_LITERALS, FIXED_DISTANCES);
                case 2 -> dynamic(bits, out);
                default -> throw new IllegalStateException("reserved block type 3");
            }
        }
        byte[] message = out.message();
        history = out.tail(1 << 15);
        return message;
    }

    private void stored(Bits bits, Output out) {
        bits.align();
        int len = bits.read(16);
        int nlen = bits.read(16);
        if ((len ^ 0xffff) != nlen) {
            throw new IllegalStateException("stored block length check fails");
        }
        for (int i = 0; i < len; i++) {
            out.write(bits.read(8));
        }
    }

    private void dynamic(Bits bits, Output out) {
        int nlen = bits.read(5) + 257;
        int ndist = bits.read(5) + 1;
        int ncode = bits.read(4) + 4;
        int[] lengths = new int[19];
        for (int i = 0; i < ncode; i++) {
            lengths[CODE_LENGTH_ORDER[i]] = bits.read(3);
        }
        Huffman codeLengths = new Huffman(lengths, 19);
        int[] all = new int[nlen + ndist];
        for (int i = 0; i < nlen + ndist; ) {
            int sym = codeLengths.decode(bits);
            if (sym < 16) {
                all[i++] = sym;
                continue;
            }
            int repeat;
            int value = 0;
            if (sym == 16) {
                if (i == 0) {
                    throw new IllegalStateException("repeat with no previous length");
                }
                value = all[i - 1];
                repeat = 3 + bits.read(2);
            } else if (sym == 17) {
                repeat = 3 + bits.read(3);
            } else {
                repeat = 11 + bits.read(7);
            }
            if (i + repeat > nlen + ndist) {
                throw new IllegalStateException("code lengths overflow");
            }
            while (repeat-- > 0) {
                all[i++] = value;
            }
        }
        huffman(bits, out, new Huffman(Arrays.copyOf(all, nlen), nlen),
                new Huffman(Arrays.copyOfRange(all, nlen, nlen + ndist), ndist));
    }

    private void huffman(Bits bits, Output out, Huffman literals, Huffman distances) {
        while (true) {
            int sym = literals.decode(bits);
            if (sym < 256) {
                out.write(sym);
            } else if (sym == 256) {
                return;
            } else {
                sym -= 257;
                if (sym >= 29) {
                    throw new IllegalStateException("bad length symbol");
                }
                int length = LENGTH_BASE[sym] + bits.read(LENGTH_EXTRA[sym]);
                int d = distances.decode(bits);
                if (d >= 30) {
                    throw new IllegalStateException("bad distance symbol");
                }
                int distance = DIST_BASE[d] + bits.read(DIST_EXTRA[d]);
                if (distance > window) {
                    throw new IllegalStateException("back-reference of " + distance + " bytes, beyond the promised window of " + window);
                }
                longestDistance = Math.max(longestDistance, distance);
                out.copy(distance, length);
            }
        }
    }

    private static final Huffman FIXED_LITERALS;
    private static final Huffman FIXED_DISTANCES;

    static {
        int[] l = new int[288];
        Arrays.fill(l, 0, 144, 8);
        Arrays.fill(l, 144, 256, 9);
        Arrays.fill(l, 256, 280, 7);
        Arrays.fill(l, 280, 288, 8);
        FIXED_LITERALS = new Huffman(l, 288);
        int[] d = new int[30];
        Arrays.fill(d, 5);
        FIXED_DISTANCES = new Huffman(d, 30);
    }

    /** Canonical Huffman decoding, a bit at a time (slow and simple). */
    private static final class Huffman {
        final int[] count = new int[16];
        final int[] symbols;

        Huffman(int[] lengths, int n) {
            symbols = new int[n];
            for (int i = 0; i < n; i++) {
                count[lengths[i]]++;
            }
            int[] offsets = new int[16];
            for (int len = 1; len < 15; len++) {
                offsets[len + 1] = offsets[len] + count[len];
            }
            for (int i = 0; i < n; i++) {
                if (lengths[i] != 0) {
                    symbols[offsets[lengths[i]]++] = i;
                }
            }
        }

        int decode(Bits bits) {
            int code = 0;
            int first = 0;
            int index = 0;
            for (int len = 1; len <= 15; len++) {
                code |= bits.read(1);
                int c = count[len];
                if (code - c < first) {
                    return symbols[index + (code - first)];
                }
                index += c;
                first += c;
                first <<= 1;
                code <<= 1;
            }
            throw new IllegalStateException("no such Huffman code");
        }
    }

    private static final class Bits {
        final byte[] in;
        long position;

        Bits(byte[] in) {
            this.in = in;
        }

        int read(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                int at = (int) (position >>> 3);
                if (at >= in.length) {
                    throw new IllegalStateException("compressed data ends early");
                }
                v |= ((in[at] >>> (position & 7)) & 1) << i;
                position++;
            }
            return v;
        }

        void align() {
            position = (position + 7) & ~7L;
        }
    }

    /** The history then this message's output; references may reach into the history. */
    private static final class Output {
        private final int historyLength;
        private byte[] buf;
        private int length;

        Output(byte[] history) {
            buf = Arrays.copyOf(history, Math.max(1024, history.length * 2));
            historyLength = history.length;
            length = history.length;
        }

        void write(int b) {
            if (length == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[length++] = (byte) b;
        }

        void copy(int distance, int n) {
            if (distance > length) {
                throw new IllegalStateException("back-reference of " + distance + " bytes reaches before the history ("
                        + length + " bytes)");
            }
            for (int i = 0; i < n; i++) {
                write(buf[length - distance]);
            }
        }

        byte[] message() {
            return Arrays.copyOfRange(buf, historyLength, length);
        }

        byte[] tail(int max) {
            return Arrays.copyOfRange(buf, Math.max(0, length - max), length);
        }
    }
}
