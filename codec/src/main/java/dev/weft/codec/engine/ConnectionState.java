package dev.weft.codec.engine;

/**
 * The states of a WebSocket connection (RFC 6455 §4.1, §7), named as the RFC names them.
 *
 * <p>The transport runs the opening-handshake timeout in {@link #CONNECTING} and the idle timeout
 * in {@link #OPEN}; the engine keeps its own time for the rest ({@link Keepalive}): keepalive
 * pings in {@link #OPEN}, and the close timeout from the moment it leaves {@link #OPEN} (for a
 * client, through {@link #CLOSED} until the server drops TCP).
 */
public enum ConnectionState {
    /** The opening handshake is under way; no frames yet. */
    CONNECTING,
    /** Messages flow both ways. */
    OPEN,
    /** This end has sent a close frame and waits for the peer's. Messages may still arrive. */
    CLOSING,
    /** Both close frames have passed, or the connection failed or dropped. Nothing more is sent. */
    CLOSED;

    /**
     * Returns whether the application may still send messages in this state.
     *
     * @return {@code true} only in {@link #OPEN}
     */
    public boolean canSend() {
        return this == OPEN;
    }
}
