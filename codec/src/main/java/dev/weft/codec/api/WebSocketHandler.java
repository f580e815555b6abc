package dev.weft.codec.api;

import java.nio.ByteBuffer;

/**
 * What an application does with a WebSocket connection. Every method has a default that does
 * nothing, so a handler overrides only what it needs.
 *
 * <p>Calls for one connection come one at a time and in order, never concurrently; they may come
 * from different threads over time (an event loop, or the connection's virtual thread). A handler
 * should not block for long on an event loop; on the virtual-thread transport blocking is fine.
 * A handler that throws has its exception passed to {@link #onError} and the connection closed
 * with 1011 (internal error).
 *
 * <p><b>Buffers are lent for the call.</b> A whole message ({@link #onBinary}) and a part of one
 * ({@link #onFragment}) come in a buffer lent for the duration of the call: where the message's
 * frames all arrived in one read, a view of the transport's read buffer itself (no copy is
 * made), else of the connection's assembly buffer; the buffer object is reused for the next
 * message. During the call its bytes stay exactly as they arrived, whatever the handler does
 * meanwhile. Once the call returns, the transport reads into that memory again: a handler that
 * needs the bytes later copies them in the call (for example
 * {@code ByteBuffer.allocate(data.remaining()).put(data).flip()}). The handler may read the
 * buffer, move its position and limit, and pass it to {@link WebSocketSession#sendBinary},
 * {@link WebSocketSession#offerBinary} or {@link WebSocketSession#sendFragment} within the call
 * (an echo): every send copies the bytes into its frame before it returns. Ping and pong data ({@link #onPing},
 * {@link #onPong}) are lent for the call too and must not be changed (the ping's is also the
 * pong's being sent). Text ({@link #onText}) comes as a {@code String}, which the handler owns.
 */
public interface WebSocketHandler {

    /**
     * The opening handshake is complete.
     *
     * @param session the connection, ready for sending
     */
    default void onOpen(WebSocketSession session) {
    }

    /**
     * A whole text message arrived.
     *
     * @param session the connection
     * @param text    the message
     */
    default void onText(WebSocketSession session, String text) {
    }

    /**
     * A whole binary message arrived.
     *
     * @param session the connection
     * @param data    the message, position to limit; lent for this call only (see the note on
     *                buffers above): copy it to keep it
     */
    default void onBinary(WebSocketSession session, ByteBuffer data) {
    }

    /**
     * A part of a message arrived; called only when the connection is configured for streaming.
     *
     * @param session the connection
     * @param text    whether the message is text (then {@code data} is UTF-8, valid so far, though
     *                a character may be split between parts)
     * @param data    the part; lent for this call only (see the note on buffers above): copy it
     *                to keep it
     * @param last    whether this part ends the message
     */
    default void onFragment(WebSocketSession session, boolean text, ByteBuffer data, boolean last) {
    }

    /**
     * A ping arrived. The pong has already been sent; this is for information.
     *
     * @param session the connection
     * @param data    the ping's application data; read-only, valid during this call only
     */
    default void onPing(WebSocketSession session, ByteBuffer data) {
    }

    /**
     * A pong arrived.
     *
     * @param session the connection
     * @param data    the pong's application data; read-only, valid during this call only
     */
    default void onPong(WebSocketSession session, ByteBuffer data) {
    }

    /**
     * The connection is closed; the last call this handler gets for it.
     *
     * @param session the connection, no longer open
     * @param code    the close code: the peer's, 1005 if its close frame had none, 1006 if TCP
     *                dropped without one, or the code this end sent when the peer broke the
     *                protocol
     * @param reason  the close reason, possibly empty
     */
    default void onClose(WebSocketSession session, int code, String reason) {
    }

    /**
     * Something went wrong: the peer broke the protocol (a
     * {@link dev.weft.codec.frame.FailConnectionException} carrying the code sent), or the handler
     * itself threw; {@link #onClose} follows. Or a message sent with
     * {@link WebSocketSession#offerBinary} was accepted and then never written (a
     * {@link dev.weft.codec.engine.SendRefusedException}, once per such message): the connection
     * ended first, or, sent from another thread, it was refused once the connection took it.
     *
     * @param session the connection
     * @param error   what went wrong
     */
    default void onError(WebSocketSession session, Throwable error) {
    }
}
