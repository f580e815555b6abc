package dev.weft.codec.http;

import java.nio.ByteBuffer;

/**
 * Writes a message head (RFC 9112 §2.1: start line, field lines, empty line) straight into one
 * array of the exact size, each character as one octet: no text is built first and copied after,
 * so encoding a head makes the array and the buffer around it and nothing else.
 */
final class HeadWriter {

    private final byte[] out;
    private int at;

    /**
     * @param length the head's length plus room for whatever follows it (a body)
     */
    HeadWriter(int length) {
        out = new byte[length];
    }

    /** Appends text, one octet per character (see {@link #put}). */
    HeadWriter text(String s) {
        at = put(out, at, s);
        return this;
    }

    /** Appends a non-negative number in decimal. */
    HeadWriter number(long n) {
        int digits = digits(n);
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        at += digits;
        return this;
    }

    /** Appends the CRLF that ends a line. */
    HeadWriter crlf() {
        out[at++] = '\r';
        out[at++] = '\n';
        return this;
    }

    /** Appends the field lines. */
    HeadWriter fields(HttpHeaders headers) {
        at = headers.writeTo(out, at);
        return this;
    }

    /** Appends raw bytes, such as a body. */
    HeadWriter bytes(byte[] b) {
        System.arraycopy(b, 0, out, at, b.length);
        at += b.length;
        return this;
    }

    /**
     * Returns what was written, in a buffer the caller owns.
     *
     * @throws IllegalStateException if fewer bytes were written than the length promised
     */
    ByteBuffer toBuffer() {
        if (at != out.length) {
            throw new IllegalStateException("head measured at " + out.length + " bytes but " + at + " were written");
        }
        return ByteBuffer.wrap(out);
    }

    /**
     * Writes {@code s}, one octet per character, at {@code at}, and returns where the next byte
     * goes. A character above U+00FF, which no octet can carry, becomes {@code ?}, as
     * {@code String.getBytes(ISO_8859_1)} would write it; headers and reason phrases never hold
     * one, since their constructors refuse it.
     */
    static int put(byte[] out, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[at++] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return at;
    }

    /** Returns how many decimal digits a non-negative number has. */
    static int digits(long n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }
}
