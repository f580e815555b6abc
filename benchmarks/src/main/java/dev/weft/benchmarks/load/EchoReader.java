package dev.weft.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * Reads the echoes on one connection, as little as it can: each frame's header for its length,
 * then past its payload. It checks what it can cheaply and throws {@link LoadFailure} on the
 * first thing wrong: every echo must be one message of the opcode and length sent (fragments
 * allowed), with no RSV bits; the payload of the first echo, and of every
 * {@value #VERIFY_EVERY}th after it, must equal what was sent.
 *
 * <p>From a WebSocket server every frame must come unmasked (RFC 6455 §5.1). The TCP baseline
 * echoes the client's masked frames; for it the reader accepts the mask bit and unmasks the
 * payloads it verifies.
 *
 * <p>A resumable state machine over the fields of §5.2: a frame may arrive in pieces of any size.
 * Not thread-safe; one per connection.
 */
final class EchoReader {

    /** One echo in this many has its payload compared, besides the first. */
    static final int VERIFY_EVERY = 64;

    /** The field being read. */
    private enum Field {
        OPCODE_AND_LENGTH,
        EXTENDED_LENGTH,
        MASKING_KEY,
        PAYLOAD
    }

    private static final int OPCODE_CONTINUATION = 0x0;

    private final MessageFrame sent;
    private final boolean maskedAllowed;
    private final HeaderField header = new HeaderField();
    private final byte[] key = new byte[4];
    private Field field = Field.OPCODE_AND_LENGTH;
    private int need;
    private boolean fin;
    private boolean masked;
    private long frameLength;
    private long frameOffset;
    private boolean inMessage;
    private long messageOffset;
    private boolean verifying;
    private long messages;
    private long verified;

    /**
     * Creates a reader.
     *
     * @param sent          the frame every message was sent as
     * @param maskedAllowed whether the peer may mask (only a plain TCP echo does)
     */
    EchoReader(MessageFrame sent, boolean maskedAllowed) {
        this.sent = sent;
        this.maskedAllowed = maskedAllowed;
    }

    /**
     * Reads on.
     *
     * @param in bytes from the server, owned by the caller; all of them are consumed (the position
     *           moves to the limit) and no reference is kept
     * @return how many echoes these bytes completed
     * @throws LoadFailure if an echo is not what was sent
     */
    int read(ByteBuffer in) {
        int completed = 0;
        while (in.hasRemaining()) {
            switch (field) {
                case OPCODE_AND_LENGTH -> {
                    if (header.gather(in, 2)) {
                        completed += opcodeAndLength();
                    }
                }
                case EXTENDED_LENGTH -> {
                    if (header.gather(in, need)) {
                        completed += extendedLength();
                    }
                }
                case MASKING_KEY -> {
                    if (header.gather(in, 4)) {
                        header.copyTo(key, 4);
                        completed += beginPayload();
                    }
                }
                case PAYLOAD -> completed += payload(in);
            }
        }
        return completed;
    }

    /**
     * Returns how many echoes have been read whole.
     *
     * @return the count since the connection opened
     */
    long messages() {
        return messages;
    }

    /**
     * Returns how many echoes had their payload compared with what was sent, and matched.
     *
     * @return the count since the connection opened
     */
    long verified() {
        return verified;
    }


    private int opcodeAndLength() {
        int b0 = header.unsigned(0);
        int b1 = header.unsigned(1);
        if ((b0 & 0x70) != 0) {
            throw new LoadFailure("the server set RSV bits (0x" + Integer.toHexString(b0 & 0x70) + ") though no extension was negotiated");
        }
        int opcode = b0 & 0x0F;
        int expected = inMessage ? OPCODE_CONTINUATION : sent.opcode();
        if (opcode != expected) {
            throw new LoadFailure("the server sent " + describe(opcode) + " where " + describe(expected) + " was due");
        }
        fin = (b0 & 0x80) != 0;
        masked = (b1 & 0x80) != 0;
        if (masked && !maskedAllowed) {
            throw new LoadFailure("the server masked a frame, which a server must not (RFC 6455 §5.1)");
        }
        int length = b1 & 0x7F;
        if (length == 126 || length == 127) {
            need = length == 126 ? 2 : 8;
            field = Field.EXTENDED_LENGTH;
            return 0;
        }
        frameLength = length;
        return afterLength();
    }

    private int extendedLength() {
        long length = header.bigEndian(need);
        if (length < 0) {
            throw new LoadFailure("the server sent a frame length with the top bit set");
        }
        frameLength = length;
        return afterLength();
    }

    private int afterLength() {
        if (messageOffset + frameLength > sent.size()) {
            throw new LoadFailure("echo " + (messages + 1) + " is longer than the " + sent.size()
                    + "-byte message sent (at least " + (messageOffset + frameLength) + " bytes)");
        }
        if (masked) {
            field = Field.MASKING_KEY;
            return 0;
        }
        return beginPayload();
    }

    private int beginPayload() {
        if (!inMessage) {
            inMessage = true;
            verifying = messages % VERIFY_EVERY == 0;
        }
        frameOffset = 0;
        field = Field.PAYLOAD;
        return frameLength == 0 ? endFrame() : 0;
    }

    private int payload(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), frameLength - frameOffset);
        if (verifying) {
            verify(in, n);
        }
        in.position(in.position() + n);
        frameOffset += n;
        messageOffset += n;
        return frameOffset == frameLength ? endFrame() : 0;
    }

    private void verify(ByteBuffer in, int n) {
        int at = in.position();
        if (!masked) {
            int differs = in.slice(at, n).mismatch(sent.payload((int) messageOffset, n));
            if (differs >= 0) {
                throw differs(messageOffset + differs);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            byte b = (byte) (in.get(at + i) ^ MessageFrame.keyAt(key, frameOffset + i));
            if (b != sent.payloadAt((int) messageOffset + i)) {
                throw differs(messageOffset + i);
            }
        }
    }

    private LoadFailure differs(long offset) {
        return new LoadFailure("echo " + (messages + 1) + " differs from the message sent at byte " + offset + " of " + sent.size());
    }

    private int endFrame() {
        field = Field.OPCODE_AND_LENGTH;
        if (!fin) {
            return 0;
        }
        if (messageOffset != sent.size()) {
            throw new LoadFailure("echo " + (messages + 1) + " has " + messageOffset + " bytes; the message sent had " + sent.size());
        }
        inMessage = false;
        messageOffset = 0;
        messages++;
        if (verifying) {
            verified++;
        }
        return 1;
    }

    private static String describe(int opcode) {
        return switch (opcode) {
            case 0x0 -> "a continuation frame";
            case 0x1 -> "a text frame";
            case 0x2 -> "a binary frame";
            case 0x8 -> "a close frame";
            case 0x9 -> "a ping";
            case 0xA -> "a pong";
            default -> "reserved opcode 0x" + Integer.toHexString(opcode);
        };
    }
}
