package dev.weft.codec.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How one end makes sure its peer is still there, and how long it waits for the peer at the end.
 *
 * <p>A connection can look open for a very long time after its peer is gone: a peer that vanishes
 * without a FIN (a laptop lid, a mobile hand-over, a crashed NAT) is noticed by TCP only when its
 * retransmissions give up, about fifteen minutes later, and a peer that stops reading is never
 * noticed at all while this end only pushes. So after {@link #pingInterval()} with nothing
 * received, the engine sends a ping (§5.5.2), and if no pong with the same data arrives within
 * {@link #pingTimeout()}, it gives the peer up: the connection closes as abnormal (1006), and TCP
 * is dropped without waiting to write what is still queued, since a peer that does not answer
 * would not read it.
 *
 * <p>The defaults, 20 s and 20 s, are those of Python's {@code websockets} (and close to uWS's and
 * libwebsockets'): short enough to keep NAT and proxy mappings alive (most forget an idle TCP flow
 * after 30 to 60 s, nginx's {@code proxy_read_timeout} is 60 s) and to find a dead peer within
 * 40 s; long enough that a ping costs nothing measurable, even on a hundred thousand connections.
 *
 * <p>{@link #closeTimeout()} bounds the closing handshake (§7.1.1): from the moment this end
 * leaves {@link ConnectionState#OPEN} it waits that long for the peer's close frame (and, at a
 * client, for the server to close TCP), and for its own last bytes to be written, then drops TCP.
 *
 * <p>Each duration may be {@link Duration#ZERO} to turn that rule off: no pings, pings that are
 * never given up on (they still keep NAT mappings alive), or a closing handshake waited for as
 * long as TCP lives.
 *
 * @param pingInterval how long the peer may stay silent before this end pings it
 * @param pingTimeout  how long this end waits for the pong before giving the peer up
 * @param closeTimeout how long the closing handshake may take before TCP is dropped
 */
public record Keepalive(Duration pingInterval, Duration pingTimeout, Duration closeTimeout) {

    /** The default ping interval: 20 s. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    /** The default ping timeout: 20 s. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
    /** The default close timeout: 5 s, long enough for any live peer across the world. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if a duration is negative
     */
    public Keepalive {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (pingInterval.isNegative() || pingTimeout.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("keepalive durations must not be negative");
        }
    }

    /**
     * Returns the defaults: a ping after 20 s of silence, given up after 20 s more; 5 s to close.
     *
     * @return the defaults
     */
    public static Keepalive defaults() {
        return new Keepalive(DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Returns no pings at all, with the default close timeout.
     *
     * @return settings that never ping
     */
    public static Keepalive off() {
        return new Keepalive(Duration.ZERO, Duration.ZERO, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Returns a copy with another ping interval.
     *
     * @param interval the interval, {@link Duration#ZERO} for no pings
     * @return the new settings
     */
    public Keepalive withPingInterval(Duration interval) {
        return new Keepalive(interval, pingTimeout, closeTimeout);
    }

    /**
     * Returns a copy with another ping timeout.
     *
     * @param timeout the timeout, {@link Duration#ZERO} to never give the peer up
     * @return the new settings
     */
    public Keepalive withPingTimeout(Duration timeout) {
        return new Keepalive(pingInterval, timeout, closeTimeout);
    }

    /**
     * Returns a copy with another close timeout.
     *
     * @param timeout the timeout, {@link Duration#ZERO} to wait as long as TCP lives
     * @return the new settings
     */
    public Keepalive withCloseTimeout(Duration timeout) {
        return new Keepalive(pingInterval, pingTimeout, timeout);
    }

    /** Whether this end pings at all. */
    boolean pings() {
        return !pingInterval.isZero();
    }
}
