package dev.weft.codec.frame;

/**
 * The 4-bit frame opcode of RFC 6455 §5.2, with every one of its sixteen values.
 *
 * <p>All sixteen values are listed, reserved ones included, so that decoding a header byte never
 * fails; whether a reserved opcode is acceptable is decided by the rules in {@link FrameDecoder}
 * (RFC 6455 §5.2: a receiver that meets an unknown opcode must fail the connection).
 */
public enum Opcode {
    /** %x0: a continuation frame (§5.4). */
    CONTINUATION(0x0),
    /** %x1: the first frame of a text message (§5.6). */
    TEXT(0x1),
    /** %x2: the first frame of a binary message (§5.6). */
    BINARY(0x2),
    /** %x3: reserved for further non-control frames. */
    RESERVED_NON_CONTROL_3(0x3),
    /** %x4: reserved for further non-control frames. */
    RESERVED_NON_CONTROL_4(0x4),
    /** %x5: reserved for further non-control frames. */
    RESERVED_NON_CONTROL_5(0x5),
    /** %x6: reserved for further non-control frames. */
    RESERVED_NON_CONTROL_6(0x6),
    /** %x7: reserved for further non-control frames. */
    RESERVED_NON_CONTROL_7(0x7),
    /** %x8: a connection close (§5.5.1). */
    CLOSE(0x8),
    /** %x9: a ping (§5.5.2). */
    PING(0x9),
    /** %xA: a pong (§5.5.3). */
    PONG(0xA),
    /** %xB: reserved for further control frames. */
    RESERVED_CONTROL_B(0xB),
    /** %xC: reserved for further control frames. */
    RESERVED_CONTROL_C(0xC),
    /** %xD: reserved for further control frames. */
    RESERVED_CONTROL_D(0xD),
    /** %xE: reserved for further control frames. */
    RESERVED_CONTROL_E(0xE),
    /** %xF: reserved for further control frames. */
    RESERVED_CONTROL_F(0xF);

    private static final Opcode[] BY_CODE = values();

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * Returns the 4-bit value of this opcode as it appears on the wire.
     *
     * @return the 4-bit value of this opcode as it appears on the wire
     */
    public int code() {
        return code;
    }

    /**
     * Returns the opcode for a 4-bit value.
     *
     * @param code the low four bits are used; higher bits must be zero
     * @return the opcode, never {@code null}
     * @throws IllegalArgumentException if {@code code} is outside 0x0–0xF
     */
    public static Opcode of(int code) {
        if ((code & ~0xF) != 0) {
            throw new IllegalArgumentException("opcode out of range: " + code);
        }
        return BY_CODE[code];
    }

    /**
     * Returns whether this is a control opcode (§5.5: the most significant opcode bit is set).
     *
     * @return whether this is a control opcode (§5.5: the most significant opcode bit is set)
     */
    public boolean isControl() {
        return (code & 0x8) != 0;
    }

    /**
     * Returns whether RFC 6455 leaves this opcode reserved for future use.
     *
     * @return whether RFC 6455 leaves this opcode reserved for future use
     */
    public boolean isReserved() {
        return (code >= 0x3 && code <= 0x7) || code >= 0xB;
    }

    /**
     * Returns whether this opcode starts a data message: {@link #TEXT} or {@link #BINARY}.
     *
     * @return whether this opcode starts a data message: {@link #TEXT} or {@link #BINARY}
     */
    public boolean startsMessage() {
        return this == TEXT || this == BINARY;
    }
}
