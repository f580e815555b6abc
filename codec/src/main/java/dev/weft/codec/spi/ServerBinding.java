package dev.weft.codec.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A listening server on a transport. */
public interface ServerBinding extends AutoCloseable {

    /**
     * Returns the address actually bound, with the real port when port 0 was asked for.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * Returns how many connections are open now, handshaking ones included.
     *
     * @return the open connection count
     */
    int openConnections();

    /**
     * Shuts down gracefully: stops accepting, sends 1001 (going away) to every open WebSocket,
     * waits up to {@code grace} for the closing handshakes, then closes whatever is left.
     *
     * @param grace how long to wait for clean closes
     * @return completes when every connection is closed
     */
    CompletableFuture<Void> shutdown(Duration grace);

    /** Closes at once: stops accepting and drops every connection. */
    @Override
    void close();
}
