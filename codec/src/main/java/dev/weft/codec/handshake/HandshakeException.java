package dev.weft.codec.handshake;

/**
 * The server's answer to a client's opening handshake was not an acceptance (RFC 6455 §4.1): the
 * client MUST fail the WebSocket connection and not send frames.
 *
 * <p>The message names the first thing found wrong, such as {@code server answered 404 Not Found}
 * or {@code Sec-WebSocket-Accept mismatch}.
 */
public final class HandshakeException extends RuntimeException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The status code; see {@link #status()}. */
    private final int status;

    /**
     * Creates the exception for a fault other than the status code.
     *
     * @param message what was wrong
     */
    public HandshakeException(String message) {
        this(0, message);
    }

    /**
     * Creates the exception.
     *
     * @param status  the response's status code when that is what was wrong, else 0
     * @param message what was wrong
     */
    public HandshakeException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * Returns the status the server answered with, when the handshake failed on that account.
     *
     * @return the status code other than 101, or 0 if the status was not the fault
     */
    public int status() {
        return status;
    }
}
