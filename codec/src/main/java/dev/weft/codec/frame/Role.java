package dev.weft.codec.frame;

/**
 * Which end of a WebSocket connection this side is. The role decides masking (RFC 6455 §5.1):
 * a client masks every frame it sends and a server masks none; each rejects frames from its peer
 * that break that rule.
 */
public enum Role {
    /** The end that opened the connection; it masks what it sends. */
    CLIENT,
    /** The end that accepted the connection; it never masks. */
    SERVER;

    /**
     * Returns whether frames sent by this role carry a masking key.
     *
     * @return whether frames sent by this role carry a masking key
     */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }

    /**
     * Returns whether frames received by this role must carry a masking key.
     *
     * @return whether frames received by this role must carry a masking key
     */
    public boolean expectsMaskedIncoming() {
        return this == SERVER;
    }
}
