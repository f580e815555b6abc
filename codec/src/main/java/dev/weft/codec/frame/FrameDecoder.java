package dev.weft.codec.frame;

import java.nio.ByteBuffer;

/**
 * Decodes frames and enforces RFC 6455's rules on them: the semantics behind {@link FrameReader}'s
 * syntax.
 *
 * <p>Each violation fails the connection (§7.1.7) with a {@link FailConnectionException} carrying
 * the code to send:
 * <ul>
 *   <li>a reserved opcode (§5.2) → 1002;</li>
 *   <li>an RSV bit that no negotiated extension claims (§5.2) → 1002;</li>
 *   <li>a control frame that is fragmented or longer than 125 bytes (§5.5) → 1002;</li>
 *   <li>a client frame without a mask, or a server frame with one (§5.1) → 1002;</li>
 *   <li>a continuation with no message in progress, or a new message inside another (§5.4) → 1002;</li>
 *   <li>a frame or message over the configured limit (§10.4) → 1009;</li>
 *   <li>a bad close body (§5.5.1, §7.4) → 1002 or 1007, see {@link ClosePayload#parse(ByteBuffer)}.</li>
 * </ul>
 * Limits are checked on the header, before any payload byte is taken in.
 *
 * <p>Data payloads are handed on as they arrive, as windows of the caller's buffer. Control
 * payloads (at most 125 bytes) are gathered into a buffer the decoder owns and reuses, and handed
 * on whole once the frame is complete, so a control frame may arrive between the fragments of a
 * message (§5.4). Decoding data frames allocates nothing: headers go to the listener as fields,
 * payloads as the input buffer itself.
 *
 * <p>After a close frame the decoder has nothing more to say: it discards everything that
 * follows (§5.5.1: no data frames after a close). Not thread-safe; one decoder per connection.
 */
public final class FrameDecoder {

    /** Receives valid frames. A listener may throw {@link FailConnectionException}, which fails the decoder. */
    public interface Listener {
        /**
         * A data frame begins. The header comes as its fields, so that no object is made per
         * frame; masking is left out, as the payload arrives unmasked.
         *
         * @param fin           whether the frame ends its message
         * @param rsv           the frame's RSV bits, 0–7, as {@link FrameHeader#rsv()}; only bits
         *                      that a negotiated extension claims can be set
         * @param opcode        the opcode as on the wire: {@link Opcode#TEXT} or
         *                      {@link Opcode#BINARY} for a message's first frame,
         *                      {@link Opcode#CONTINUATION} for the others
         * @param payloadLength the frame's payload length in bytes
         * @param messageType   the type of the message it belongs to: {@link Opcode#TEXT} or
         *                      {@link Opcode#BINARY}
         */
        void onDataFrameStart(boolean fin, int rsv, Opcode opcode, long payloadLength, Opcode messageType);

        /**
         * A chunk of the current data frame's payload, unmasked; never empty.
         *
         * @param payload the caller's input buffer itself, its position and limit narrowed to the
         *                chunk: no copy and no new buffer object. Valid only during this call: the
         *                decoder moves the position and limit on afterwards, and the next chunk
         *                comes in the same buffer object. The listener may read the bytes and move
         *                the position; to keep the bytes, copy them, never the reference.
         */
        void onDataPayload(ByteBuffer payload);

        /**
         * The current data frame is complete.
         *
         * @param messageEnd whether it was the final fragment of its message
         */
        void onDataFrameEnd(boolean messageEnd);

        /**
         * A ping arrived (§5.5.2).
         *
         * @param payload its application data, 0–125 bytes, valid only during this call
         */
        void onPing(ByteBuffer payload);

        /**
         * A pong arrived (§5.5.3).
         *
         * @param payload its application data, 0–125 bytes, valid only during this call
         */
        void onPong(ByteBuffer payload);

        /**
         * A close frame arrived (§5.5.1). It is the last thing this listener hears.
         *
         * @param close its code and reason, already checked
         */
        void onClose(ClosePayload close);
    }

    private final DecoderConfig config;
    private final Listener listener;
    private final FrameReader reader = new FrameReader();
    private final ReaderHandler handler = new ReaderHandler();

    /** The opcode of the current frame, once its header has passed. */
    private Opcode frameOpcode;
    /** Whether the current data frame ends its message. */
    private boolean frameFin;
    /** The message in progress: {@link Opcode#TEXT}, {@link Opcode#BINARY}, or {@code null}. */
    private Opcode messageType;
    /** Payload bytes of the message in progress, current frame included. */
    private long messageLength;

    /**
     * A control frame's payload, gathered across reads. Made at the first control frame: most
     * connections sit idle most of the time, and an idle connection should cost little.
     */
    private byte[] controlPayload;
    private ByteBuffer controlView;
    private int controlLength;

    private boolean closeReceived;

    /**
     * Creates a decoder waiting for the first frame.
     *
     * @param config   limits, role and the RSV bits extensions claim
     * @param listener receives the valid frames
     */
    public FrameDecoder(DecoderConfig config, Listener listener) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Decodes all of {@code in}, unless the listener {@linkplain #pause() pauses}. Frames
     * completed by it go to the listener; a partial frame is kept for the next call.
     *
     * @param in bytes from the peer, owned by the caller, read from position to limit; on return
     *           the position equals the limit, or, after a pause, stands where decoding stopped
     *           (feed the rest to the next call). Masked payloads are unmasked in place, so the buffer
     *           must be writable.
     * @throws FailConnectionException  when the peer broke the protocol. The decoder is then failed
     *                                  and discards all later input.
     * @throws IllegalArgumentException if this decoder reads masked frames (a server's) and
     *                                  {@code in} is read-only; nothing is consumed
     */
    public void decode(ByteBuffer in) {
        if (in.isReadOnly() && config.role().expectsMaskedIncoming()) {
            // Said now, at the call that is wrong, rather than as a ReadOnlyBufferException deep in unmasking.
            throw new IllegalArgumentException("a server unmasks client frames in place: the input buffer must be"
                    + " writable, not read-only");
        }
        if (closeReceived) {
            in.position(in.limit());
            return;
        }
        reader.read(in, handler);
    }

    /**
     * Makes the {@link #decode} in progress return as soon as the listener call in progress is
     * over, with the rest of its input unread: for a listener that lends what it was just given
     * (a window of the caller's buffer) and needs it left as it is until that has been looked at.
     * Outside {@code decode}, it does nothing.
     */
    public void pause() {
        reader.pause();
    }

    /**
     * Returns whether a protocol violation has failed this decoder.
     *
     * @return whether a protocol violation has failed this decoder
     */
    public boolean isFailed() {
        return reader.isFailed();
    }

    /**
     * Returns whether a close frame has arrived; everything after it is discarded.
     *
     * @return whether a close frame has arrived; everything after it is discarded
     */
    public boolean isCloseReceived() {
        return closeReceived;
    }

    /**
     * Returns whether no message is in progress and no frame is partly read.
     *
     * @return whether no message is in progress and no frame is partly read
     */
    public boolean isAtMessageBoundary() {
        return messageType == null && reader.isAtFrameBoundary();
    }

    /**
     * Returns the configuration this decoder enforces.
     *
     * @return the configuration this decoder enforces
     */
    public DecoderConfig config() {
        return config;
    }

    private void checkHeader(boolean fin, int rsv, Opcode opcode, boolean masked, long payloadLength) {
        if (opcode.isReserved()) {
            throw protocolError("reserved opcode 0x" + Integer.toHexString(opcode.code()));
        }
        if (opcode.isControl()) {
            if (rsv != 0) {
                throw protocolError("RSV bits set on a " + opcode + " frame");
            }
            if (!fin) {
                throw protocolError("fragmented " + opcode + " frame"); // §5.5
            }
            if (payloadLength > FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH) {
                throw protocolError(opcode + " frame payload longer than 125 bytes"); // §5.5
            }
        } else if ((rsv & ~config.extensionRsvBits()) != 0) {
            throw protocolError("RSV bits " + Integer.toBinaryString(rsv) + " set, but no extension claims them");
        }
        if (masked != config.role().expectsMaskedIncoming()) {
            // §5.1: a server closes on an unmasked frame; a client closes on a masked one.
            throw protocolError(masked ? "masked frame from a server" : "unmasked frame from a client");
        }
        if (payloadLength > config.maxFramePayloadLength()) {
            throw new FailConnectionException(CloseCode.MESSAGE_TOO_BIG,
                    "frame of " + payloadLength + " bytes exceeds the limit of " + config.maxFramePayloadLength());
        }
        if (opcode == Opcode.CONTINUATION && messageType == null) {
            throw protocolError("continuation frame with no message in progress"); // §5.4
        }
        if (opcode.startsMessage() && messageType != null) {
            throw protocolError(opcode + " frame inside an unfinished " + messageType + " message"); // §5.4
        }
    }

    private static FailConnectionException protocolError(String message) {
        return new FailConnectionException(CloseCode.PROTOCOL_ERROR, message);
    }

    private void onHeader(boolean fin, int rsv, Opcode opcode, boolean masked, long payloadLength) {
        if (closeReceived) {
            return;
        }
        checkHeader(fin, rsv, opcode, masked, payloadLength);
        frameOpcode = opcode;
        if (opcode.isControl()) {
            controlLength = 0;
            if (controlPayload == null) {
                controlPayload = new byte[FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH];
                controlView = ByteBuffer.wrap(controlPayload);
            }
            return;
        }
        if (opcode.startsMessage()) {
            messageType = opcode;
            messageLength = 0;
        }
        messageLength += payloadLength;
        if (messageLength > config.maxMessageLength()) {
            throw new FailConnectionException(CloseCode.MESSAGE_TOO_BIG,
                    "message of at least " + messageLength + " bytes exceeds the limit of " + config.maxMessageLength());
        }
        frameFin = fin;
        listener.onDataFrameStart(fin, rsv, opcode, payloadLength, messageType);
    }

    private void onPayload(ByteBuffer payload) {
        if (closeReceived) {
            return;
        }
        if (frameOpcode.isControl()) {
            int n = payload.remaining();
            payload.get(controlPayload, controlLength, n);
            controlLength += n;
        } else {
            listener.onDataPayload(payload);
        }
    }

    private void onFrameEnd() {
        if (closeReceived) {
            return;
        }
        if (!frameOpcode.isControl()) {
            boolean messageEnd = frameFin;
            if (messageEnd) {
                messageType = null;
                messageLength = 0;
            }
            listener.onDataFrameEnd(messageEnd);
            return;
        }
        controlView.limit(controlLength).position(0);
        switch (frameOpcode) {
            case PING -> listener.onPing(controlView);
            case PONG -> listener.onPong(controlView);
            case CLOSE -> {
                ClosePayload close = ClosePayload.parse(controlView);
                closeReceived = true;
                // Whatever follows in this very buffer is discarded too, unread: a byte that no
                // frame could start with must not fail a connection that has already closed.
                reader.stop();
                listener.onClose(close);
            }
            default -> throw new AssertionError("checked in checkHeader: " + frameOpcode);
        }
    }

    /** Adapts the reader's callbacks without exposing them on the decoder's public face. */
    private final class ReaderHandler implements FrameReader.Handler {
        @Override
        public void onFrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long payloadLength) {
            onHeader(fin, rsv, opcode, masked, payloadLength);
        }

        @Override
        public void onPayload(ByteBuffer payload) {
            FrameDecoder.this.onPayload(payload);
        }

        @Override
        public void onFrameEnd() {
            FrameDecoder.this.onFrameEnd();
        }
    }
}
