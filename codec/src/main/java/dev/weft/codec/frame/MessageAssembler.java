package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns valid frames into messages (RFC 6455 §5.4, §5.6): the top of the frame layer's read side.
 *
 * <p>Sits behind a {@link FrameDecoder}, as its listener. In assembled mode it gathers the
 * fragments of a message and hands the whole message on; in streaming mode
 * ({@link DecoderConfig#streaming()}) it hands each part on as it arrives, in the decoder's own
 * window of the input buffer, and neither buffers nor allocates.
 * Control frames pass straight through, also between the fragments of a message.
 *
 * <p>It validates text as it arrives, across frames and buffer splits, and fails fast: the
 * first invalid byte fails the connection with {@link CloseCode#INVALID_FRAME_PAYLOAD_DATA}
 * (§8.1), without waiting for the message's end, and the invalid part is never handed on. It
 * sits after the frame rules and before the application so that an extension that transforms
 * payloads (permessage-deflate) can be placed in front of it: UTF-8 is a property of the
 * message the application sees, not of the bytes on the wire.
 *
 * <p>Memory is bounded by the decoder's message limit, which is checked on each frame's header
 * before any byte of it is buffered; the buffer grows with the bytes that actually arrive, never
 * with what a header declares. Not thread-safe; one assembler per connection.
 */
public final class MessageAssembler implements FrameDecoder.Listener {

    /** Buffers above this size are dropped after their message rather than kept for reuse. */
    private static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final MessageListener listener;
    private final boolean streaming;
    private final Utf8Validator utf8 = new Utf8Validator();

    /**
     * What an empty final part is handed on in: a buffer of no bytes and no room, so nothing a
     * listener does to it can change what the next listener sees; one serves every connection.
     */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final byte[] NO_BYTES = new byte[0];

    private Opcode messageType;
    /** Whether the current frame ends its message. */
    private boolean frameFin;
    /** The current frame's payload length. */
    private long framePayloadLength;
    private long frameBytesLeft;

    /** The message being assembled; no array until a message needs one, so idle connections hold none. */
    private byte[] buffer = NO_BYTES;
    private int length;

    /**
     * Creates an assembler with no message in progress.
     *
     * @param config   decides assembled or streaming mode
     * @param listener receives the messages
     */
    public MessageAssembler(DecoderConfig config, MessageListener listener) {
        this.streaming = config.streaming();
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Returns a decoder that reads frames into this kind of assembler: the usual way to take in a
     * connection's bytes.
     *
     * @param config   the limits and settings, for both the decoder and the assembler
     * @param listener receives the messages
     * @return a new decoder feeding a new assembler
     */
    public static FrameDecoder decoder(DecoderConfig config, MessageListener listener) {
        return new FrameDecoder(config, new MessageAssembler(config, listener));
    }

    @Override
    public void onDataFrameStart(boolean fin, int rsv, Opcode opcode, long payloadLength, Opcode type) {
        if (opcode != Opcode.CONTINUATION) {
            messageType = type;
            length = 0;
            utf8.reset();
        }
        frameFin = fin;
        framePayloadLength = payloadLength;
        frameBytesLeft = payloadLength;
    }

    /**
     * {@inheritDoc}
     *
     * <p>In streaming mode the fragment handed to the {@link MessageListener} is this very buffer:
     * the same window, valid only during the call, so streaming allocates nothing per frame.
     */
    @Override
    public void onDataPayload(ByteBuffer payload) {
        int n = payload.remaining();
        frameBytesLeft -= n;
        boolean last = frameFin && frameBytesLeft == 0;
        if (messageType == Opcode.TEXT) {
            validateUtf8(payload, last);
        }
        if (streaming) {
            deliverFragment(payload, last);
        } else if (last && length == 0) {
            // The whole message is in this one chunk: hand it on without gathering it.
            deliverWhole(payload);
        } else {
            append(payload);
            if (last) {
                deliverWhole(ByteBuffer.wrap(buffer, 0, length));
                releaseBuffer();
            }
        }
    }

    @Override
    public void onDataFrameEnd(boolean messageEnd) {
        if (messageEnd && framePayloadLength == 0) {
            // The final frame was empty, so onDataPayload never saw the message's end.
            if (messageType == Opcode.TEXT) {
                validateUtf8(EMPTY, true);
            }
            if (streaming) {
                deliverFragment(EMPTY, true);
            } else {
                deliverWhole(ByteBuffer.wrap(buffer, 0, length));
                releaseBuffer();
            }
        }
        if (messageEnd) {
            messageType = null;
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        listener.onPing(payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        listener.onPong(payload);
    }

    @Override
    public void onClose(ClosePayload close) {
        listener.onClose(close);
    }

    private void validateUtf8(ByteBuffer payload, boolean last) {
        int bad = utf8.validate(payload);
        if (bad >= 0) {
            throw new FailConnectionException(CloseCode.INVALID_FRAME_PAYLOAD_DATA, "text message is not valid UTF-8");
        }
        if (last && !utf8.isAtCharacterBoundary()) {
            throw new FailConnectionException(CloseCode.INVALID_FRAME_PAYLOAD_DATA, "text message ends inside a UTF-8 sequence");
        }
    }

    private void deliverFragment(ByteBuffer part, boolean last) {
        if (messageType == Opcode.TEXT) {
            listener.onTextFragment(part, last);
        } else {
            listener.onBinaryFragment(part, last);
        }
    }

    private void deliverWhole(ByteBuffer message) {
        if (messageType == Opcode.TEXT) {
            listener.onText(decodeUtf8(message));
        } else {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining());
            copy.put(message).flip();
            listener.onBinary(copy);
        }
    }

    /** Decodes bytes already known to be valid UTF-8; the String constructor is the JDK's fastest path. */
    private static String decodeUtf8(ByteBuffer utf8) {
        if (utf8.hasArray()) {
            return new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(utf8.position(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void append(ByteBuffer payload) {
        int n = payload.remaining();
        if ((long) length + n > MAX_ARRAY_LENGTH) {
            throw new FailConnectionException(CloseCode.MESSAGE_TOO_BIG, "message too big to assemble; use streaming mode");
        }
        int needed = length + n;
        if (needed > buffer.length) {
            // Grow with what has arrived, doubling, so a large declared length allocates nothing
            // until its bytes are here. The decoder's message limit bounds the total.
            buffer = Arrays.copyOf(buffer, Math.max(Math.max(needed, 256), (int) Math.min(MAX_ARRAY_LENGTH, 2L * buffer.length)));
        }
        payload.get(buffer, length, n);
        length = needed;
    }

    private void releaseBuffer() {
        length = 0;
        if (buffer.length > RETAINED_BUFFER_LIMIT) {
            buffer = NO_BYTES;
        }
    }
}
