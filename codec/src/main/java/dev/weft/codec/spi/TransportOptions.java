package dev.weft.codec.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How a transport runs: its threads and the timeouts it enforces for every connection.
 *
 * @param threads          event loops (NIO) or carrier parallelism hints; 0 means one per
 *                         available processor
 * @param handshakeTimeout how long a connection may take to complete its opening handshake
 * @param idleTimeout      how long a connection may stay silent, no byte moving either way,
 *                         before it is closed (an open WebSocket with 1001); {@link Duration#ZERO}
 *                         for never. Silence is the network's, as in Jetty's, Netty's and uWS's
 *                         idle timeouts: keepalive pings and pongs are traffic, so with the
 *                         engine's pings on ({@link dev.weft.codec.engine.Keepalive}) the idle
 *                         timeout closes nothing, and a peer that stops answering is given up by
 *                         the ping timeout instead (1006). It is the passive alternative for
 *                         connections without pings
 * @param closeWaitTimeout how long a connection that is due to close (an HTTP response that
 *                         ends it, a WebSocket whose closing handshake is over or that failed)
 *                         may go without moving a byte of its last output, because the peer
 *                         stopped reading, before TCP is dropped; it bounds a stall, so a long
 *                         last response read slowly but steadily is not cut. How long the closing
 *                         handshake itself may take is the engine's timer, set per connection by
 *                         {@link dev.weft.codec.engine.Keepalive#closeTimeout()}
 * @param connectTimeout   how long a client connect may take, name resolution included
 */
public record TransportOptions(int threads, Duration handshakeTimeout, Duration idleTimeout,
                               Duration closeWaitTimeout, Duration connectTimeout) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code threads} or a duration is negative
     */
    public TransportOptions {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(closeWaitTimeout, "closeWaitTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (threads < 0 || handshakeTimeout.isNegative() || idleTimeout.isNegative()
                || closeWaitTimeout.isNegative() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("threads and timeouts must not be negative");
        }
    }

    /**
     * Returns safe defaults: a loop per processor, 10 s handshake, 5 min idle, 5 s close-wait,
     * 10 s connect.
     *
     * @return the defaults
     */
    public static TransportOptions defaults() {
        return new TransportOptions(0, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }
}
