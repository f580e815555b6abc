package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Gathers one line of a message head from input that may arrive in pieces of any size.
 *
 * <p>A line ends with CRLF or with a lone LF, which RFC 9112 §2.2 lets a recipient accept. A CR
 * not followed by LF, and a NUL anywhere, are refused: both are known ways to make two parsers
 * disagree about where a line ends. The reader never consumes a byte past the LF, and its buffer
 * never grows past the largest line a caller allows.
 */
final class LineReader {

    /** What a call to {@link #read} found. */
    enum Outcome {
        /** A whole line is ready in {@link #text}. */
        LINE,
        /** The input ran out first; everything given was consumed. */
        MORE,
        /** The line is longer than allowed. */
        TOO_LONG
    }

    private final int badStatus;
    /** Long enough for every line of a usual upgrade but a browser's User-Agent, which grows it once. */
    private byte[] buf = new byte[128];
    private int length;
    private int consumed;
    private boolean sawCr;
    private boolean complete;

    /**
     * @param badStatus the status of the {@link HttpException} for a bare CR or a NUL
     */
    LineReader(int badStatus) {
        this.badStatus = badStatus;
    }

    /**
     * Reads on until the end of the current line or of the input.
     *
     * @param in         input; its position moves past the bytes consumed, never past the LF
     * @param maxContent the most bytes the line may hold, line ending excluded
     * @return what was found
     * @throws HttpException with the bad-input status for a bare CR or a NUL
     */
    Outcome read(ByteBuffer in, int maxContent) {
        if (complete) {
            length = 0;
            consumed = 0;
            complete = false;
        }
        // Absolute reads into locals, written back once on the way out: this loop sees every
        // byte of every request head.
        int pos = in.position();
        int limit = in.limit();
        byte[] line = buf;
        int n = length;
        int used = consumed;
        try {
            while (pos < limit) {
                byte b = in.get(pos++);
                used++;
                if (sawCr) {
                    if (b != '\n') {
                        throw new HttpException(badStatus, "CR not followed by LF in message head");
                    }
                    sawCr = false;
                    complete = true;
                    return Outcome.LINE;
                }
                switch (b) {
                    case '\n' -> {
                        complete = true;
                        return Outcome.LINE;
                    }
                    case '\r' -> sawCr = true;
                    case 0 -> throw new HttpException(badStatus, "NUL byte in message head");
                    default -> {
                        if (n >= maxContent) {
                            return Outcome.TOO_LONG;
                        }
                        if (n == line.length) {
                            line = Arrays.copyOf(line, Math.min(maxContent, line.length * 2));
                        }
                        line[n++] = b;
                    }
                }
            }
            return Outcome.MORE;
        } finally {
            in.position(pos);
            buf = line;
            length = n;
            consumed = used;
        }
    }

    /** Returns the length of the line read, line ending excluded. */
    int length() {
        return length;
    }

    /** Returns the bytes consumed for the line read, line ending included. */
    int consumed() {
        return consumed;
    }

    /** Returns the byte at {@code i} of the line read, 0 to 255. */
    int byteAt(int i) {
        return buf[i] & 0xFF;
    }

    /** Returns part of the line read as text, one char per octet; a usual word comes shared ({@link SharedText}). */
    String text(int from, int to) {
        return SharedText.of(buf, from, to);
    }

    /** Returns the index of the first {@code b} in the line read at or after {@code from}, or -1. */
    int indexOf(int b, int from) {
        for (int i = from; i < length; i++) {
            if (buf[i] == (byte) b) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets any partial line. */
    void clear() {
        length = 0;
        consumed = 0;
        sawCr = false;
        complete = false;
    }
}
