package dev.weft.codec.engine;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.frame.ClosePayload;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.Opcode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts negotiated extensions between the frame rules and message assembly on the read side.
 *
 * <p>A message whose first frame carries an extension's RSV bits, and that the extension's
 * inbound transform claims, has its payload transformed as it streams in. The assembler behind
 * sees the transformed message as a run of frames with no RSV bits, one per piece a transform
 * hands on, then an empty final frame at the message's end; so UTF-8 is checked on what the
 * application will read, and nothing here buffers. The transformed length is counted as it grows:
 * past the message limit the connection fails with 1009 at once, so a small compressed frame
 * cannot expand beyond the limit plus the one piece that crossed it.
 *
 * <p>RSV bits belong to a message's first frame (RFC 7692 §6.1): on a continuation frame they
 * fail the connection with 1002. (The frame decoder already refuses them on control frames and
 * when no extension claims them.)
 */
final class ExtensionStage implements FrameDecoder.Listener, Consumer<ByteBuffer> {
    /** What a transform is fed at a message's end: no bytes and no room, so nothing can change it. */
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final List<Extension> extensions;
    private final FrameDecoder.Listener next;
    private final long maxMessageLength;

    /**
     * The transforms the current message goes through, in the first {@link #activeCount} slots:
     * an array the size of the extension list rather than a growing list, as every compressed
     * connection holds it while idle.
     */
    private final MessageTransform[] active;
    private int activeCount;
    private Opcode messageType;
    /** Whether a piece of the transformed message has gone on, so later pieces continue it. */
    private boolean started;
    private long messageLength;

    ExtensionStage(List<Extension> extensions, FrameDecoder.Listener next, long maxMessageLength) {
        this.extensions = List.copyOf(extensions);
        this.active = new MessageTransform[this.extensions.size()];
        this.next = next;
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    public void onDataFrameStart(boolean fin, int rsv, Opcode opcode, long payloadLength, Opcode messageType) {
        if (opcode != Opcode.CONTINUATION) {
            activeCount = 0;
            messageLength = 0;
            started = false;
            // Extensions undo in the reverse of the order they were applied (§9: order matters).
            for (int i = extensions.size() - 1; i >= 0; i--) {
                Extension e = extensions.get(i);
                if ((rsv & e.rsvBits()) != 0 && e.inbound().appliesTo(rsv)) {
                    active[activeCount++] = e.inbound();
                }
            }
        } else if (rsv != 0) {
            // RSV bits mark a message, on its first frame only (as RFC 7692 §6.1 has it).
            throw new FailConnectionException(CloseCode.PROTOCOL_ERROR, "RSV bits set on a continuation frame");
        }
        this.messageType = messageType;
        if (activeCount == 0) {
            next.onDataFrameStart(fin, rsv, opcode, payloadLength, messageType);
        }
    }

    @Override
    public void onDataPayload(ByteBuffer payload) {
        if (activeCount == 0) {
            next.onDataPayload(payload);
        } else {
            apply(0, payload, false);
        }
    }

    @Override
    public void onDataFrameEnd(boolean messageEnd) {
        if (activeCount == 0) {
            next.onDataFrameEnd(messageEnd);
            return;
        }
        if (messageEnd) {
            // Each transform, in turn, hands on what it held back; then the message ends.
            for (int i = 0; i < activeCount; i++) {
                apply(i, NO_INPUT, true);
            }
            next.onDataFrameStart(true, 0, started ? Opcode.CONTINUATION : messageType, 0, messageType);
            next.onDataFrameEnd(true);
            activeCount = 0;
        }
    }

    /** Feeds transform {@code i}; its output feeds transform i + 1, the last one's the assembler. */
    private void apply(int i, ByteBuffer input, boolean endOfMessage) {
        Consumer<ByteBuffer> out = i == activeCount - 1 ? this : b -> apply(i + 1, b, false);
        active[i].transform(input, endOfMessage, out);
    }

    /** One piece of the transformed message, valid only during this call, goes on as a frame. */
    @Override
    public void accept(ByteBuffer piece) {
        int n = piece.remaining();
        if (n == 0) {
            return;
        }
        messageLength += n;
        if (messageLength > maxMessageLength) {
            throw new FailConnectionException(CloseCode.MESSAGE_TOO_BIG,
                    "message grows past the limit of " + maxMessageLength + " bytes once transformed");
        }
        next.onDataFrameStart(false, 0, started ? Opcode.CONTINUATION : messageType, n, messageType);
        started = true;
        next.onDataPayload(piece);
        next.onDataFrameEnd(false);
    }

    @Override
    public void onPing(ByteBuffer payload) {
        next.onPing(payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        next.onPong(payload);
    }

    @Override
    public void onClose(ClosePayload close) {
        next.onClose(close);
    }
}
