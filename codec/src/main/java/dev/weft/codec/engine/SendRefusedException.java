package dev.weft.codec.engine;

/**
 * A message was not accepted for sending; the future of the send completes with this. Nothing
 * of the message was queued, so nothing was sent in part.
 */
public final class SendRefusedException extends IllegalStateException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Why a send was refused. */
    public enum Reason {
        /** This end has sent its close frame, or the connection is closed (§5.5.1: nothing follows a close). */
        CLOSED,
        /** The outbound queue is over its limit: the peer reads too slowly. */
        QUEUE_FULL
    }

    /** Why the send was refused. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the send was refused
     * @param message the details
     */
    public SendRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Returns why the send was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
