package dev.weft.codec.frame;

import java.nio.ByteBuffer;

/**
 * Reads frames from bytes: the §5.2 bit layout of RFC 6455 and nothing more.
 *
 * <p>A resumable state machine: input may be split anywhere, down to one byte per call, and the
 * reader carries every partly read field to the next call. It unmasks payloads in place and hands
 * them on as windows of the caller's buffer, and it hands a header on as its fields rather than as
 * a {@link FrameHeader}, so reading allocates nothing, however many frames pass.
 *
 * <p>The reader judges only what the layout itself forbids: a 64-bit length whose most
 * significant bit is set (§5.2). Every other rule (opcodes, RSV bits, control frames, masking
 * direction, limits) belongs to {@link FrameDecoder}, which reads through this class.
 *
 * <p>If a {@link Handler} throws, the reader is failed for good: it discards all later input
 * and rethrows nothing more. Not thread-safe; one reader per connection.
 */
public final class FrameReader {

    /** What a reader reports, in wire order: a header, its payload in chunks, then the frame's end. */
    public interface Handler {
        /**
         * A frame's header has been read in full. Its fields come one by one, in the order of
         * {@link FrameHeader}'s components, so that no object is made per frame; a handler that
         * wants the header as a value makes the {@code FrameHeader} itself.
         *
         * @param fin           whether this is the final fragment of a message
         * @param rsv           the three reserved bits as a number 0–7, as {@link FrameHeader#rsv()}
         * @param opcode        the opcode, reserved values included
         * @param masked        whether the payload is masked (it arrives unmasked all the same)
         * @param maskingKey    the masking key, first key byte most significant; 0 when not masked
         * @param payloadLength the payload length in bytes, 0 to {@link Long#MAX_VALUE}
         * @throws FailConnectionException to reject the frame; the reader is then failed
         */
        void onFrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskingKey, long payloadLength);

        /**
         * A chunk of the current frame's payload, already unmasked. Not called for empty payloads.
         *
         * @param payload the caller's input buffer, its position and limit narrowed to the chunk;
         *                valid only during this call. The handler may read it and move its
         *                position; the reader restores position and limit afterwards. To keep the
         *                bytes, copy them.
         * @throws FailConnectionException to reject the frame; the reader is then failed
         */
        void onPayload(ByteBuffer payload);

        /**
         * The current frame's payload has been read in full.
         *
         * @throws FailConnectionException to reject the frame; the reader is then failed
         */
        void onFrameEnd();
    }

    /** The field being read. */
    private enum State {
        FIRST_BYTE,
        SECOND_BYTE,
        EXTENDED_LENGTH,
        MASKING_KEY,
        PAYLOAD,
        FAILED,
        /** {@link #stop()} was called: everything that follows is discarded, unread. */
        STOPPED
    }

    private State state = State.FIRST_BYTE;
    /** Set by {@link #pause()}: the current {@link #read} returns at the next step, input left unread. */
    private boolean paused;

    // The header being read.
    private boolean fin;
    private int rsv;
    private Opcode opcode;
    private boolean masked;
    private long payloadLength;
    private int maskingKey;
    /** Bytes of the current multi-byte field (extended length or masking key) still to read. */
    private int fieldBytesLeft;

    // The payload being read.
    private long payloadLeft;
    private int maskOffset;

    /** Creates a reader waiting for the first byte of a frame. */
    public FrameReader() {
    }

    /**
     * Reads all of {@code in}, reporting to {@code handler} every header, payload chunk and frame
     * end it completes, unless the handler {@linkplain #pause() pauses} it. Partial fields are
     * kept for the next call.
     *
     * @param in      bytes from the peer, owned by the caller. Read from position to limit; on
     *                return the position equals the limit, or, if the handler paused, stands
     *                where reading stopped. Masked payload bytes are unmasked in place, so the
     *                buffer must be writable.
     * @param handler receives the frames
     * @throws FailConnectionException if the layout is broken, or if the handler throws it; the
     *                                 reader is then failed and later calls discard their input
     */
    public void read(ByteBuffer in, Handler handler) {
        paused = false;
        try {
            while (!paused && in.hasRemaining() && state != State.FAILED && state != State.STOPPED) {
                switch (state) {
                    case FIRST_BYTE -> {
                        if (!readWholeHeader(in, handler)) {
                            readFirstByte(in.get());
                        }
                    }
                    case SECOND_BYTE -> readSecondByte(in.get(), handler);
                    case EXTENDED_LENGTH -> readExtendedLength(in.get(), handler);
                    case MASKING_KEY -> readMaskingKey(in.get(), handler);
                    case PAYLOAD -> readPayload(in, handler);
                    case FAILED, STOPPED -> throw new AssertionError("unreachable");
                }
            }
            if (state == State.FAILED || state == State.STOPPED) {
                in.position(in.limit());
            }
        } catch (RuntimeException e) {
            state = State.FAILED;
            in.position(in.limit());
            throw e;
        }
    }

    /**
     * Stops reading for good, without failing: the rest of the input of the current
     * {@link #read} call, and all input of later calls, is discarded without being looked at.
     * A handler calls it from {@link Handler#onFrameEnd()} after a close frame, since nothing that
     * follows a close frame counts (RFC 6455 §5.5.1), not even bytes no frame could start with.
     */
    public void stop() {
        if (state != State.FAILED) {
            state = State.STOPPED;
        }
    }

    /**
     * Makes the current {@link #read} return once the handler call in progress is over, leaving
     * the rest of the input unread, with its position where reading stopped; the next
     * {@code read} goes on from there as if the input had been split at that point. A handler
     * calls it when what it was just given must stay intact, in the caller's buffer, until its
     * own consumer has looked at it (a message lent as a view). Called outside {@code read}, it
     * does nothing.
     */
    public void pause() {
        paused = true;
    }

    /**
     * Returns whether the reader stands between frames: no part of a frame is pending.
     *
     * @return whether the reader stands between frames: no part of a frame is pending
     */
    public boolean isAtFrameBoundary() {
        return state == State.FIRST_BYTE;
    }

    /**
     * Returns whether the reader has failed and now discards its input.
     *
     * @return whether the reader has failed and now discards its input
     */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    /**
     * Reads a header that lies whole in {@code in} in one step, with absolute gets, instead of a
     * turn of the state machine per byte: the usual case, since a read brings in whole frames. The
     * fields, the checks and the calls to the handler are those of the byte-by-byte path.
     *
     * @return whether it read a header; if not, {@code in} is untouched and the byte-by-byte path
     *         goes on from the first byte
     */
    private boolean readWholeHeader(ByteBuffer in, Handler handler) {
        int p = in.position();
        int available = in.limit() - p;
        if (available < 2) {
            return false;
        }
        // The first two bytes in one read, the extended length and the key in one each: on a
        // direct buffer every access is a checked call, and this runs once per message.
        int b0b1 = NetworkOrder.getUnsignedShort(in, p);
        int b1 = b0b1 & 0xFF;
        int length7 = b1 & 0x7F;
        int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        boolean isMasked = (b1 & 0x80) != 0;
        int headerLength = 2 + lengthBytes + (isMasked ? 4 : 0);
        if (available < headerLength) {
            return false;
        }
        readFirstByte((byte) (b0b1 >>> 8));
        masked = isMasked;
        long length = length7;
        if (lengthBytes == 2) {
            length = NetworkOrder.getUnsignedShort(in, p + 2);
        } else if (lengthBytes == 8) {
            length = NetworkOrder.getLong(in, p + 2);
            if (length < 0) {
                in.position(p + 2);
                throw lengthWithMostSignificantBitSet();
            }
        }
        payloadLength = length;
        int key = isMasked ? NetworkOrder.getInt(in, p + 2 + lengthBytes) : 0;
        maskingKey = key;
        fieldBytesLeft = 0;
        in.position(p + headerLength);
        headerComplete(handler);
        return true;
    }

    private void readFirstByte(byte b) {
        fin = (b & 0x80) != 0;
        rsv = (b >> 4) & 0b111;
        opcode = Opcode.of(b & 0x0F);
        state = State.SECOND_BYTE;
    }

    private void readSecondByte(byte b, Handler handler) {
        masked = (b & 0x80) != 0;
        maskingKey = 0;
        int length7 = b & 0x7F;
        if (length7 == 126) {
            payloadLength = 0;
            fieldBytesLeft = 2;
            state = State.EXTENDED_LENGTH;
        } else if (length7 == 127) {
            payloadLength = 0;
            fieldBytesLeft = 8;
            state = State.EXTENDED_LENGTH;
        } else {
            payloadLength = length7;
            afterLength(handler);
        }
    }

    private void readExtendedLength(byte b, Handler handler) {
        if (fieldBytesLeft == 8 && (b & 0x80) != 0) {
            throw lengthWithMostSignificantBitSet();
        }
        payloadLength = (payloadLength << 8) | (b & 0xFF);
        if (--fieldBytesLeft == 0) {
            afterLength(handler);
        }
    }

    /** §5.2: the most significant bit of a 64-bit payload length must be 0. */
    private static FailConnectionException lengthWithMostSignificantBitSet() {
        return new FailConnectionException(CloseCode.PROTOCOL_ERROR,
                "64-bit payload length with the most significant bit set");
    }

    private void afterLength(Handler handler) {
        if (masked) {
            fieldBytesLeft = 4;
            state = State.MASKING_KEY;
        } else {
            headerComplete(handler);
        }
    }

    private void readMaskingKey(byte b, Handler handler) {
        maskingKey = (maskingKey << 8) | (b & 0xFF);
        if (--fieldBytesLeft == 0) {
            headerComplete(handler);
        }
    }

    private void headerComplete(Handler handler) {
        payloadLeft = payloadLength;
        maskOffset = 0;
        // Set the state before calling out, so that a handler that throws leaves nothing half-done.
        state = payloadLeft == 0 ? State.FIRST_BYTE : State.PAYLOAD;
        handler.onFrameHeader(fin, rsv, opcode, masked, maskingKey, payloadLength);
        if (payloadLeft == 0) {
            handler.onFrameEnd();
        }
    }

    private void readPayload(ByteBuffer in, Handler handler) {
        int start = in.position();
        int chunk = (int) Math.min(payloadLeft, in.remaining());
        int end = start + chunk;
        if (masked) {
            maskOffset = Masker.mask(in, start, end, maskingKey, maskOffset);
        }
        payloadLeft -= chunk;
        if (payloadLeft == 0) {
            state = State.FIRST_BYTE;
        }
        int limit = in.limit();
        in.limit(end);
        try {
            handler.onPayload(in);
        } finally {
            in.limit(limit);
            in.position(end);
        }
        if (payloadLeft == 0) {
            handler.onFrameEnd();
        }
    }
}
