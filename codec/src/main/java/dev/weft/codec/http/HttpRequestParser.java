package dev.weft.codec.http;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Parses request heads (RFC 9112 §2–§5) from input that arrives in pieces of any size, down to
 * one byte at a time.
 *
 * <p>Each call to {@link #parse} consumes what it can. It returns the request once the empty
 * line ending the head has been read, and leaves every byte after that line in the buffer: a
 * body, the next pipelined request, or the first WebSocket frames after an upgrade. Once it has
 * returned a request the parser is ready for the next one on the same connection; it knows
 * nothing of bodies, so the caller must take the body (see {@link HttpRequest#contentLength()}
 * and {@link HttpRequest#chunked()}) out of the input before parsing on.
 *
 * <p>It is strict where leniency lets two parsers read one message differently (RFC 9112 §11.2,
 * request smuggling): lines end with CRLF or a lone LF, but a bare CR, a NUL, obsolete line
 * folding, whitespace before a colon, a conflicting {@code Content-Length} or one beside
 * {@code Transfer-Encoding} are refused. Empty lines before the request line are skipped
 * (§2.2), up to {@link HttpLimits#maxRequestLineLength()} bytes of them.
 *
 * <p>Every refusal throws {@link HttpException} with the status to answer: 400 for bad syntax
 * and broken rules, 414 for a long request line, 431 for a large header block, 501 for an unknown
 * transfer coding, 505 for a major version other than 1. After a refusal the parser is failed:
 * the connection's framing is lost, so the server answers and closes. Not thread-safe.
 */
public final class HttpRequestParser {

    /** What the parser is reading. */
    private enum State {
        REQUEST_LINE,
        FIELDS
    }

    private final HttpLimits limits;
    private final LineReader line = new LineReader(HttpStatus.BAD_REQUEST);
    private final FieldSectionReader fields;
    private State state = State.REQUEST_LINE;
    private int emptyLineBytes;
    private String method;
    private String target;
    private RequestTarget parsedTarget;
    private HttpVersion version;
    private HttpException failure;

    /** Creates a parser with {@link HttpLimits#defaults()}. */
    public HttpRequestParser() {
        this(HttpLimits.defaults());
    }

    /**
     * Creates a parser.
     *
     * @param limits the limits to enforce
     */
    public HttpRequestParser(HttpLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.fields = new FieldSectionReader(limits, line, HttpStatus.BAD_REQUEST,
                HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    /**
     * Reads on in the current request head.
     *
     * @param in input owned by the caller; bytes are consumed from its position, which moves past
     *           them. On a {@code null} return every remaining byte has been consumed; on a
     *           request, the position sits just after the head's empty line. The limit does not
     *           move and no reference is kept.
     * @return the request once its head is complete, or {@code null} if more input is needed
     * @throws HttpException         if the head is refused; the status says how to answer
     * @throws IllegalStateException if the parser failed earlier and was not {@link #reset()}
     */
    public HttpRequest parse(ByteBuffer in) {
        if (failure != null) {
            throw new IllegalStateException("parser failed earlier: " + failure.getMessage());
        }
        try {
            while (true) {
                switch (state) {
                    case REQUEST_LINE -> {
                        LineReader.Outcome outcome = line.read(in, limits.maxRequestLineLength());
                        if (outcome == LineReader.Outcome.MORE) {
                            return null;
                        }
                        if (outcome == LineReader.Outcome.TOO_LONG) {
                            throw new HttpException(HttpStatus.URI_TOO_LONG,
                                    "request line longer than " + limits.maxRequestLineLength() + " bytes");
                        }
                        if (line.length() == 0) {
                            emptyLineBytes += line.consumed();
                            if (emptyLineBytes > limits.maxRequestLineLength()) {
                                throw new HttpException(HttpStatus.BAD_REQUEST, "too many empty lines before the request line");
                            }
                        } else {
                            readRequestLine();
                            state = State.FIELDS;
                        }
                    }
                    case FIELDS -> {
                        HttpHeaders headers = fields.read(in);
                        if (headers == null) {
                            return null;
                        }
                        HttpRequest request = new HttpRequest(method, target, parsedTarget.path(),
                                parsedTarget.query(), version, headers);
                        Framing.check(request);
                        reset();
                        return request;
                    }
                }
            }
        } catch (HttpException e) {
            failure = e;
            throw e;
        }
    }

    /** Parses {@code method SP request-target SP HTTP-version} (RFC 9112 §3) from the line read. */
    private void readRequestLine() {
        int sp1 = line.indexOf(' ', 0);
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0) {
            // Exactly two single spaces: §3 allows a server to be lenient here, but being exact
            // keeps it from reading a line differently from whatever sits in front of it.
            throw new HttpException(HttpStatus.BAD_REQUEST, "malformed request line");
        }
        String m = line.text(0, sp1);
        if (!Syntax.isToken(m)) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "method is not a token");
        }
        HttpVersion v = HttpVersion.parse(line.text(sp2 + 1, line.length()));
        if (v == null) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "malformed HTTP version in request line");
        }
        if (v.major() != 1) {
            // RFC 9110 §2.5: only the major version decides whether we can read the message.
            throw new HttpException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, v + " is not supported");
        }
        String t = line.text(sp1 + 1, sp2);
        parsedTarget = RequestTarget.parse(m, t);
        method = m;
        target = t;
        version = v;
    }

    /**
     * Returns whether the parser has refused input and needs {@link #reset()} before further use.
     *
     * @return whether it is failed
     */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Forgets any partial request and any failure, making the parser as new. Not needed between
     * requests: the parser resets itself after returning one.
     */
    public void reset() {
        line.clear();
        fields.clear();
        state = State.REQUEST_LINE;
        emptyLineBytes = 0;
        method = null;
        target = null;
        parsedTarget = null;
        version = null;
        failure = null;
    }
}
