package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
 * <p>Memory is bounded twice. Per connection, by the decoder's message limit, which is checked on
 * each frame's header before any byte of it is buffered. Across connections, by an
 * {@link AssemblyBudget} shared by all of them: the buffer is reserved there before it is
 * allocated, and a connection whose message would pass the budget is failed with
 * {@link CloseCode#TRY_AGAIN_LATER}.
 *
 * <p>Only a message that spans reads is gathered into a buffer; one whose frames are all in the
 * input at once is handed on from the input, as a window of it: no copy and no allocation. The
 * buffer is sized from what the frame headers have announced (the bytes gathered so far plus the
 * current frame's length), never doubled past it, so a 32 MiB message costs 32 MiB, not 64; up to
 * {@value #RETAINED_BUFFER_LIMIT} bytes it is rounded up to a power of two, so that it can be
 * reused. Only a message whose length no header announces — many small fragments, or the pieces
 * an inflater hands on — grows beyond that: doubling up to {@value #RETAINED_BUFFER_LIMIT} bytes
 * (a 64 KiB message inflated in 8 KiB pieces takes buffers of 8, 16, 32 and 64 KiB), then a
 * quarter at a time, so that assembling it stays linear; the message limit caps that too.
 *
 * <p>Buffers of up to {@value #RETAINED_BUFFER_LIMIT} bytes are not made per message: they are
 * taken from the spare buffers of the budget. A delivered message's buffer stays with the
 * assembler, as the listener may still be reading it, until the owner says it has gone quiet
 * ({@link #giveBackBuffer()}); then, while the budget is less than half used, it goes back to the
 * spare buffers. So a busy connection finds one waiting and allocates nothing, and a quiet one
 * holds none. That matters for permessage-deflate, whose every message is assembled from an
 * inflater's pieces: an idle compressed connection used to keep its last message's buffer for as
 * long as it stayed open. Not thread-safe; one assembler per connection.
 */
public final class MessageAssembler implements FrameDecoder.Listener {

    /** Buffers above this size are made for their message and dropped after it, not reused. */
    private static final int RETAINED_BUFFER_LIMIT = SpareBuffers.LARGEST;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final MessageListener listener;
    private final boolean streaming;
    private final long maxMessageLength;
    private final AssemblyBudget budget;
    private final SpareBuffers spares;
    /** Made at the first text frame: a binary-only or idle connection never needs one. */
    private Utf8Validator utf8;

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

    /**
     * The array of the message being assembled; none until a message needs one, and none again once
     * it is delivered, so a connection between messages holds none.
     */
    private byte[] buffer = NO_BYTES;
    /**
     * The wrapper of {@link #buffer}, the assembled message is handed on in: it comes with the
     * array from the spare buffers and goes back with it; {@code null} when there is no buffer.
     */
    private ByteBuffer assembled;
    private int length;
    /** The bytes of {@link #buffer} reserved in {@link #budget}: its length, or 0 after {@link #discard()}. */
    private long reserved;

    /**
     * Creates an assembler with no message in progress.
     *
     * @param config   decides assembled or streaming mode
     * @param listener receives the messages; in streaming mode it must override
     *                 {@link MessageListener#onTextFragment}, {@link MessageListener#onBinaryFragment}
     *                 or both
     * @throws IllegalArgumentException in streaming mode, if {@code listener} leaves both fragment
     *                                  methods to their defaults, which refuse every part
     */
    public MessageAssembler(DecoderConfig config, MessageListener listener) {
        this(config, listener, AssemblyBudget.unlimited());
    }

    /**
     * Creates an assembler with no message in progress that reserves its buffers in a budget
     * shared with other connections.
     *
     * @param config   decides assembled or streaming mode, and the message limit
     * @param listener receives the messages; in streaming mode it must override
     *                 {@link MessageListener#onTextFragment}, {@link MessageListener#onBinaryFragment}
     *                 or both
     * @param budget   where buffers are reserved before they are allocated
     * @throws IllegalArgumentException in streaming mode, if {@code listener} leaves both fragment
     *                                  methods to their defaults, which refuse every part
     */
    public MessageAssembler(DecoderConfig config, MessageListener listener, AssemblyBudget budget) {
        this.streaming = config.streaming();
        this.maxMessageLength = config.maxMessageLength();
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
        this.spares = budget.spares();
        // Found out now rather than when the first message arrives, maybe in production. A
        // listener that takes one kind in parts may leave the other to the refusing default.
        if (streaming && !overrides(listener, "onTextFragment") && !overrides(listener, "onBinaryFragment")) {
            throw new IllegalArgumentException("streaming mode hands messages on in parts, but "
                    + listener.getClass().getName() + " overrides neither MessageListener.onTextFragment nor onBinaryFragment");
        }
    }

    private static boolean overrides(MessageListener listener, String method) {
        try {
            return listener.getClass().getMethod(method, ByteBuffer.class, boolean.class).getDeclaringClass() != MessageListener.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("MessageListener declares " + method, e);
        }
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
            if (utf8 != null) {
                utf8.reset();
            }
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
                deliverWhole(assembled());
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
                deliverWhole(assembled());
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
        if (utf8 == null) {
            utf8 = new Utf8Validator();
        }
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
            listener.onBinary(message);
        }
    }

    /**
     * Returns whether {@code message}, as handed to {@link MessageListener#onBinary}, is this
     * assembler's own buffer. Nothing else reads or moves that buffer until the next message is
     * gathered, and the assembler sets its position and limit again before it does, so a listener
     * may lend it as it is, without a view of its own; its buffers are shared between connections
     * and change from message to message, so a view made for one would rarely serve again.
     *
     * @param message a buffer {@link MessageListener#onBinary} was given
     * @return whether it is the assembler's own
     */
    public boolean isAssembled(ByteBuffer message) {
        return message != null && message == assembled;
    }

    /** The assembled message, in the buffer's own wrapper (an empty one when there is no buffer). */
    private ByteBuffer assembled() {
        if (assembled == null) {
            return EMPTY;
        }
        assembled.clear().limit(length);
        return assembled;
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
            grow(needed);
        }
        payload.get(buffer, length, n);
        length = needed;
    }

    /**
     * Replaces the buffer with one that holds what the headers have announced: the bytes so far,
     * this one and the rest of the current frame. A message no header announces in full grows
     * instead, so that gathering it is not quadratic: doubling up to the size a buffer is kept
     * at, then a quarter at a time, so that a large one reserves little it will not fill. The
     * message limit caps both. Up to the kept size the buffer comes from the spare ones, and the
     * one it replaces goes back there.
     */
    private void grow(int needed) {
        long announced = needed + frameBytesLeft;
        long unannounced = length < RETAINED_BUFFER_LIMIT
                ? Math.min(2L * length, RETAINED_BUFFER_LIMIT)
                : (long) length + (length >> 2);
        long amortized = Math.min(Math.max(maxMessageLength, needed), unannounced);
        int capacity = SpareBuffers.capacityFor((int) Math.min(MAX_ARRAY_LENGTH, Math.max(announced, amortized)));
        if (!budget.tryReserve(capacity - reserved)) {
            throw new FailConnectionException(CloseCode.TRY_AGAIN_LATER,
                    "the server is holding too many unfinished messages; try again later");
        }
        ByteBuffer bigger;
        try {
            bigger = spares.take(capacity);
        } catch (OutOfMemoryError e) {
            budget.release(capacity - reserved);
            throw new FailConnectionException(CloseCode.TRY_AGAIN_LATER, "no memory to assemble the message; try again later");
        }
        System.arraycopy(buffer, 0, bigger.array(), 0, length);
        ByteBuffer smaller = assembled;
        buffer = bigger.array();
        assembled = bigger;
        reserved = capacity;
        if (smaller != null) {
            spares.give(smaller);
        }
    }

    /**
     * The message is delivered: a large buffer goes to the collector, as does any while the budget
     * is more than half used; a small one stays, as the listener may still read it, until
     * {@link #giveBackBuffer()} or the next message that spans reads.
     */
    private void releaseBuffer() {
        length = 0;
        if (buffer.length > RETAINED_BUFFER_LIMIT || budget.held() > budget.limit() / 2) {
            dropBuffer();
        }
    }

    /**
     * Gives the buffer back to the spare buffers of the budget, if no message is being gathered
     * in it: for the owner to call when the connection has gone quiet (its input is all decoded,
     * and no view of a delivered message is lent out any more), so that a connection between
     * messages holds no buffer. Mid-message it does nothing. Cheap when there is nothing to give.
     */
    public void giveBackBuffer() {
        if (length == 0 && assembled != null) {
            ByteBuffer done = assembled;
            dropBuffer();
            if (budget.held() <= budget.limit() / 2) {
                spares.give(done);
            }
        }
    }

    private void dropBuffer() {
        buffer = NO_BYTES;
        assembled = null;
        budget.release(reserved);
        reserved = 0;
    }

    /**
     * Drops any message in progress and gives its buffer back to the budget: called when the
     * connection stops reading (it closed or failed), since no later frame will finish the message.
     * Frames fed after this start over with a fresh buffer.
     */
    public void discard() {
        length = 0;
        messageType = null;
        dropBuffer();
    }

    /**
     * Returns the bytes this assembler holds in its buffer now, counted in its budget: while a
     * message is being assembled, and after it until {@link #giveBackBuffer()}.
     *
     * @return the buffer's size; 0 when it holds none
     */
    public long heldBytes() {
        return reserved;
    }
}
