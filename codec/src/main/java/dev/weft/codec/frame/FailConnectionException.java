package dev.weft.codec.frame;

/**
 * The peer broke the protocol: RFC 6455 §7.1.7 "Fail the WebSocket Connection".
 *
 * <p>Carries the close code to send to the peer, such as {@link CloseCode#PROTOCOL_ERROR},
 * {@link CloseCode#INVALID_FRAME_PAYLOAD_DATA} or {@link CloseCode#MESSAGE_TOO_BIG}. Once a reader
 * has thrown it, the reader is failed for good and discards any further input, so no half-state
 * is left behind.
 */
public final class FailConnectionException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** The close code to send to the peer. */
    private final int closeCode;

    /**
     * Creates the exception.
     *
     * @param closeCode the close code to send, one that {@link CloseCode#isLegalToSend(int)} accepts
     * @param message   what the peer did wrong, in words fit for a log and a close reason
     */
    public FailConnectionException(int closeCode, String message) {
        super(message, null, false, false);
        if (!CloseCode.isLegalToSend(closeCode)) {
            throw new IllegalArgumentException("not a close code one may send: " + closeCode);
        }
        this.closeCode = closeCode;
    }

    /**
     * Returns the close code to send to the peer.
     *
     * @return the close code to send to the peer
     */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String toString() {
        return "FailConnectionException[" + closeCode + " " + CloseCode.name(closeCode) + ": " + getMessage() + "]";
    }
}
