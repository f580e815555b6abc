package dev.weft.codec.extension;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * How an extension changes message payloads in one direction (RFC 6455 §9): for
 * permessage-deflate, inflating what arrives and deflating what leaves.
 *
 * <p>A transform works on whole messages, streamed: {@link #transform} is called with the
 * message's payload in order, in parts of any size, the last call marked {@code endOfMessage}.
 * It is free to hold bytes back between calls, and must hand on everything by the last call.
 * Not thread-safe: one per connection and direction.
 */
public interface MessageTransform {

    /** Leaves every message as it is. */
    MessageTransform IDENTITY = new MessageTransform() {
        @Override
        public boolean appliesTo(int rsv) {
            return false;
        }

        @Override
        public void transform(ByteBuffer input, boolean endOfMessage, Consumer<ByteBuffer> output) {
            output.accept(input);
        }
    };

    /**
     * Decides whether a message goes through this transform.
     *
     * <p>Inbound, {@code rsv} holds the RSV bits of the message's first frame (RSV1 set means
     * "compressed" for permessage-deflate). Outbound, {@code rsv} is 0, and a {@code true} answer
     * makes the encoder set the extension's {@link Extension#rsvBits()} on the first frame.
     *
     * @param rsv RSV bits, as {@code dev.weft.codec.frame.FrameHeader#rsv()}
     * @return whether {@link #transform} handles this message
     */
    boolean appliesTo(int rsv);

    /**
     * Transforms the next part of a message.
     *
     * @param input        the part, from position to limit; the transform consumes it and may move
     *                     its position. Valid only during this call.
     * @param endOfMessage whether this is the message's last part
     * @param output       receives the transformed bytes in order; each buffer handed to it is
     *                     valid only during that call
     * @throws dev.weft.codec.frame.FailConnectionException if the input is corrupt (for example,
     *                                                      bad compressed data), with the close
     *                                                      code to send
     */
    void transform(ByteBuffer input, boolean endOfMessage, Consumer<ByteBuffer> output);

    /**
     * Outbound: decides whether a message of {@code length} bytes goes through this transform, so
     * that a transform can leave short messages alone. The length is the whole message's, or the
     * first fragment's when the message is sent in fragments. By default, {@link #appliesTo(int)}.
     *
     * @param rsv    0, as for {@link #appliesTo(int)} outbound
     * @param length the message's (or first fragment's) length in bytes
     * @return whether {@link #transform} handles this message
     */
    default boolean appliesTo(int rsv, long length) {
        return appliesTo(rsv);
    }

    /**
     * Transforms the next part of a message in one call and returns all of its output in one
     * buffer: how the engine transforms what the application sends. By default it gathers what
     * {@link #transform(ByteBuffer, boolean, Consumer)} hands on; a transform that can write its
     * output straight into one array should do so.
     *
     * @param input        the part, from position to limit; consumed. Valid only during this call.
     * @param endOfMessage whether this is the message's last part
     * @return the output, a buffer the caller owns from then on, from position to limit; a caller
     *         that has copied the bytes out may give it back with {@link #recycle(ByteBuffer)}
     */
    default ByteBuffer transformAll(ByteBuffer input, boolean endOfMessage) {
        ByteBuffer[] gathered = {ByteBuffer.allocate(Math.max(64, input.remaining()))};
        transform(input, endOfMessage, b -> {
            if (gathered[0].remaining() < b.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(gathered[0].capacity() * 2, gathered[0].position() + b.remaining()));
                gathered[0] = bigger.put(gathered[0].flip());
            }
            gathered[0].put(b.duplicate());
        });
        return gathered[0].flip();
    }

    /**
     * Takes back a buffer {@link #transformAll} returned, once the caller is done with it (its
     * bytes copied into the frame), so that a transform that writes into pooled memory can reuse
     * it: then a message costs no output array. A buffer not given back is left to the collector.
     * By default nothing happens.
     *
     * @param output a buffer this transform's {@link #transformAll} returned, given back at most
     *               once; the caller must not touch it afterwards
     */
    default void recycle(ByteBuffer output) {
    }
}
