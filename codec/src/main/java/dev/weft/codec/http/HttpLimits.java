package dev.weft.codec.http;

/**
 * How much of a message head a parser accepts before refusing it. The parsers check each limit
 * as bytes arrive, so they never hold more than these many bytes of one head.
 *
 * @param maxRequestLineLength the most bytes in the request line (or, for a response, the status
 *                             line), not counting its line ending; beyond it a request gets 414
 * @param maxHeaderBlockLength the most bytes in the header field lines, counting each line ending
 *                             and the empty line that ends the head; beyond it a request gets 431
 * @param maxHeaderCount       the most header field lines; beyond it a request gets 431
 */
public record HttpLimits(int maxRequestLineLength, int maxHeaderBlockLength, int maxHeaderCount) {

    private static final HttpLimits DEFAULTS = new HttpLimits(8192, 16384, 100);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if any limit is not positive
     */
    public HttpLimits {
        if (maxRequestLineLength <= 0 || maxHeaderBlockLength <= 0 || maxHeaderCount <= 0) {
            throw new IllegalArgumentException("HTTP limits must be positive: " + maxRequestLineLength
                    + ", " + maxHeaderBlockLength + ", " + maxHeaderCount);
        }
    }

    /**
     * Returns the defaults: an 8 KiB request line, a 16 KiB header block and 100 header fields.
     * Browsers' handshakes fit easily; RFC 9112 §3 recommends at least 8000 octets for the
     * request line.
     *
     * @return the default limits
     */
    public static HttpLimits defaults() {
        return DEFAULTS;
    }
}
