package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Parses a response head (RFC 9112 §4, §5) on the client side, from input that arrives in pieces
 * of any size, under the same {@link HttpLimits} as {@link HttpRequestParser}; the status-line
 * limit is {@link HttpLimits#maxRequestLineLength()}.
 *
 * <p>{@link #parse} returns the head once its empty line has been read and leaves every byte
 * after it in the buffer: after a 101 those are the server's first WebSocket frames. The parser
 * then expects the next response (after a 1xx, say). It does not read bodies, and it does not
 * check body framing: a WebSocket client treats any answer but 101 as the end.
 *
 * <p>A malformed head throws {@link HttpException} with status 502 (what a gateway would report;
 * a client just fails the connection) and a message naming the fault; the parser is then failed.
 * Not thread-safe.
 */
public final class HttpResponseParser {

    /** What the parser is reading. */
    private enum State {
        STATUS_LINE,
        FIELDS
    }

    private final HttpLimits limits;
    private final LineReader line = new LineReader(HttpStatus.BAD_GATEWAY);
    private final FieldSectionReader fields;
    private State state = State.STATUS_LINE;
    private HttpVersion version;
    private int status;
    private String reason;
    private HttpException failure;

    /** Creates a parser with {@link HttpLimits#defaults()}. */
    public HttpResponseParser() {
        this(HttpLimits.defaults());
    }

    /**
     * Creates a parser.
     *
     * @param limits the limits to enforce
     */
    public HttpResponseParser(HttpLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.fields = new FieldSectionReader(limits, line, HttpStatus.BAD_GATEWAY, HttpStatus.BAD_GATEWAY);
    }

    /**
     * Reads on in the current response head.
     *
     * @param in input owned by the caller; bytes are consumed from its position, which moves past
     *           them. On a {@code null} return every remaining byte has been consumed; on a head,
     *           the position sits just after its empty line. The limit does not move and no
     *           reference is kept.
     * @return the head once complete, or {@code null} if more input is needed
     * @throws HttpException         with status 502 if the head is malformed or over a limit
     * @throws IllegalStateException if the parser failed earlier and was not {@link #reset()}
     */
    public HttpResponseHead parse(ByteBuffer in) {
        if (failure != null) {
            throw new IllegalStateException("parser failed earlier: " + failure.getMessage());
        }
        try {
            while (true) {
                switch (state) {
                    case STATUS_LINE -> {
                        LineReader.Outcome outcome = line.read(in, limits.maxRequestLineLength());
                        if (outcome == LineReader.Outcome.MORE) {
                            return null;
                        }
                        if (outcome == LineReader.Outcome.TOO_LONG) {
                            throw bad("status line longer than " + limits.maxRequestLineLength() + " bytes");
                        }
                        readStatusLine(line.text(0, line.length()));
                        state = State.FIELDS;
                    }
                    case FIELDS -> {
                        HttpHeaders headers = fields.read(in);
                        if (headers == null) {
                            return null;
                        }
                        HttpResponseHead head = new HttpResponseHead(version, status, reason, headers);
                        reset();
                        return head;
                    }
                }
            }
        } catch (HttpException e) {
            failure = e;
            throw e;
        }
    }

    /** Parses {@code HTTP-version SP 3DIGIT SP [ reason-phrase ]} (RFC 9112 §4). */
    private void readStatusLine(String s) {
        HttpVersion v = s.length() >= 8 ? HttpVersion.parse(s.substring(0, 8)) : null;
        if (v == null || s.length() < 12 || s.charAt(8) != ' ' || !isStatusCode(s, 9)
                || (s.length() > 12 && s.charAt(12) != ' ')) {
            throw bad("malformed status line " + Syntax.excerpt(s));
        }
        if (v.major() != 1) {
            throw bad("server answered with unsupported " + v);
        }
        // §4 has the space before an empty reason; some servers drop it, which costs nothing to allow.
        String r = s.length() > 12 ? s.substring(13) : "";
        for (int i = 0; i < r.length(); i++) {
            if (!Syntax.isFieldChar(r.charAt(i))) {
                throw bad("control character in reason phrase");
            }
        }
        version = v;
        status = Integer.parseInt(s, 9, 12, 10);
        reason = r;
    }

    /** Status codes are three digits, 100 to 599 (RFC 9110 §15). */
    private static boolean isStatusCode(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        char c = s.charAt(at + 2);
        return a >= '1' && a <= '5' && b >= '0' && b <= '9' && c >= '0' && c <= '9';
    }

    private static HttpException bad(String message) {
        return new HttpException(HttpStatus.BAD_GATEWAY, message);
    }

    /**
     * Returns whether the parser has refused input and needs {@link #reset()} before further use.
     *
     * @return whether it is failed
     */
    public boolean isFailed() {
        return failure != null;
    }

    /** Forgets any partial response and any failure, making the parser as new. */
    public void reset() {
        line.clear();
        fields.clear();
        state = State.STATUS_LINE;
        version = null;
        status = 0;
        reason = null;
        failure = null;
    }
}
