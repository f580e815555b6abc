package dev.weft.codec.frame;

/**
 * The limits and settings of a connection's inbound side, in one immutable record.
 *
 * <p>Every limit is checked as soon as the value it bounds is known, before anything is allocated
 * for it: a frame that declares a length over {@link #maxFramePayloadLength()} is rejected from its
 * header, whatever it then sends.
 *
 * @param role                  which end this is; decides which masking the peer must use
 * @param maxFramePayloadLength the longest frame payload accepted, in bytes; longer →
 *                              {@link CloseCode#MESSAGE_TOO_BIG}
 * @param maxMessageLength      the longest message accepted, summed over its fragments, in bytes;
 *                              longer → {@link CloseCode#MESSAGE_TOO_BIG}
 * @param extensionRsvBits      the RSV bits that negotiated extensions claim (a combination of
 *                              {@link FrameHeader#RSV1}, {@link FrameHeader#RSV2},
 *                              {@link FrameHeader#RSV3}); any other RSV bit on the wire →
 *                              {@link CloseCode#PROTOCOL_ERROR}. 0 when no extension is in use.
 * @param streaming             whether {@link MessageAssembler} hands fragments on as they arrive
 *                              instead of assembling whole messages
 */
public record DecoderConfig(Role role, long maxFramePayloadLength, long maxMessageLength,
                            int extensionRsvBits, boolean streaming) {

    /**
     * The default frame limit, 16 MiB: large enough for the biggest single frames of the
     * Autobahn|Testsuite (case 9.1.6 sends one 16 MiB frame), small enough to bound memory.
     */
    public static final long DEFAULT_MAX_FRAME_PAYLOAD_LENGTH = 16L * 1024 * 1024;

    /** The default message limit, 64 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_LENGTH = 64L * 1024 * 1024;

    /**
     * Checks the components.
     *
     * @throws NullPointerException     if {@code role} is {@code null}
     * @throws IllegalArgumentException if a limit is negative or {@code extensionRsvBits} is
     *                                  outside 0–7
     */
    public DecoderConfig {
        if (role == null) {
            throw new NullPointerException("role");
        }
        if (maxFramePayloadLength < 0 || maxMessageLength < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if ((extensionRsvBits & ~0b111) != 0) {
            throw new IllegalArgumentException("extensionRsvBits must be 0-7: " + extensionRsvBits);
        }
    }

    /**
     * Returns the defaults for {@code role}: 16 MiB frames, 64 MiB messages, no extension, assembled.
     *
     * @param role which end the decoder serves
     * @return the defaults for {@code role}: 16 MiB frames, 64 MiB messages, no extension, assembled
     */
    public static DecoderConfig defaults(Role role) {
        return new DecoderConfig(role, DEFAULT_MAX_FRAME_PAYLOAD_LENGTH, DEFAULT_MAX_MESSAGE_LENGTH, 0, false);
    }

    /**
     * Returns a copy with another frame payload limit.
     *
     * @param bytes the new limit
     * @return a copy with another frame payload limit
     */
    public DecoderConfig withMaxFramePayloadLength(long bytes) {
        return new DecoderConfig(role, bytes, maxMessageLength, extensionRsvBits, streaming);
    }

    /**
     * Returns a copy with another message limit.
     *
     * @param bytes the new limit
     * @return a copy with another message limit
     */
    public DecoderConfig withMaxMessageLength(long bytes) {
        return new DecoderConfig(role, maxFramePayloadLength, bytes, extensionRsvBits, streaming);
    }

    /**
     * Returns a copy in which negotiated extensions claim {@code rsvBits}.
     *
     * @param rsvBits a combination of the {@code FrameHeader.RSV*} bits
     * @return a copy in which negotiated extensions claim {@code rsvBits}
     */
    public DecoderConfig withExtensionRsvBits(int rsvBits) {
        return new DecoderConfig(role, maxFramePayloadLength, maxMessageLength, rsvBits, streaming);
    }

    /**
     * Returns a copy with streaming switched on or off.
     *
     * @param on whether to stream
     * @return a copy with streaming switched on or off
     */
    public DecoderConfig withStreaming(boolean on) {
        return new DecoderConfig(role, maxFramePayloadLength, maxMessageLength, extensionRsvBits, on);
    }
}
