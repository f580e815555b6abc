package dev.weft.codec.engine;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.MessageTransform;
import dev.weft.codec.frame.ClosePayload;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.FailConnectionException;
import dev.weft.codec.frame.FrameDecoder;
import dev.weft.codec.frame.Opcode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts negotiated extensions between the frame rules and message assembly on the read side.
 *
 * <p>A message whose first frame carries an extension's RSV bits, and that the extension's
 * inbound transform claims, has each frame's payload transformed before assembly; the assembler
 * then sees a frame with the transformed bytes and no RSV bits, so UTF-8 is checked on what the
 * application will read. A frame's transformed bytes are gathered up to the message limit; beyond
 * it the connection fails with 1009, so a small frame cannot expand without bound.
 */
final class ExtensionStage implements FrameDecoder.Listener {
    private final List<Extension> extensions;
    private final FrameDecoder.Listener next;
    private final long maxMessageLength;

    private final List<MessageTransform> active = new ArrayList<>();
    /** Whether the current frame ends its message. */
    private boolean frameFin;
    /** The current frame's opcode, as on the wire. */
    private Opcode frameOpcode;
    private Opcode messageType;
    private final ByteArrayOutputStream transformed = new ByteArrayOutputStream();
    private long messageLength;

    ExtensionStage(List<Extension> extensions, FrameDecoder.Listener next, long maxMessageLength) {
        this.extensions = List.copyOf(extensions);
        this.next = next;
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    public void onDataFrameStart(boolean fin, int rsv, Opcode opcode, long payloadLength, Opcode messageType) {
        if (opcode != Opcode.CONTINUATION) {
            active.clear();
            messageLength = 0;
            // Extensions undo in the reverse of the order they were applied (§9: order matters).
            for (int i = extensions.size() - 1; i >= 0; i--) {
                Extension e = extensions.get(i);
                if ((rsv & e.rsvBits()) != 0 && e.inbound().appliesTo(rsv)) {
                    active.add(e.inbound());
                }
            }
        } else if (rsv != 0) {
            // RSV bits mark a message, on its first frame only (as RFC 7692 §6.1 has it).
            throw new FailConnectionException(CloseCode.PROTOCOL_ERROR, "RSV bits set on a continuation frame");
        }
        frameFin = fin;
        frameOpcode = opcode;
        this.messageType = messageType;
        if (active.isEmpty()) {
            next.onDataFrameStart(fin, rsv, opcode, payloadLength, messageType);
        } else {
            transformed.reset();
        }
    }

    @Override
    public void onDataPayload(ByteBuffer payload) {
        if (active.isEmpty()) {
            next.onDataPayload(payload);
        } else {
            apply(payload, false);
        }
    }

    @Override
    public void onDataFrameEnd(boolean messageEnd) {
        if (active.isEmpty()) {
            next.onDataFrameEnd(messageEnd);
            return;
        }
        if (messageEnd) {
            apply(ByteBuffer.allocate(0), true);
        }
        byte[] bytes = transformed.toByteArray();
        next.onDataFrameStart(frameFin, 0, frameOpcode, bytes.length, messageType);
        if (bytes.length > 0) {
            next.onDataPayload(ByteBuffer.wrap(bytes));
        }
        next.onDataFrameEnd(messageEnd);
    }

    private void apply(ByteBuffer input, boolean endOfMessage) {
        List<ByteBuffer> stage = List.of(input);
        for (MessageTransform transform : active) {
            List<ByteBuffer> out = new ArrayList<>();
            for (int i = 0; i < stage.size(); i++) {
                boolean end = endOfMessage && i == stage.size() - 1;
                transform.transform(stage.get(i), end, b -> out.add(copy(b)));
            }
            if (endOfMessage && stage.isEmpty()) {
                transform.transform(ByteBuffer.allocate(0), true, b -> out.add(copy(b)));
            }
            stage = out;
        }
        for (ByteBuffer b : stage) {
            messageLength += b.remaining();
            if (messageLength > maxMessageLength) {
                throw new FailConnectionException(CloseCode.MESSAGE_TOO_BIG,
                        "message grows past the limit of " + maxMessageLength + " bytes once transformed");
            }
            transformed.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
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
