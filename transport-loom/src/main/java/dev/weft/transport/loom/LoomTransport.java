package dev.weft.transport.loom;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.internal.SafeLog;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The Loom transport: servers and clients whose connections each run on virtual threads with
 * blocking I/O.
 *
 * <p>Platform threads: one {@code weft-loom-accept-<port>} per bound server (blocked in
 * {@code accept}), and one {@code weft-loom-timer} for every deadline of every connection.
 * Everything else runs on virtual threads: one per connection named after the peer, and one
 * {@code weft-loom-deferred-writes} per transport. {@link TransportOptions#threads()}
 * is not used: virtual threads are scheduled by the JDK's carrier pool.
 */
final class LoomTransport implements Transport {

    /** The transport's log; every class here logs through it. */
    static final SafeLog LOG = new SafeLog("dev.weft.transport.loom");

    static final String NAME = "loom";
    private static final int BACKLOG = 1024;
    private static final long CLOSE_WAIT_MS = 5_000;
    /**
     * The size of the read buffers connections borrow for bytes that are waiting, or to gather a
     * message cut off by a read: a 64 KiB message and its frame header fit, so it is lent whole.
     */
    private static final int READ_BUFFER = 128 * 1024;
    /**
     * Read buffers the pool makes and keeps at most, per carrier thread. A reader gathering a
     * message a read cut off holds one while it waits for the rest, so a few busy connections of
     * large messages hold as many, and a reader that finds none lent reads 512 bytes at a time
     * and hands the engine pieces to assemble. With two per carrier, 8 connections echoing 64 KiB
     * (4 in flight each) had a p99.9 of 19-179 ms; with eight, 10-38 ms, in back-to-back pairs on
     * a loaded 2-core machine. Busy readers also keep one across their reads while a quarter of
     * the pool is left (LoomConnection#keepsPooled), which takes one read per turn instead of
     * two; with eight per carrier the rest of 64 connections of 1 KiB messages found none and
     * read 512 bytes at a time, so thirty-two (4 MiB per carrier at most). The buffers are made
     * only when that many readers are busy at once: idle connections hold none.
     */
    private static final int READ_BUFFERS_PER_CARRIER = 32;

    /** Where the connections' engines build their outgoing frames; see {@link #output()}. */
    private final OutputStripes outputs = new OutputStripes(Runtime.getRuntime().availableProcessors());
    /** Read buffers for bulk reads, shared: a few per carrier thread serve every connection. */
    private final SliceBuffers ownReadBuffers = new SliceBuffers(LoomConnection.OWN_READ_BUFFER);
    private final BufferPool readBuffers =
            new BufferPool(READ_BUFFER, READ_BUFFERS_PER_CARRIER * Runtime.getRuntime().availableProcessors());

    private final DeferredWrites deferredWrites = new DeferredWrites();
    private final TransportOptions options;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<LoomServer> servers = ConcurrentHashMap.newKeySet();
    private final Set<LoomConnection> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile dev.weft.codec.observe.MetricsListener metrics = dev.weft.codec.observe.MetricsListener.NONE;

    LoomTransport(TransportOptions options) {
        dev.weft.codec.observe.WeftEvents.prepare(); // JFR's first-use cost, at open rather than under the first connection
        this.options = Objects.requireNonNull(options, "options");
        LOG.prepare();
        try {
            SocketPoller.prepare(); // not under a flood of connections that holds every descriptor
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no pipe for the JDK's socket poller", e);
        }
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "weft-loom-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        deferredWrites.start();
    }

    @Override
    public void metrics(dev.weft.codec.observe.MetricsListener listener) {
        this.metrics = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Where new connections' metrics go. */
    dev.weft.codec.observe.MetricsListener metrics() {
        return metrics;
    }

    @Override
    public String name() {
        return NAME;
    }

    TransportOptions options() {
        return options;
    }

    /** The watcher that writes a handler's sends when its handler blocks before returning. */
    DeferredWrites deferredWrites() {
        return deferredWrites;
    }

    /** The readers' own small buffers, slices of shared direct slabs. */
    SliceBuffers ownReadBuffers() {
        return ownReadBuffers;
    }

    BufferPool readBuffers() {
        return readBuffers;
    }

    /**
     * Where a new connection's engine builds its outgoing frames: direct buffers the socket writes
     * from, in one of a few pools shared by all connections ({@link OutputStripes}: a virtual
     * thread has no carrier of its own to pool by), so idle connections hold none.
     */
    dev.weft.codec.engine.OutputPool output() {
        return outputs.next();
    }

    @Override
    public ServerBinding bind(InetSocketAddress address, RequestRouter router, HttpLimits limits, SSLContext tls)
            throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(limits, "limits");
        if (closed) {
            throw new IllegalStateException("the loom transport is closed");
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(address, BACKLOG);
        } catch (BindException e) {
            channel.close();
            String message = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
                    ? "address in use: " + HostPort.of(address)
                    : "cannot bind " + HostPort.of(address) + ": " + e.getMessage();
            BindException named = new BindException(message);
            named.initCause(e);
            throw named;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        LoomServer server = new LoomServer(this, channel, router, limits, tls);
        servers.add(server);
        server.start();
        return server;
    }

    @Override
    public CompletableFuture<WebSocketSession> connect(ClientHandshake handshake, ProtocolConfig config,
                                                       WebSocketHandler handler, SSLContext tls) {
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        CompletableFuture<WebSocketSession> opening = new CompletableFuture<>();
        if (closed) {
            opening.completeExceptionally(new IllegalStateException("the loom transport is closed"));
            return opening;
        }
        SSLContext context = tls;
        if (handshake.secure() && context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                opening.completeExceptionally(new IOException("no default TLS context: " + e.getMessage(), e));
                return opening;
            }
        }
        LoomConnection connection;
        try {
            connection = LoomConnection.client(this, handshake, config, handler, opening, clients::remove);
        } catch (RuntimeException e) {
            opening.completeExceptionally(e);
            return opening;
        }
        clients.add(connection);
        SSLContext chosen = context;
        Thread.ofVirtual().name("weft-loom-conn-" + HostPort.of(handshake.host(), handshake.port()))
                .start(() -> connection.connectAndServe(handshake, chosen, options.connectTimeout()));
        if (closed) {
            connection.abort();
        }
        return opening;
    }

    /** Runs {@code task} on the timer thread after {@code nanos}; {@code null} once the transport is closed. */
    ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * The same for a task that is a {@link Callable}: the executor keeps it as it is, where a
     * {@link Runnable} gets wrapped in one more object, held for as long as the task is armed.
     */
    ScheduledFuture<?> schedule(Callable<?> task, long nanos) {
        try {
            return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    void serverClosed(LoomServer server) {
        servers.remove(server);
    }

    @Override
    public void close() {
        closed = true;
        for (LoomServer server : servers) {
            server.close();
        }
        for (LoomConnection c : clients) {
            c.abort();
        }
        LoomServer.awaitEmpty(clients, CLOSE_WAIT_MS);
        timer.shutdownNow();
        deferredWrites.stop();
        try {
            timer.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "loom transport " + options;
    }
}
