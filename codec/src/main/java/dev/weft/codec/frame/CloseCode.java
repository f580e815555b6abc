package dev.weft.codec.frame;

/**
 * Close status codes: RFC 6455 §7.4.1 and the IANA "WebSocket Close Code Number Registry".
 *
 * <p>Codes are plain {@code int}s so that reading one off the wire allocates nothing and never
 * fails; whether a code may appear is decided by the named predicates {@link #isLegalToSend(int)}
 * and {@link #isLegalToReceive(int)}.
 */
public final class CloseCode {
    /** 1000: the purpose of the connection has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: an endpoint is going away, such as a server shutting down. */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: the peer sent a kind of data this endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reserved; stands for "the close frame had no status code". Never sent. */
    public static final int NO_STATUS_RCVD = 1005;
    /** 1006: reserved; stands for "the connection dropped without a close frame". Never sent. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a message's data did not match its type, such as invalid UTF-8 in a text message. */
    public static final int INVALID_FRAME_PAYLOAD_DATA = 1007;
    /** 1008: a message broke this endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message or frame was too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client needed an extension the server did not negotiate. */
    public static final int MANDATORY_EXT = 1010;
    /** 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting (IANA registry). */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later (IANA registry). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1014: a gateway or proxy got an invalid response upstream (IANA registry). */
    public static final int BAD_GATEWAY = 1014;
    /** 1015: reserved; stands for "the TLS handshake failed". Never sent. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCode() {
    }

    /**
     * Returns whether {@code code} may appear in a close frame received from the peer: 1000–1003,
     * 1007–1014 (RFC 6455 §7.4.1 and the IANA registry), and 3000–4999 (registered libraries and
     * private use, §7.4.2). Anything else on the wire is a protocol error.
     *
     * @param code a status code as read from the wire
     * @return whether a peer may send it
     */
    public static boolean isLegalToReceive(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Returns whether this endpoint may put {@code code} in a close frame. It is the same set as
     * {@link #isLegalToReceive(int)}: 1005, 1006 and 1015 exist only to be reported locally
     * (§7.4.1), and the unassigned ranges are not ours to use.
     *
     * @param code a status code
     * @return whether this endpoint may send it
     */
    public static boolean isLegalToSend(int code) {
        return isLegalToReceive(code);
    }

    /**
     * Returns the registry name of a code ({@code "NORMAL_CLOSURE"}, ...), {@code "PRIVATE"} or
     * {@code "REGISTERED"} for 4000–4999 and 3000–3999, or {@code "UNKNOWN"}.
     *
     * @param code a status code
     * @return its name, for logs
     */
    public static String name(int code) {
        return switch (code) {
            case NORMAL_CLOSURE -> "NORMAL_CLOSURE";
            case GOING_AWAY -> "GOING_AWAY";
            case PROTOCOL_ERROR -> "PROTOCOL_ERROR";
            case UNSUPPORTED_DATA -> "UNSUPPORTED_DATA";
            case NO_STATUS_RCVD -> "NO_STATUS_RCVD";
            case ABNORMAL_CLOSURE -> "ABNORMAL_CLOSURE";
            case INVALID_FRAME_PAYLOAD_DATA -> "INVALID_FRAME_PAYLOAD_DATA";
            case POLICY_VIOLATION -> "POLICY_VIOLATION";
            case MESSAGE_TOO_BIG -> "MESSAGE_TOO_BIG";
            case MANDATORY_EXT -> "MANDATORY_EXT";
            case INTERNAL_ERROR -> "INTERNAL_ERROR";
            case SERVICE_RESTART -> "SERVICE_RESTART";
            case TRY_AGAIN_LATER -> "TRY_AGAIN_LATER";
            case BAD_GATEWAY -> "BAD_GATEWAY";
            case TLS_HANDSHAKE -> "TLS_HANDSHAKE";
            default -> code >= 4000 && code <= 4999 ? "PRIVATE"
                    : code >= 3000 && code <= 3999 ? "REGISTERED" : "UNKNOWN";
        };
    }
}
