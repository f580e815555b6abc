package dev.weft.codec.engine;

import dev.weft.codec.extension.Extension;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a connection reports to its application, in order. Every event owns its data: buffers in
 * events are copies that the receiver may keep.
 */
public sealed interface ProtocolEvent {

    /**
     * The opening handshake succeeded; messages may flow.
     *
     * @param subprotocol the negotiated subprotocol, or {@code null} if none
     * @param extensions  the negotiated extensions, in order
     */
    record Opened(String subprotocol, List<Extension> extensions) implements ProtocolEvent {
        /**
         * Copies the extension list.
         */
        public Opened {
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * A whole text message.
     *
     * @param text the message
     */
    record TextReceived(String text) implements ProtocolEvent {
    }

    /**
     * A whole binary message.
     *
     * @param data the message, a buffer the receiver owns
     */
    record BinaryReceived(ByteBuffer data) implements ProtocolEvent {
    }

    /**
     * A part of a message, in streaming mode. For text, the bytes are valid UTF-8 so far but a
     * character may be split between parts.
     *
     * @param text whether the message is text
     * @param data the part, a buffer the receiver owns
     * @param last whether this part ends the message
     */
    record FragmentReceived(boolean text, ByteBuffer data, boolean last) implements ProtocolEvent {
    }

    /**
     * A ping. The engine has already queued the pong (§5.5.2).
     *
     * @param data its application data
     */
    record PingReceived(ByteBuffer data) implements ProtocolEvent {
    }

    /**
     * A pong.
     *
     * @param data its application data
     */
    record PongReceived(ByteBuffer data) implements ProtocolEvent {
    }

    /**
     * The peer broke the protocol; the engine has sent a close frame with {@code closeCode} and
     * asks the transport to close TCP. A {@link Closed} event follows.
     *
     * @param closeCode the code sent, such as 1002, 1007 or 1009
     * @param message   what the peer did wrong
     */
    record ProtocolFailure(int closeCode, String message) implements ProtocolEvent {
    }

    /**
     * The opening handshake failed; the connection closes without ever opening.
     *
     * @param status  the HTTP status involved (the server's answer on a client, the status sent on
     *                a server), or 0 if none
     * @param message what went wrong, precisely
     */
    record HandshakeFailed(int status, String message) implements ProtocolEvent {
    }

    /**
     * The connection is closed; the last event. For a clean close, {@code code} is the code of the
     * first close frame received (§7.1.5), {@link dev.weft.codec.frame.CloseCode#NO_STATUS_RCVD}
     * if it had none; after a protocol failure, the code this end sent; when TCP dropped without
     * a close frame, {@link dev.weft.codec.frame.CloseCode#ABNORMAL_CLOSURE}.
     *
     * @param code   the close code
     * @param reason the close reason, possibly empty
     * @param remote whether the peer started the close
     */
    record Closed(int code, String reason, boolean remote) implements ProtocolEvent {
    }
}
