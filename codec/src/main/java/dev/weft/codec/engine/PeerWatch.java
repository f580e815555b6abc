package dev.weft.codec.engine;

import java.nio.ByteBuffer;

/**
 * The timing half of {@link WebSocketProtocol}: when the peer was last heard from, which
 * keepalive ping awaits its pong, and when the closing handshake began. It reads no clock: the
 * transport tells the time through {@link WebSocketProtocol#tick(long)}, and events between two
 * ticks are stamped with the later one. A transport ticks after every read and at every deadline,
 * so a stamp is never later than the truth by more than one turn of its loop.
 *
 * <p>Not thread-safe; owned by one engine.
 */
final class PeerWatch {

    /** No deadline applies. */
    static final long NONE = Long.MAX_VALUE;

    /** The periods, read where needed rather than copied: the config is shared by every connection. */
    private final Keepalive keepalive;

    /** Bytes arrived since the last tick: the peer is alive as of that tick. Open counts as heard. */
    private boolean heardSinceTick = true;
    private boolean timeKnown;
    private long lastHeard;
    /** When the last keepalive ping was queued. */
    private long lastPing;
    private boolean pinged;
    /** The data of the keepalive ping whose pong is awaited, or {@code null}. */
    private ByteBuffer awaited;
    private int pingCount;

    private boolean closing;
    private boolean closingStamped;
    private long closingSince;

    PeerWatch(Keepalive keepalive) {
        this.keepalive = keepalive;
    }

    private long pingInterval() {
        return keepalive.pingInterval().toNanos();
    }

    private long pingTimeout() {
        return keepalive.pingTimeout().toNanos();
    }

    private long closeTimeout() {
        return keepalive.closeTimeout().toNanos();
    }

    /** Bytes came from the peer. */
    void heard() {
        heardSinceTick = true;
    }

    /** The connection left OPEN: the close timeout runs from the next tick. */
    void closing() {
        closing = true;
    }

    /** Stamps what happened since the last tick with {@code now}. */
    void stamp(long now) {
        if (heardSinceTick || !timeKnown) {
            heardSinceTick = false;
            lastHeard = now;
            timeKnown = true;
        }
        if (closing && !closingStamped) {
            closingStamped = true;
            closingSince = now;
        }
    }

    /** Whether a keepalive ping is due at {@code now}. */
    boolean pingDue(long now) {
        return pingInterval() > 0 && awaited == null && !closing && timeKnown && now - quietSince() >= pingInterval();
    }

    /** Whether the awaited pong is late at {@code now}. */
    boolean pongOverdue(long now) {
        return awaited != null && pingTimeout() > 0 && !closing && now - lastPing >= pingTimeout();
    }

    /** Whether the closing handshake has run out of time at {@code now}. */
    boolean closeOverdue(long now) {
        return closingStamped && closeTimeout() > 0 && now - closingSince >= closeTimeout();
    }

    /**
     * Returns the data for a new keepalive ping sent at {@code now}, and starts waiting for its
     * pong (when a ping timeout applies).
     */
    ByteBuffer ping(long now) {
        lastPing = now;
        pinged = true;
        // A counter, so that a pong answering an application's own ping is not taken for ours.
        ByteBuffer data = ByteBuffer.allocate(4).putInt(0, ++pingCount);
        if (pingTimeout() > 0) {
            awaited = data.duplicate();
        }
        return data;
    }

    /** A pong came: if it answers the awaited ping, the peer is alive. */
    void pong(ByteBuffer data) {
        if (awaited != null && awaited.equals(data)) {
            awaited = null;
        }
    }

    /** Returns the pong timeout in milliseconds, for messages. */
    long pingTimeoutMillis() {
        return pingTimeout() / 1_000_000;
    }

    /** Returns the next moment something is due, in the transport's nanoseconds, or {@link #NONE}. */
    long nextDeadline() {
        if (closing) {
            return closingStamped && closeTimeout() > 0 ? closingSince + closeTimeout() : NONE;
        }
        if (!timeKnown) {
            return NONE;
        }
        if (awaited != null) {
            return pingTimeout() > 0 ? lastPing + pingTimeout() : NONE;
        }
        return pingInterval() > 0 ? quietSince() + pingInterval() : NONE;
    }

    /** Silence is counted from the last bytes heard, or from our last ping if that came later. */
    private long quietSince() {
        return pinged && lastPing - lastHeard > 0 ? lastPing : lastHeard;
    }
}
