package dev.weft.codec.observe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Receives what happens on a server's or client's connections, to count: set one on a builder and
 * bind its calls to counters and gauges (Micrometer, Prometheus, JMX...). Every method has an
 * empty default, so an implementation overrides only what it counts.
 *
 * <p>Calls come from the connections' own threads (an event loop, or a connection's virtual
 * thread), many at once: an implementation must be thread-safe and quick, and must not block or
 * throw (what it throws is logged and dropped). The counters a server usually wants:
 * <ul>
 *   <li>connections open: a gauge, up in {@link #connectionOpened}, down in {@link #connectionClosed};</li>
 *   <li>opened and closed totals, the latter by {@link Session#closeCode()};</li>
 *   <li>handshake rejections by status ({@link #handshakeRejected}; 0 means timed out);</li>
 *   <li>messages and bytes in and out ({@link #messageReceived}, {@link #messageSent},
 *       {@link #bytesReceived}, {@link #bytesSent});</li>
 *   <li>send-queue stalls ({@link #queueStalled}, {@link #queueResumed}): a slow reader.</li>
 * </ul>
 */
public interface MetricsListener {

    /** A listener that counts nothing. */
    MetricsListener NONE = new MetricsListener() { };

    /**
     * Returns a listener that calls each of {@code listeners} in turn.
     *
     * @param listeners the listeners
     * @return one listener for all of them
     */
    static MetricsListener all(List<MetricsListener> listeners) {
        List<MetricsListener> copy = List.copyOf(listeners);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return new Fanout(copy);
    }

    /**
     * A WebSocket connection completed its opening handshake.
     *
     * @param peer        the other end, as {@code host:port}
     * @param path        the request path
     * @param subprotocol the subprotocol agreed, or {@code null}
     */
    default void connectionOpened(String peer, String path, String subprotocol) {
    }

    /**
     * An open WebSocket connection closed.
     *
     * @param session what it was and how it ended
     */
    default void connectionClosed(Session session) {
    }

    /**
     * An opening handshake failed: on a server, answered with an error status, or timed out; on a
     * client, refused by the server (its status) or answered with something unusable (0).
     *
     * @param peer   the other end, as {@code host:port}
     * @param path   the request path, or {@code null} if no request arrived
     * @param status the HTTP status answered (400, 403, 426...), or 0 if it timed out unanswered
     * @param reason why, in words
     */
    default void handshakeRejected(String peer, String path, int status, String reason) {
    }

    /**
     * A plain HTTP request was answered (server only).
     *
     * @param exchange the request and its answer
     */
    default void httpExchange(Exchange exchange) {
    }

    /**
     * A whole message arrived.
     *
     * @param bytes its payload size
     */
    default void messageReceived(long bytes) {
    }

    /**
     * A whole message (or a message's last fragment) was queued to send.
     *
     * @param bytes its payload size (the last fragment's, for a fragmented message)
     */
    default void messageSent(long bytes) {
    }

    /**
     * WebSocket bytes arrived from the peer (frames as on the wire, after the handshake).
     *
     * @param bytes how many
     */
    default void bytesReceived(long bytes) {
    }

    /**
     * WebSocket bytes were queued for the peer (frames as on the wire, control frames included).
     *
     * @param bytes how many
     */
    default void bytesSent(long bytes) {
    }

    /**
     * A connection's send queue passed its high-water mark: the peer reads slower than the
     * application sends, and the transport stops reading from it.
     *
     * @param queuedBytes the bytes queued
     */
    default void queueStalled(long queuedBytes) {
    }

    /**
     * A stalled send queue drained to its low-water mark, or its connection closed.
     *
     * @param stalledFor how long it was stalled
     */
    default void queueResumed(Duration stalledFor) {
    }

    /**
     * One WebSocket connection from its handshake to CLOSED.
     *
     * @param peer        the other end, as {@code host:port}
     * @param path        the request path
     * @param subprotocol the subprotocol agreed, or {@code null}
     * @param closeCode   the close code (§7.4); 1006 if TCP ended without a closing handshake
     * @param reason      the close reason, possibly empty
     * @param closedByPeer whether the other end started the close
     * @param duration    how long it was open
     */
    record Session(String peer, String path, String subprotocol, int closeCode, String reason,
                   boolean closedByPeer, Duration duration) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code duration} is {@code null}
         */
        public Session {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * One plain HTTP request and its answer.
     *
     * @param peer     the client, as {@code host:port}
     * @param method   the request method
     * @param target   the request target, as sent
     * @param status   the status answered
     * @param bytes    the response body's length
     * @param duration from the parsed request to the queued response
     */
    record Exchange(String peer, String method, String target, int status, long bytes, Duration duration) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code duration} is {@code null}
         */
        public Exchange {
            Objects.requireNonNull(duration, "duration");
        }
    }
}
