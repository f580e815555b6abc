package dev.weft.codec.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The body of a close frame (RFC 6455 §5.5.1): an optional 2-byte status code, then an optional
 * UTF-8 reason.
 *
 * @param code   the status code; {@link CloseCode#NO_STATUS_RCVD} when the frame had no body
 * @param reason the reason, possibly empty, never {@code null}
 */
public record ClosePayload(int code, String reason) {

    /** The longest reason that fits a control frame: 125 bytes less the 2-byte code. */
    public static final int MAX_REASON_BYTES = FrameHeader.MAX_CONTROL_PAYLOAD_LENGTH - 2;

    /** A close frame with no body. */
    public static final ClosePayload EMPTY = new ClosePayload(CloseCode.NO_STATUS_RCVD, "");

    /**
     * Creates a close body.
     *
     * @throws NullPointerException if {@code reason} is {@code null}
     */
    public ClosePayload {
        if (reason == null) {
            throw new NullPointerException("reason");
        }
    }

    /**
     * Parses and checks a received close body.
     *
     * @param payload the body, from position to limit, owned by the caller; not moved
     * @return the code and reason
     * @throws FailConnectionException {@link CloseCode#PROTOCOL_ERROR} for a 1-byte body or a code
     *                                 not legal on the wire (§7.4), and
     *                                 {@link CloseCode#INVALID_FRAME_PAYLOAD_DATA} for a reason
     *                                 that is not valid UTF-8 (§5.5.1)
     */
    public static ClosePayload parse(ByteBuffer payload) {
        int length = payload.remaining();
        if (length == 0) {
            return EMPTY;
        }
        if (length == 1) {
            throw new FailConnectionException(CloseCode.PROTOCOL_ERROR, "close frame with a 1-byte body");
        }
        int at = payload.position();
        int code = ((payload.get(at) & 0xFF) << 8) | (payload.get(at + 1) & 0xFF);
        if (!CloseCode.isLegalToReceive(code)) {
            throw new FailConnectionException(CloseCode.PROTOCOL_ERROR, "close code " + code + " is not allowed on the wire");
        }
        ByteBuffer reasonBytes = payload.duplicate().position(at + 2);
        if (!Utf8Validator.isValid(reasonBytes)) {
            throw new FailConnectionException(CloseCode.INVALID_FRAME_PAYLOAD_DATA, "close reason is not valid UTF-8");
        }
        return new ClosePayload(code, StandardCharsets.UTF_8.decode(reasonBytes).toString());
    }

    /**
     * Builds the body of a close frame to send. The reason is cut at a character boundary to fit
     * {@value #MAX_REASON_BYTES} bytes.
     *
     * @param code   a code that {@link CloseCode#isLegalToSend(int)} accepts, or
     *               {@link CloseCode#NO_STATUS_RCVD} for an empty body (then {@code reason} must be
     *               empty)
     * @param reason the reason, possibly empty
     * @return a new heap buffer, owned by the caller, positioned at 0
     * @throws IllegalArgumentException if the code may not be sent
     */
    public static ByteBuffer encode(int code, String reason) {
        if (code == CloseCode.NO_STATUS_RCVD) {
            if (!reason.isEmpty()) {
                throw new IllegalArgumentException("a close frame without a code cannot carry a reason");
            }
            return ByteBuffer.allocate(0);
        }
        if (!CloseCode.isLegalToSend(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        byte[] utf8 = truncateUtf8(reason, MAX_REASON_BYTES);
        ByteBuffer body = ByteBuffer.allocate(2 + utf8.length);
        body.putShort((short) code).put(utf8).flip();
        return body;
    }

    /**
     * Returns the body of this close frame, as {@link #encode(int, String)} builds it.
     *
     * @return the body of this close frame, as {@link #encode(int, String)} builds it
     */
    public ByteBuffer encode() {
        return encode(code, reason);
    }

    private static byte[] truncateUtf8(String text, int maxBytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return utf8;
        }
        int end = maxBytes;
        // Step back over continuation bytes (10xxxxxx) so no character is cut in half.
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(utf8, end);
    }
}
