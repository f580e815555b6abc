package dev.weft.codec.frame;

import java.nio.ByteBuffer;

/**
 * Receives what a {@link MessageAssembler} makes of the frames: whole messages, or fragments in
 * streaming mode, and control frames.
 *
 * <p>Any method may throw {@link FailConnectionException} to fail the connection with a code of
 * its choosing, such as {@link CloseCode#UNSUPPORTED_DATA}.
 *
 * <p>Only {@link #onText} and {@link #onBinary} must be written. The fragment methods are called
 * only in streaming mode, and by default refuse it; the control-frame methods do nothing by
 * default.
 */
public interface MessageListener {

    /**
     * A whole text message arrived (assembled mode). Its bytes were valid UTF-8.
     *
     * @param text the message
     */
    void onText(String text);

    /**
     * A whole binary message arrived (assembled mode).
     *
     * @param data the message, position to limit, lent and not given: a window of the caller's
     *             input buffer when all its frames were in one input, else of the assembler's own
     *             buffer, which the next message that spans inputs fills again. It stays as it is
     *             until the assembler is next fed (the caller's input until the caller reuses it);
     *             copy the bytes to keep them longer. The listener may move its position and limit.
     */
    void onBinary(ByteBuffer data);

    /**
     * A part of a text message arrived (streaming mode). The parts of one message arrive in
     * order; the bytes so far are valid UTF-8, though a character may be split between parts.
     *
     * @param utf8 the part: the caller's input buffer itself, narrowed to the part, valid only
     *             during this call (the next part comes in the same buffer object, moved on);
     *             copy the bytes to keep them
     * @param last whether this is the message's final part (then the message as a whole is valid
     *             UTF-8); the final part may be empty
     */
    default void onTextFragment(ByteBuffer utf8, boolean last) {
        throw new IllegalStateException("streaming mode is on, but this listener does not override onTextFragment");
    }

    /**
     * A part of a binary message arrived (streaming mode).
     *
     * @param data the part: the caller's input buffer itself, narrowed to the part, valid only
     *             during this call (the next part comes in the same buffer object, moved on);
     *             copy the bytes to keep them
     * @param last whether this is the message's final part; the final part may be empty
     */
    default void onBinaryFragment(ByteBuffer data, boolean last) {
        throw new IllegalStateException("streaming mode is on, but this listener does not override onBinaryFragment");
    }

    /**
     * A ping arrived. Answering it is the connection's job, not the listener's.
     *
     * @param payload its application data, valid only during this call
     */
    default void onPing(ByteBuffer payload) {
    }

    /**
     * A pong arrived.
     *
     * @param payload its application data, valid only during this call
     */
    default void onPong(ByteBuffer payload) {
    }

    /**
     * The peer's close frame arrived; nothing follows it.
     *
     * @param close its code ({@link CloseCode#NO_STATUS_RCVD} if it had none) and reason
     */
    default void onClose(ClosePayload close) {
    }
}
