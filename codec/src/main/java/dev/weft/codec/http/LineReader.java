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
    /** Whether the line holds a control character other than HTAB (never LF, CR or NUL). */
    private boolean hasControl;
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
            hasControl = false;
            complete = false;
        }
        // This sees every byte of every request head, so it works in two steps: a scan that
        // looks each byte up once (is it a field character?) and then one bulk copy of the run of
        // line bytes it passed. The checks of what the line says come later, on the copy, where
        // the parser knows which part of the line it is reading.
        int pos = in.position();
        int limit = in.limit();
        try {
            while (pos < limit) {
                if (sawCr) {
                    if (in.get(pos) != '\n') {
                        throw new HttpException(badStatus, "CR not followed by LF in message head");
                    }
                    pos++;
                    consumed++;
                    sawCr = false;
                    complete = true;
                    return Outcome.LINE;
                }
                int runStart = pos;
                int room = maxContent - length;
                int runEnd = limit - pos <= room ? limit : pos + room; // no overflow for a huge limit
                while (pos < runEnd) {
                    byte b = in.get(pos);
                    // One lookup decides for the usual byte, a field character (HTAB, SP, visible
                    // or obs-text). Any other ends the line (LF, CR), is refused (NUL), or is a
                    // control character that the parser refuses where it must: noted, read on.
                    if (!Syntax.isFieldChar(b & 0xFF)) {
                        if (isLineControl(b)) {
                            break;
                        }
                        hasControl = true;
                    }
                    pos++;
                }
                append(in, runStart, pos - runStart, maxContent);
                if (pos == limit) {
                    return Outcome.MORE;
                }
                byte b = in.get(pos);
                if (!isLineControl(b)) {
                    // The run stopped at the limit on content, and here is one byte more.
                    return Outcome.TOO_LONG;
                }
                pos++;
                consumed++;
                if (b == '\n') {
                    complete = true;
                    return Outcome.LINE;
                }
                if (b == 0) {
                    throw new HttpException(badStatus, "NUL byte in message head");
                }
                sawCr = true; // the LF must come next, in this input or the next
            }
            return Outcome.MORE;
        } finally {
            in.position(pos);
        }
    }

    /**
     * The bytes that end a line or are refused in one wherever they stand: LF, CR and NUL. Every
     * other byte is the line's content, for the parser to judge.
     */
    private static boolean isLineControl(byte b) {
        return b == '\n' || b == '\r' || b == 0;
    }

    /** Copies {@code count} bytes of the input from {@code from} to the end of the line read so far. */
    private void append(ByteBuffer in, int from, int count, int maxContent) {
        if (length + count > buf.length) {
            // Grows to fit, doubling, but never past the largest line allowed.
            buf = Arrays.copyOf(buf, Math.min(maxContent, Math.max(length + count, buf.length * 2)));
        }
        in.get(from, buf, length, count);
        length += count;
        consumed += count;
    }

    /** Returns the length of the line read, line ending excluded. */
    int length() {
        return length;
    }

    /**
     * Returns whether the line read holds a control character (RFC 5234 CTL) other than HTAB, so
     * that a parser needs to look for one only when there is one to find.
     */
    boolean hasControl() {
        return hasControl;
    }

    /** Returns the bytes consumed for the line read, line ending included. */
    int consumed() {
        return consumed;
    }

    /**
     * Returns the array holding the line read in its first {@link #length()} bytes, for a parser
     * to walk; it is this reader's, and its content is valid until the next {@link #read}.
     */
    byte[] bytes() {
        return buf;
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
        hasControl = false;
        complete = false;
    }
}
