package dev.weft.codec.api;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An open WebSocket connection, as the application sees it; implemented by each transport.
 *
 * <p>Every method is safe to call from any thread. Sends complete their stage once the bytes are
 * written to the socket, or exceptionally with a
 * {@link dev.weft.codec.engine.SendRefusedException} when the message cannot be sent (the
 * connection is closing or closed, or its outbound queue is full): no message accepted for
 * sending is dropped without its stage saying so. The blocking variants wait for that completion
 * and fit virtual threads.
 */
public interface WebSocketSession {

    /**
     * Sends a text message.
     *
     * @param text the message
     * @return completes when written
     * @throws IllegalArgumentException if {@code text} holds an unpaired surrogate, which has no
     *                                  UTF-8 form; nothing is sent
     */
    CompletionStage<Void> sendText(CharSequence text);

    /**
     * Sends a binary message.
     *
     * @param data the message, position to limit. Its bytes are copied before this returns
     *             (into the frame the socket writes from, the one copy on the way out), and
     *             neither its position nor its limit moves: the buffer is the caller's again at
     *             once, to change or reuse. A buffer a handler was given in
     *             {@link WebSocketHandler#onBinary} may be sent back this way, even one the
     *             connection reuses once the handler returns.
     * @return completes when written
     */
    CompletionStage<Void> sendBinary(ByteBuffer data);

    /**
     * Sends a binary message without a completion stage, so that sending it allocates nothing
     * (on a warm connection, with a handler calling from its own callback): for echoes and
     * streams where nobody waits on each message. The message is copied before this returns,
     * as by {@link #sendBinary(ByteBuffer)}.
     *
     * <p>No failure goes unreported. A send refused at once (the connection is closing or closed,
     * or its outbound queue is full) returns {@code false}, and nothing else reports it. A
     * message accepted and then never written (the connection ended first), or, from a thread
     * other than the connection's, refused once the connection's thread takes it, is reported to
     * the handler's {@link WebSocketHandler#onError} with a
     * {@link dev.weft.codec.engine.SendRefusedException}, once per such message, from the
     * transport's thread that found it (the event loop; on Loom, the connection's reader or
     * writer).
     *
     * @param data the message, position to limit; the caller's again when this returns
     * @return {@code false} if the send was refused at once, {@code true} if it was accepted or
     *         handed over to the connection's thread
     */
    boolean offerBinary(ByteBuffer data);

    /**
     * Sends one fragment of a message (RFC 6455 §5.4).
     *
     * @param text whether the message is text
     * @param data the fragment; copied before this returns, as by {@link #sendBinary(ByteBuffer)}
     * @param last whether this fragment ends the message
     * @return completes when written
     */
    CompletionStage<Void> sendFragment(boolean text, ByteBuffer data, boolean last);

    /**
     * Sends a ping.
     *
     * @param data at most 125 bytes of application data
     * @return completes when written
     */
    CompletionStage<Void> ping(ByteBuffer data);

    /**
     * Sends an unsolicited pong (a heartbeat).
     *
     * @param data at most 125 bytes of application data
     * @return completes when written
     */
    CompletionStage<Void> pong(ByteBuffer data);

    /**
     * Starts the closing handshake. {@link WebSocketHandler#onClose} follows once it is done.
     *
     * @param code   the close code, such as 1000
     * @param reason the reason, at most 123 bytes of UTF-8
     * @return completes when the close frame is written
     */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Returns whether messages can still be sent: the handshake is done and no close frame has
     * been sent.
     *
     * @return whether the connection is open
     */
    boolean isOpen();

    /**
     * Returns whether the outbound queue is below its high-water mark. A producer that sends
     * faster than the peer reads should wait for send completions while this is false.
     *
     * @return whether more sends are welcome
     */
    boolean isWritable();

    /**
     * Returns the negotiated subprotocol.
     *
     * @return the subprotocol, or {@code null} if none
     */
    String subprotocol();

    /**
     * Returns the peer's address.
     *
     * @return the remote address
     */
    InetSocketAddress remoteAddress();

    /**
     * Returns the path the connection was opened on: the request's path on a server, the URI's
     * on a client.
     *
     * @return the path, or {@code null} if the transport does not know it
     */
    default String path() {
        return null;
    }

    /**
     * Sends a text message and waits until it is written.
     *
     * @param text the message
     * @throws java.io.UncheckedIOException never; failures surface as the stage's exception
     *                                      (for example {@link dev.weft.codec.engine.SendRefusedException}),
     *                                      rethrown unwrapped
     */
    default void sendTextAndWait(CharSequence text) {
        await(sendText(text));
    }

    /**
     * Sends a binary message and waits until it is written.
     *
     * @param data the message
     */
    default void sendBinaryAndWait(ByteBuffer data) {
        await(sendBinary(data));
    }

    /**
     * Starts the closing handshake and waits until the close frame is written.
     *
     * @param code   the close code
     * @param reason the reason
     */
    default void closeAndWait(int code, String reason) {
        await(close(code, reason));
    }

    /**
     * Waits for a stage and rethrows its failure unwrapped: the helper behind the blocking
     * variants.
     *
     * @param stage the stage to wait for
     */
    static void await(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }
}
