package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes frames (RFC 6455 §5.2) for one end of a connection.
 *
 * <p>Headers use the shortest length form. A client's frames are masked with a fresh key from its
 * {@link MaskingKeySource} (§5.3); a server's never are.
 *
 * <p>Two ways to write a frame:
 * <ul>
 *   <li><b>Into a buffer, resumably.</b> {@link #start(FrameHeader, ByteBuffer)} then
 *       {@link #encode(ByteBuffer)} until it returns {@code true}: each call writes as much as
 *       fits into the caller's buffer, so a frame of any size goes out through a small, reused
 *       output buffer. Masking happens while copying; the caller's payload is never changed.</li>
 *   <li><b>Gathering.</b> Write the {@link #header header} alone ({@link FrameHeader#writeTo})
 *       and pass the payload to the channel as it is, with no copy. For a client the payload
 *       must first be masked, in place, with {@link Masker#mask(ByteBuffer, int, int)} and the
 *       header's key; that changes the payload, so do it only to a buffer you own.</li>
 * </ul>
 * The encoder allocates nothing per frame. Not thread-safe; one encoder per connection.
 */
public final class FrameEncoder {

    private final Role role;
    private final MaskingKeySource keys;

    // The frame in progress.
    private final byte[] headerBytes = new byte[FrameHeader.MAX_LENGTH];
    private final ByteBuffer headerView = ByteBuffer.wrap(headerBytes);
    private int headerLength;
    private int headerWritten;
    private ByteBuffer payload;
    private int payloadIndex;
    private int payloadEnd;
    private boolean masked;
    private int maskingKey;
    private int maskOffset;

    /**
     * Creates an encoder for {@code role}; a client's keys come from {@link MaskingKeySource#strong()}.
     *
     * @param role which end this encoder writes for
     */
    public FrameEncoder(Role role) {
        this(role, role.masksOutgoing() ? MaskingKeySource.strong() : () -> 0);
    }

    /**
     * Creates an encoder for {@code role} with the given key source (for tests).
     *
     * @param role which end this encoder writes for
     * @param keys where a client's masking keys come from; unused by a server
     */
    public FrameEncoder(Role role, MaskingKeySource keys) {
        this.role = Objects.requireNonNull(role, "role");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Returns the header of a frame this end may send: masked with a fresh key for a client, not
     * masked for a server.
     *
     * @param opcode        a non-reserved opcode
     * @param fin           whether the frame ends its message; must be {@code true} for control frames
     * @param rsv           RSV bits, 0–7, as a negotiated extension sets them; 0 otherwise
     * @param payloadLength the payload length; at most 125 for control frames
     * @return the header
     * @throws IllegalArgumentException if the frame would break RFC 6455 §5.2 or §5.5
     */
    public FrameHeader header(Opcode opcode, boolean fin, int rsv, long payloadLength) {
        if (opcode.isReserved()) {
            throw new IllegalArgumentException("reserved opcode " + opcode);
        }
        if (opcode.isControl() && (!fin || payloadLength > FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH)) {
            throw new IllegalArgumentException("a control frame must be final and carry at most 125 bytes");
        }
        boolean mask = role.masksOutgoing();
        return new FrameHeader(fin, rsv, opcode, mask, mask ? keys.nextMaskingKey() : 0, payloadLength);
    }

    /**
     * Begins writing a frame. The payload is read from its position to its limit, neither of which
     * moves; the caller must leave its bytes alone until {@link #encode(ByteBuffer)} returns
     * {@code true}.
     *
     * @param header  the frame's header, usually from {@link #header}
     * @param payload the payload, exactly {@code header.payloadLength()} bytes
     * @throws IllegalArgumentException if the payload's length differs from the header's
     * @throws IllegalStateException    if the previous frame is not fully written
     */
    public void start(FrameHeader header, ByteBuffer payload) {
        if (!isIdle()) {
            throw new IllegalStateException("the previous frame is not fully written");
        }
        if (payload.remaining() != header.payloadLength()) {
            throw new IllegalArgumentException("payload has " + payload.remaining()
                    + " bytes but the header says " + header.payloadLength());
        }
        headerView.clear();
        header.writeTo(headerView);
        headerLength = headerView.position();
        headerWritten = 0;
        this.payload = payload;
        payloadIndex = payload.position();
        payloadEnd = payload.limit();
        masked = header.masked();
        maskingKey = header.maskingKey();
        maskOffset = 0;
    }

    /**
     * Writes as much of the frame in progress as fits into {@code out}.
     *
     * @param out a buffer the caller owns; written from its position, which advances
     * @return {@code true} when the whole frame has been written (the encoder is idle again),
     *         {@code false} when {@code out} filled up first; call again with more room
     */
    public boolean encode(ByteBuffer out) {
        if (headerWritten < headerLength) {
            int n = Math.min(headerLength - headerWritten, out.remaining());
            out.put(headerBytes, headerWritten, n);
            headerWritten += n;
            if (headerWritten < headerLength) {
                return false;
            }
        }
        int n = Math.min(payloadEnd - payloadIndex, out.remaining());
        if (n > 0) {
            int at = out.position();
            out.put(at, payload, payloadIndex, n);
            if (masked) {
                maskOffset = Masker.mask(out, at, at + n, maskingKey, maskOffset);
            }
            out.position(at + n);
            payloadIndex += n;
        }
        if (payloadIndex < payloadEnd) {
            return false;
        }
        payload = null;
        headerLength = 0;
        headerWritten = 0;
        return true;
    }

    /**
     * Returns whether no frame is in progress.
     *
     * @return whether no frame is in progress
     */
    public boolean isIdle() {
        return payload == null;
    }

    /**
     * Writes a whole frame into a new buffer: the simple way for control frames and small messages.
     *
     * @param opcode  a non-reserved opcode
     * @param fin     whether the frame ends its message
     * @param payload the payload, from position to limit; neither moves and its bytes are not changed
     * @return a new heap buffer holding the frame, positioned at 0, owned by the caller
     * @throws IllegalArgumentException as {@link #header} does
     * @throws IllegalStateException    if a frame started with {@link #start} is not fully written
     */
    public ByteBuffer encodeFrame(Opcode opcode, boolean fin, ByteBuffer payload) {
        FrameHeader header = header(opcode, fin, 0, payload.remaining());
        ByteBuffer out = ByteBuffer.allocate(header.encodedLength() + payload.remaining());
        start(header, payload);
        encode(out);
        return out.flip();
    }
}
