package dev.weft.codec.engine;

import dev.weft.codec.extension.Extension;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a connection reports to its application, in order.
 *
 * <p><b>Buffers are lent, for one event.</b> The data of a {@link BinaryReceived} or
 * {@link FragmentReceived} is, where it can be, a view of the bytes the transport passed to
 * {@link WebSocketProtocol#receive}: a message whose frames all came in one input is not copied.
 * The event object itself is reused for the next message. Both stay valid until the next call to
 * {@code nextEvent()} or {@code receive(...)} on the same connection, and no longer: the engine
 * keeps reading the same input when it is asked for the next event, and the transport then reads
 * new bytes into the same memory. A receiver that keeps an event, or its data, past that point
 * takes a copy first ({@link #copy()}). Reading the data, moving its position and limit, and
 * sending it back through the same connection ({@link WebSocketProtocol#sendBinary}, which then
 * copies what it cannot write at once) are fine. The other events are immutable and own their data.
 */
public sealed interface ProtocolEvent {

    /**
     * Returns this event in a form that may be kept: the event itself when it is immutable and owns
     * its data, else a new event holding a copy of its data.
     *
     * @return an event that stays valid for as long as it is held
     */
    default ProtocolEvent copy() {
        return this;
    }

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
     * A whole binary message. An engine reuses one such event for every message it lends; see the
     * interface's note on buffers.
     */
    final class BinaryReceived implements ProtocolEvent {
        private ByteBuffer data;

        /**
         * Creates an event holding {@code data}.
         *
         * @param data the message, position to limit
         */
        public BinaryReceived(ByteBuffer data) {
            this.data = java.util.Objects.requireNonNull(data, "data");
        }

        /** Makes the event the engine lends again and again, filled by {@link #lend}. */
        BinaryReceived() {
        }

        BinaryReceived lend(ByteBuffer view) {
            this.data = view;
            return this;
        }

        /**
         * Returns the message.
         *
         * @return the message, position to limit; lent until the next {@code nextEvent()} or
         *         {@code receive(...)} when the event came from an engine
         */
        public ByteBuffer data() {
            return data;
        }

        @Override
        public BinaryReceived copy() {
            return new BinaryReceived(Buffers.copyOf(data));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BinaryReceived b && data.equals(b.data);
        }

        @Override
        public int hashCode() {
            return data.hashCode();
        }

        @Override
        public String toString() {
            return "BinaryReceived[" + data.remaining() + " bytes]";
        }
    }

    /**
     * A part of a message, in streaming mode. For text, the bytes are valid UTF-8 so far but a
     * character may be split between parts. An engine reuses one such event for every part it
     * lends; see the interface's note on buffers.
     */
    final class FragmentReceived implements ProtocolEvent {
        private boolean text;
        private ByteBuffer data;
        private boolean last;

        /**
         * Creates an event holding {@code data}.
         *
         * @param text whether the message is text
         * @param data the part, position to limit
         * @param last whether this part ends the message
         */
        public FragmentReceived(boolean text, ByteBuffer data, boolean last) {
            this.text = text;
            this.data = java.util.Objects.requireNonNull(data, "data");
            this.last = last;
        }

        /** Makes the event the engine lends again and again, filled by {@link #lend}. */
        FragmentReceived() {
        }

        FragmentReceived lend(boolean text, ByteBuffer view, boolean last) {
            this.text = text;
            this.data = view;
            this.last = last;
            return this;
        }

        /**
         * Returns whether the message is text.
         *
         * @return whether the message is text
         */
        public boolean text() {
            return text;
        }

        /**
         * Returns the part.
         *
         * @return the part, position to limit; lent until the next {@code nextEvent()} or
         *         {@code receive(...)} when the event came from an engine
         */
        public ByteBuffer data() {
            return data;
        }

        /**
         * Returns whether this part ends the message.
         *
         * @return whether this part ends the message
         */
        public boolean last() {
            return last;
        }

        @Override
        public FragmentReceived copy() {
            return new FragmentReceived(text, Buffers.copyOf(data), last);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FragmentReceived f && text == f.text && last == f.last && data.equals(f.data);
        }

        @Override
        public int hashCode() {
            return data.hashCode() * 31 + (text ? 2 : 0) + (last ? 1 : 0);
        }

        @Override
        public String toString() {
            return "FragmentReceived[text=" + text + ", " + data.remaining() + " bytes, last=" + last + "]";
        }
    }

    /**
     * A ping. The engine has already queued the pong (§5.5.2).
     *
     * @param data its application data: a copy the event owns, read-only since the pong being
     *             sent shares it
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
