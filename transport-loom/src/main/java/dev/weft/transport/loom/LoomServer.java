package dev.weft.transport.loom;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.internal.AcceptBackoff;
import dev.weft.codec.internal.SafeLog;
import dev.weft.codec.spi.ServerBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A listening server: a platform thread {@code weft-loom-accept-<port>} blocks in
 * {@code accept} and starts a virtual thread per connection.
 */
final class LoomServer implements ServerBinding {

    private static final SafeLog LOG = LoomTransport.LOG;

    private static final long CLOSE_WAIT_MS = 5_000;

    private final LoomTransport transport;
    private final ServerSocketChannel channel;
    private final RequestRouter router;
    private final HttpLimits limits;
    private final SSLContext tls;
    private final InetSocketAddress local;
    private final Set<LoomConnection> connections = ConcurrentHashMap.newKeySet();
    /** Told when a connection ends; one for all of them, not one per connection. */
    private final Consumer<LoomConnection> ended = this::ended;
    private final ReentrantLock shutdownLock = new ReentrantLock();
    private Thread acceptor;
    private volatile boolean stopping;
    private volatile CompletableFuture<Void> shutdown;
    private volatile ScheduledFuture<?> forceClose;

    LoomServer(LoomTransport transport, ServerSocketChannel channel, RequestRouter router, HttpLimits limits,
               SSLContext tls) throws IOException {
        this.transport = transport;
        this.channel = channel;
        this.router = router;
        this.limits = limits;
        this.tls = tls;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    void start() {
        acceptor = Thread.ofPlatform().name("weft-loom-accept-" + local.getPort()).daemon().start(this::acceptLoop);
    }

    /**
     * Accepts until the server stops, and only then returns. A failed {@code accept} (out of file
     * descriptors: EMFILE, ENFILE; out of buffers: ENOBUFS) pauses for a back-off and tries again,
     * logged once per run of failures; a connection that cannot be started is closed. Nothing a
     * peer does ends this loop.
     */
    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(LOG);
        while (!stopping && channel.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
                backoff.succeeded();
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // closed by stopAccepting: the server stops accepting
            } catch (Throwable e) {
                if (stopping || !channel.isOpen()) {
                    return;
                }
                pause(backoff.failed(e, "accept on " + local));
                continue;
            }
            try {
                adopt(accepted);
            } catch (Throwable e) {
                // No memory or no thread for it: this connection is refused, the others go on.
                closeQuietly(accepted);
            }
        }
    }

    private void adopt(SocketChannel accepted) throws IOException {
        LoomConnection connection;
        try {
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = LoomConnection.accepted(transport, accepted, router, limits, tls, ended);
        } catch (IOException | RuntimeException e) {
            closeQuietly(accepted); // gone before it started
            return;
        }
        connections.add(connection);
        try {
            Thread.ofVirtual().name("weft-loom-conn-" + connection.remoteAddress()).start(connection);
        } catch (Throwable e) {
            connections.remove(connection);
            throw e;
        }
        if (stopping) {
            connection.goAway(); // accepted while shutting down
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is the goal
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // only stopAccepting wakes us, and it closes the channel, which the loop checks
        }
    }

    private void ended(LoomConnection connection) {
        connections.remove(connection);
        CompletableFuture<Void> done = shutdown;
        if (done != null && connections.isEmpty()) {
            ScheduledFuture<?> force = forceClose;
            if (force != null) {
                force.cancel(false);
            }
            done.complete(null);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public CompletableFuture<Void> shutdown(Duration grace) {
        shutdownLock.lock();
        try {
            return startShutdown(grace);
        } finally {
            shutdownLock.unlock();
        }
    }

    private CompletableFuture<Void> startShutdown(Duration grace) {
        if (shutdown != null) {
            return shutdown;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        shutdown = done;
        stopAccepting();
        for (LoomConnection c : connections) {
            c.goAway();
        }
        forceClose = transport.schedule(() -> {
            for (LoomConnection c : connections) {
                c.abort();
            }
        }, grace.toNanos());
        if (connections.isEmpty()) {
            done.complete(null);
        }
        return done;
    }

    @Override
    public void close() {
        stopAccepting();
        for (LoomConnection c : connections) {
            c.abort();
        }
        awaitEmpty(connections, CLOSE_WAIT_MS);
        transport.serverClosed(this);
        CompletableFuture<Void> done = shutdown;
        if (done != null && connections.isEmpty()) {
            done.complete(null);
        }
    }

    private void stopAccepting() {
        stopping = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a listening socket has nothing to report.
        }
        Thread t = acceptor;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits, a bounded time, until the connections have all ended. */
    static void awaitEmpty(Collection<LoomConnection> connections, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "loom server on " + local;
    }
}
