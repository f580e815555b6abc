package dev.weft.codec.http;

/**
 * A message head was refused: bad syntax, a broken rule of RFC 9110/9112, or a limit exceeded.
 *
 * <p>Carries the status code a server answers with before closing the connection: 400, 414,
 * 431, 501 or 505 from {@link HttpRequestParser}. {@link HttpResponseParser} always uses 502,
 * the code a gateway would report for a malformed upstream response; a client simply fails the
 * connection and shows the message. The message says what was wrong in words fit for a log; it
 * never contains raw bytes from the peer beyond a short, escaped excerpt.
 *
 * <p>It is thrown for bad input from the peer, which is routine, so it records no stack trace.
 */
public final class HttpException extends RuntimeException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The status code; see {@link #status()}. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param status  the HTTP status code that answers the fault, such as 400
     * @param message what was wrong
     */
    public HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * Returns the status code that answers the fault.
     *
     * @return the status code, such as 400 or 431
     */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "HttpException[" + status + ": " + getMessage() + "]";
    }
}
