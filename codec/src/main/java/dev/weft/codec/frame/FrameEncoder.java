package dev.weft.codec.frame;

import java.nio.BufferOverflowException;
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
 *   <li><b>Into a buffer, resumably.</b> {@link #start(Opcode, boolean, int, ByteBuffer) start}
 *       then {@link #encode(ByteBuffer)} until it returns {@code true}: each call writes as much
 *       as fits into the caller's buffer, so a frame of any size goes out through a small, reused
 *       output buffer. Masking happens while copying; the caller's payload is never changed.</li>
 *   <li><b>Gathering.</b> {@link #writeHeader writeHeader} writes the header alone, and the
 *       payload goes to the channel as it is, with no copy. For a client the payload must first
 *       be masked, in place, with {@link Masker#mask(ByteBuffer, int, int)} and the key
 *       {@code writeHeader} returns; that changes the payload, so do it only to a buffer you own.
 *       Worth it from {@link #GATHERING_THRESHOLD} bytes on.</li>
 * </ul>
 * Both take the header as its fields and allocate nothing per frame. {@link #header header} and
 * {@link #start(FrameHeader, ByteBuffer)} do the same with a {@link FrameHeader} value, for callers
 * that want one (tests, tools that write arbitrary headers). Not thread-safe; one encoder per
 * connection.
 */
public final class FrameEncoder {

    /**
     * The payload length from which an unmasked frame is best written gathering, header apart from
     * payload. Below it, one copy of the payload behind the header costs less than a second buffer
     * in the write; above it, the copy costs more.
     */
    public static final int GATHERING_THRESHOLD = 1024;

    private final Role role;
    private final MaskingKeySource keys;

    // The frame in progress.
    /**
     * The header of the frame in progress, staged only when an output buffer has too little room
     * for all of it; made at the first such frame. Otherwise the header is written straight into
     * the output from the fields below: one store or two, with no staging copy per frame.
     */
    private ByteBuffer header;
    /** Whether {@link #header} holds the header of the frame in progress. */
    private boolean headerStaged;
    private int headerLength;
    private int headerWritten;
    private boolean fin;
    private int rsv;
    private Opcode opcode;
    private ByteBuffer payload;
    private int payloadIndex;
    private int payloadEnd;
    private boolean masked;
    private int maskingKey;
    private int maskOffset;

    /**
     * Whether a fragmented message is open: a data frame without FIN went out and no final
     * CONTINUATION yet (§5.4). Only control frames and its CONTINUATIONs may follow.
     */
    private boolean messageOpen;

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
     * masked for a server. Each call makes a new {@link FrameHeader}; {@link #start(Opcode, boolean,
     * int, ByteBuffer) start} and {@link #writeHeader writeHeader} write the same header without one.
     *
     * @param opcode        a non-reserved opcode
     * @param fin           whether the frame ends its message; must be {@code true} for control frames
     * @param rsv           RSV bits, 0–7, as a negotiated extension sets them; 0 otherwise
     * @param payloadLength the payload length; at most 125 for control frames
     * @return the header
     * @throws IllegalArgumentException if the frame would break RFC 6455 §5.2 or §5.5
     * @throws IllegalStateException    if a data frame does not fit the message in progress (§5.4):
     *                                  a new message while a fragmented one is open, or a
     *                                  CONTINUATION with none open
     */
    public FrameHeader header(Opcode opcode, boolean fin, int rsv, long payloadLength) {
        checkSendable(opcode, fin, rsv, payloadLength);
        followMessage(opcode, fin);
        boolean mask = role.masksOutgoing();
        return new FrameHeader(fin, rsv, opcode, mask, mask ? keys.nextMaskingKey() : 0, payloadLength);
    }

    /**
     * Begins writing a frame this end may send, with the header {@link #header header} would give
     * it, a client's fresh masking key included. The payload is read from its position to its
     * limit, neither of which moves; the caller must leave its bytes alone until
     * {@link #encode(ByteBuffer)} returns {@code true}, and the encoder drops its reference then.
     *
     * @param opcode  a non-reserved opcode
     * @param fin     whether the frame ends its message; must be {@code true} for control frames
     * @param rsv     RSV bits, 0–7, as a negotiated extension sets them; 0 otherwise
     * @param payload the payload; at most 125 bytes for control frames
     * @throws IllegalArgumentException if the frame would break RFC 6455 §5.2 or §5.5
     * @throws IllegalStateException    if the previous frame is not fully written, or a data frame
     *                                  does not fit the message in progress (§5.4)
     */
    public void start(Opcode opcode, boolean fin, int rsv, ByteBuffer payload) {
        checkIdle();
        long length = payload.remaining();
        checkSendable(opcode, fin, rsv, length);
        followMessage(opcode, fin);
        boolean mask = role.masksOutgoing();
        begin(fin, rsv, opcode, mask, mask ? keys.nextMaskingKey() : 0, payload);
    }

    /**
     * Begins writing a frame with the given header, whatever it says, even out of the message
     * order of §5.4 (for tools and tests that write broken streams on purpose). The payload is read from its
     * position to its limit, neither of which moves; the caller must leave its bytes alone until
     * {@link #encode(ByteBuffer)} returns {@code true}.
     *
     * @param header  the frame's header, for instance from {@link #header}
     * @param payload the payload, exactly {@code header.payloadLength()} bytes
     * @throws IllegalArgumentException if the payload's length differs from the header's
     * @throws IllegalStateException    if the previous frame is not fully written
     */
    public void start(FrameHeader header, ByteBuffer payload) {
        checkIdle();
        if (payload.remaining() != header.payloadLength()) {
            throw new IllegalArgumentException("payload has " + payload.remaining()
                    + " bytes but the header says " + header.payloadLength());
        }
        begin(header.fin(), header.rsv(), header.opcode(), header.masked(), header.maskingKey(), payload);
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
            if (headerWritten == 0 && out.remaining() >= headerLength) {
                FrameHeader.write(out, fin, rsv, opcode, masked, maskingKey, payloadEnd - payloadIndex);
                headerWritten = headerLength;
            } else {
                stageHeader();
                int n = Math.min(headerLength - headerWritten, out.remaining());
                out.put(header.array(), headerWritten, n);
                headerWritten += n;
                if (headerWritten < headerLength) {
                    return false;
                }
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
        opcode = null;
        headerStaged = false;
        headerLength = 0;
        headerWritten = 0;
        return true;
    }

    /** Puts the header of the frame in progress in {@link #header}, for an output that splits it. */
    private void stageHeader() {
        if (headerStaged) {
            return;
        }
        if (header == null) {
            header = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
        }
        header.clear();
        FrameHeader.write(header, fin, rsv, opcode, masked, maskingKey, payloadEnd - payloadIndex);
        headerStaged = true;
    }

    /**
     * Writes the header of a frame this end may send, for a gathering write: the payload goes to
     * the channel right after it, apart and uncopied. The header is the one {@link #header header}
     * would give, a client's fresh masking key included.
     *
     * @param opcode        a non-reserved opcode
     * @param fin           whether the frame ends its message; must be {@code true} for control frames
     * @param rsv           RSV bits, 0–7, as a negotiated extension sets them; 0 otherwise
     * @param payloadLength the length of the payload that follows; at most 125 for control frames
     * @param out           a buffer the caller owns, with room for
     *                      {@link FrameHeader#encodedLength(long, boolean)} bytes; written from
     *                      its position, which advances by that much
     * @return the masking key the payload must be masked with before it goes out, for a client
     *         (§5.3; for instance {@code Masker.mask(payload, key, 0)}); 0 for a server, whose
     *         payload goes out as it is
     * @throws IllegalArgumentException if the frame would break RFC 6455 §5.2 or §5.5
     * @throws IllegalStateException    if a frame started with {@code start} is not fully written
     *                                  (its bytes would be cut in two on the wire), or a data
     *                                  frame does not fit the message in progress (§5.4)
     * @throws BufferOverflowException  if {@code out} has too little room; then nothing is
     *                                  written, its position has not moved and no key was used
     */
    public int writeHeader(Opcode opcode, boolean fin, int rsv, long payloadLength, ByteBuffer out) {
        checkIdle();
        checkSendable(opcode, fin, rsv, payloadLength);
        boolean mask = role.masksOutgoing();
        if (out.remaining() < FrameHeader.encodedLength(payloadLength, mask)) {
            throw new BufferOverflowException();
        }
        followMessage(opcode, fin);
        int key = mask ? keys.nextMaskingKey() : 0;
        FrameHeader.write(out, fin, rsv, opcode, mask, key, payloadLength);
        return key;
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
        int length = payload.remaining();
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.encodedLength(length, role.masksOutgoing()) + length);
        start(opcode, fin, 0, payload);
        encode(out);
        return out.flip();
    }

    /**
     * Throws unless a data frame fits the message in progress (§5.4): a new message only when
     * none is open, a CONTINUATION only when one is; then notes whether one is open now. Control
     * frames fit anywhere, between fragments included (§5.5).
     */
    private void followMessage(Opcode opcode, boolean fin) {
        if (opcode.isControl()) {
            return;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (!messageOpen) {
                throw new IllegalStateException("a CONTINUATION frame with no fragmented message open");
            }
        } else if (messageOpen) {
            throw new IllegalStateException("a fragmented message is open: a new " + opcode
                    + " message may start only after its final CONTINUATION frame");
        }
        messageOpen = !fin;
    }

    /** Throws unless a frame with these fields may be sent at all (§5.2, §5.5). */
    private static void checkSendable(Opcode opcode, boolean fin, int rsv, long payloadLength) {
        if (opcode.isReserved()) {
            throw new IllegalArgumentException("reserved opcode " + opcode);
        }
        if (opcode.isControl() && (!fin || payloadLength > FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH)) {
            throw new IllegalArgumentException("a control frame must be final and carry at most 125 bytes");
        }
        if ((rsv & ~0b111) != 0) {
            throw new IllegalArgumentException("rsv must be 0-7: " + rsv);
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length: " + payloadLength);
        }
    }

    private void checkIdle() {
        if (!isIdle()) {
            throw new IllegalStateException("the previous frame is not fully written");
        }
    }

    /** Makes a checked header and its payload the frame in progress. */
    private void begin(boolean fin, int rsv, Opcode opcode, boolean mask, int key, ByteBuffer payload) {
        this.fin = fin;
        this.rsv = rsv;
        this.opcode = opcode;
        headerStaged = false;
        headerLength = FrameHeader.encodedLength(payload.remaining(), mask);
        headerWritten = 0;
        this.payload = payload;
        payloadIndex = payload.position();
        payloadEnd = payload.limit();
        masked = mask;
        maskingKey = key;
        maskOffset = 0;
    }
}
