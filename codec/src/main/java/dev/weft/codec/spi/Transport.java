package dev.weft.codec.spi;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * A running transport: moves bytes between sockets and {@link dev.weft.codec.engine.Connection}s
 * and runs their timers. Closing it stops every server bound on it and releases its threads.
 */
public interface Transport extends AutoCloseable {

    /**
     * Returns this transport's name.
     *
     * @return the name it is selected by
     */
    String name();

    /**
     * Listens for connections and serves each through a
     * {@link dev.weft.codec.engine.ServerConnection} that asks {@code router} what to do.
     *
     * @param address where to listen (port 0 for any free port)
     * @param router  the application
     * @param limits  HTTP limits for requests
     * @param tls     the TLS context for wss:// and https://, or {@code null} for plain TCP
     * @return the listening server
     * @throws IOException if the address cannot be bound (for example, the port is in use)
     */
    ServerBinding bind(InetSocketAddress address, RequestRouter router, HttpLimits limits, SSLContext tls) throws IOException;

    /**
     * Connects to a WebSocket server and runs the opening handshake.
     *
     * @param handshake the handshake to run, which names the server
     * @param config    the connection's limits (client role)
     * @param handler   the application for this connection
     * @param tls       the TLS context for {@code wss://}, or {@code null} for the JDK default
     * @return completes with the open session, or exceptionally with an exception whose message
     *         says what failed (refused, not resolved, timed out, TLS, handshake refused)
     */
    CompletableFuture<WebSocketSession> connect(ClientHandshake handshake, ProtocolConfig config,
                                                WebSocketHandler handler, SSLContext tls);

    /**
     * Sets where the metrics of connections made from now on go: every server bound and client
     * connected on this transport after the call reports to {@code listener}.
     *
     * @param listener the listener; {@link dev.weft.codec.observe.MetricsListener#NONE} for none
     */
    default void metrics(dev.weft.codec.observe.MetricsListener listener) {
        throw new UnsupportedOperationException(name() + " does not report metrics");
    }

    /** Stops everything this transport runs and releases its threads and buffers. */
    @Override
    void close();
}
