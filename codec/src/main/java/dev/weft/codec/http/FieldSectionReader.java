package dev.weft.codec.http;

import java.nio.ByteBuffer;

/**
 * Reads the header field lines of a message head, up to and including the empty line that ends
 * them (RFC 9112 §5), while keeping to the limits. Shared by the request and response parsers,
 * which differ only in the status codes they report.
 */
final class FieldSectionReader {
    private final HttpLimits limits;
    private final LineReader line;
    private final int badStatus;
    private final int tooLargeStatus;
    private HttpHeaders.Builder fields = HttpHeaders.builder();
    private int blockBytes;
    private int count;

    /**
     * @param limits         the header block and count limits
     * @param line           the line reader to read through, shared with the start line
     * @param badStatus      the status for malformed field lines
     * @param tooLargeStatus the status for a block or count over its limit
     */
    FieldSectionReader(HttpLimits limits, LineReader line, int badStatus, int tooLargeStatus) {
        this.limits = limits;
        this.line = line;
        this.badStatus = badStatus;
        this.tooLargeStatus = tooLargeStatus;
    }

    /**
     * Reads field lines until the empty line or the end of the input.
     *
     * @param in input; its position moves past what was consumed, never past the empty line
     * @return the fields once the empty line is read, else {@code null} with all input consumed
     * @throws HttpException if a line is malformed or a limit is exceeded
     */
    HttpHeaders read(ByteBuffer in) {
        while (true) {
            // Leave room for at least the LF, so the block limit holds byte for byte.
            int room = limits.maxHeaderBlockLength() - blockBytes - 1;
            LineReader.Outcome outcome = line.read(in, room);
            if (outcome == LineReader.Outcome.MORE) {
                return null;
            }
            blockBytes += line.consumed();
            if (outcome == LineReader.Outcome.TOO_LONG || blockBytes > limits.maxHeaderBlockLength()) {
                throw new HttpException(tooLargeStatus,
                        "header block longer than " + limits.maxHeaderBlockLength() + " bytes");
            }
            if (line.length() == 0) {
                HttpHeaders headers = fields.build();
                clear();
                return headers;
            }
            if (++count > limits.maxHeaderCount()) {
                throw new HttpException(tooLargeStatus, "more than " + limits.maxHeaderCount() + " header fields");
            }
            addField();
        }
    }

    /**
     * Parses {@code field-name ":" OWS field-value OWS} (RFC 9112 §5). Each octet of the line is
     * checked once, the value's by the line reader as it looked for the line's end, so the field
     * is made without being checked again.
     */
    private void addField() {
        byte[] b = line.bytes();
        int length = line.length();
        if (Syntax.isWhitespace(b[0])) {
            // §5.2: obs-fold is obsolete; a server may reject it, and folding is a smuggling aid.
            throw new HttpException(badStatus, "obsolete line folding in header block");
        }
        int colon = 0;
        while (colon < length && b[colon] != ':') {
            int c = b[colon] & 0xFF;
            if (!Syntax.isTchar(c)) {
                // §5.1: no whitespace is allowed between the name and the colon; a server MUST
                // reject it, since proxies disagree about what such a name means.
                throw new HttpException(badStatus, Syntax.isWhitespace(c)
                        ? "whitespace between header name and colon"
                        : String.format("invalid character 0x%02X in header name", c));
            }
            colon++;
        }
        if (colon == length) {
            throw new HttpException(badStatus, "header line without a colon");
        }
        if (colon == 0) {
            throw new HttpException(badStatus, "empty header name");
        }
        String name = line.text(0, colon);
        if (line.hasControl()) {
            // The name has none, so it is in the value: every other byte the line reader passed
            // is a field character (RFC 9110 §5.5).
            for (int i = colon + 1; i < length; i++) {
                if (!Syntax.isFieldChar(b[i] & 0xFF)) {
                    throw new HttpException(badStatus, String.format(
                            "control character 0x%02X in value of header %s", b[i] & 0xFF, name));
                }
            }
        }
        // The optional whitespace around the value (§5.1) is left out here, in the bytes, so the
        // value is made once.
        int from = colon + 1;
        int to = length;
        while (from < to && Syntax.isWhitespace(b[from])) {
            from++;
        }
        while (to > from && Syntax.isWhitespace(b[to - 1])) {
            to--;
        }
        fields.addParsed(name, line.text(from, to));
    }

    /** Forgets a partial block. */
    void clear() {
        fields = HttpHeaders.builder();
        blockBytes = 0;
        count = 0;
    }
}
