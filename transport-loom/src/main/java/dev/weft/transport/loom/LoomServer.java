package dev.weft.transport.loom;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.http.HttpLimits;
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
import javax.net.ssl.SSLContext;

/**
 * A listening server: a platform thread {@code weft-loom-accept-<port>} blocks in
 * {@code accept} and starts a virtual thread per connection.
 */
final class LoomServer implements ServerBinding {

    private static final long CLOSE_WAIT_MS = 5_000;

    private final LoomTransport transport;
    private final ServerSocketChannel channel;
    private final RequestRouter router;
    private final HttpLimits limits;
    private final SSLContext tls;
    private final InetSocketAddress local;
    private final Set<LoomConnection> connections = ConcurrentHashMap.newKeySet();
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

    private void acceptLoop() {
        while (true) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                return; // closed: the server stops accepting
            }
            LoomConnection connection;
            try {
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connection = LoomConnection.accepted(transport, accepted, router, limits, this::ended);
            } catch (IOException | RuntimeException e) {
                try {
                    accepted.close();
                } catch (IOException ignored) {
                    // Gone before it started.
                }
                continue;
            }
            connections.add(connection);
            Thread.ofVirtual().name("weft-loom-conn-" + connection.remoteAddress()).start(() -> connection.serve(tls));
            if (stopping) {
                connection.goAway(); // accepted while shutting down
            }
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
