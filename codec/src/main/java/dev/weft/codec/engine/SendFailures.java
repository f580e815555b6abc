package dev.weft.codec.engine;

/**
 * Where a connection reports a message sent without a completion stage
 * ({@link WebSocketProtocol#offerBinary(java.nio.ByteBuffer)}) that was accepted and then never
 * written, because the connection ended first: such a failure must reach the application, not
 * vanish. A transport sets one per connection and passes it on to the handler.
 */
@FunctionalInterface
public interface SendFailures {

    /**
     * Reports that an accepted message was not written.
     *
     * @param cause why, usually a {@link SendRefusedException} with reason
     *              {@link SendRefusedException.Reason#CLOSED}; called on whichever thread failed
     *              the output, possibly inside the transport's own calls into the engine
     */
    void sendFailed(Throwable cause);
}
