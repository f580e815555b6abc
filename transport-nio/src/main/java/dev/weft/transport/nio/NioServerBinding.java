package dev.weft.transport.nio;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.engine.ServerConnection;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.internal.AcceptBackoff;
import dev.weft.codec.internal.SafeLog;
import dev.weft.codec.spi.ServerBinding;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A listening socket. Accepting runs on the first event loop; each new connection goes to the
 * next loop in turn and stays there for its whole life.
 *
 * <p>The binding counts its connections but keeps no set of them: each loop already knows the
 * channels it serves, and a second, concurrent set here would cost every idle connection a node
 * (about 40 bytes) for the sake of shutdown alone. Shutting down asks each loop to find this
 * binding's channels among its own.
 */
final class NioServerBinding implements ServerBinding, EventLoop.Selectable, NioChannel.Owner {

    private static final SafeLog LOG = NioTransport.LOG;

    private final NioTransport transport;
    private final ServerSocketChannel server;
    private final EventLoop acceptLoop;
    private final RequestRouter router;
    private final HttpLimits limits;
    private final SSLContext tls;
    private final InetSocketAddress local;
    /**
     * Connections adopted and not yet closed: counted up when a channel is made for an accepted
     * socket, down when it closes (a channel closes once) or if it could not be handed to its loop.
     */
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean accepting = true;
    private final AcceptBackoff backoff = new AcceptBackoff(LOG);
    private SelectionKey acceptKey;

    NioServerBinding(NioTransport transport, InetSocketAddress address, RequestRouter router, HttpLimits limits,
                     SSLContext tls) throws IOException {
        this.transport = transport;
        this.router = router;
        this.limits = limits;
        this.tls = tls;
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
        } catch (BindException e) {
            server.close();
            // BindException also means "permission denied" (a privileged port) and "cannot assign
            // requested address": only the JDK's own words say which.
            String where = address.getHostString() + ":" + address.getPort();
            String why = e.getMessage() == null ? "" : e.getMessage();
            BindException named = new BindException(why.toLowerCase(java.util.Locale.ROOT).contains("in use")
                    ? "address in use: " + where : "cannot bind " + where + ": " + why);
            named.initCause(e);
            throw named;
        } catch (IOException e) {
            server.close();
            throw e;
        }
        server.configureBlocking(false);
        this.local = (InetSocketAddress) server.getLocalAddress();
        this.acceptLoop = transport.loop(0);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            try {
                acceptKey = server.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, this);
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
    }

    /**
     * Accepts what the backlog holds. When {@code accept} fails (out of file descriptors: EMFILE,
     * ENFILE; out of buffers: ENOBUFS) the connection waits in the backlog, so selecting again at
     * once would spin: accepting pauses instead, for a back-off that grows while the failures
     * last, and resumes on its own.
     */
    @Override
    public void onSelected(SelectionKey key) {
        try {
            SocketChannel socket;
            while (accepting && (socket = server.accept()) != null) {
                backoff.succeeded();
                adopt(socket);
            }
        } catch (IOException e) {
            pauseAccepting(e);
        } catch (Throwable t) {
            // Out of memory, or anything else: the connections we have keep being served, and
            // accepting is tried again after the pause.
            pauseAccepting(t);
        }
    }

    private void pauseAccepting(Throwable cause) {
        long pause = backoff.failed(cause, "accept on " + local);
        if (!accepting || acceptKey == null || !acceptKey.isValid()) {
            return;
        }
        acceptKey.interestOps(0);
        acceptLoop.schedule(() -> {
            if (accepting && acceptKey.isValid()) {
                acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            }
        }, pause);
    }

    /** Hands an accepted socket to a loop; on any failure the socket is closed, never leaked. */
    private void adopt(SocketChannel socket) {
        NioChannel channel = null;
        try {
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteAddress();
            EventLoop loop = transport.nextLoop();
            ServerConnection connection = new ServerConnection(router, limits);
            connection.observe(transport.metrics(), remote);
            NioChannel adopted = new NioChannel(loop, socket, connection, this, transport, remote, null);
            channel = adopted;
            open.incrementAndGet();
            loop.execute(() -> {
                try {
                    Wire wire;
                    if (tls == null) {
                        wire = new PlainWire(socket);
                    } else {
                        SSLEngine engine = tls.createSSLEngine();
                        engine.setUseClientMode(false);
                        engine.setEnabledProtocols(NioTransport.tlsProtocols(engine));
                        wire = new TlsWire(socket, engine, adopted::resumeAfterTlsTasks);
                    }
                    adopted.startServing(wire);
                } catch (Throwable e) {
                    adopted.abort();
                }
            });
            channel = null; // handed over: its loop closes it, and closing counts it down
        } catch (Throwable e) {
            // A socket reset before we looked at it, or no memory for its channel.
            if (channel != null) {
                open.decrementAndGet();
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is the goal
            }
            if (!(e instanceof IOException) && LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "could not adopt a connection on " + local, e);
            }
        }
    }

    @Override
    public void closed(NioChannel channel) {
        open.decrementAndGet();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public int openConnections() {
        return open.get();
    }

    private void stopAccepting() {
        accepting = false;
        CompletableFuture<Void> done = new CompletableFuture<>();
        acceptLoop.execute(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // no longer listening either way
            }
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the loop is gone; the socket closes with it
        }
    }

    @Override
    public CompletableFuture<Void> shutdown(Duration grace) {
        stopAccepting();
        forEachChannel(NioChannel::goAway);
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + grace.toNanos();
        Thread.ofVirtual().name("weft-nio-shutdown").start(() -> {
            while (open.get() > 0 && System.nanoTime() - deadline < 0) {
                sleep(10);
            }
            forEachChannel(NioChannel::abort);
            while (open.get() > 0) {
                sleep(10);
            }
            transport.unbind(this);
            done.complete(null);
        });
        return done;
    }

    @Override
    public void close() {
        stopAccepting();
        forEachChannel(NioChannel::abort);
        transport.unbind(this);
    }

    /**
     * Runs {@code action} on each of this binding's channels, on the channel's loop. Called once
     * accepting has stopped: every channel adopted before that was handed to its loop ahead of
     * this, so each loop finds it among its own (a loop runs what it is handed in order).
     */
    private void forEachChannel(java.util.function.Consumer<NioChannel> action) {
        transport.forEachLoop(loop -> loop.execute(() -> loop.forEachChannel(channel -> {
            if (channel.ownedBy(this)) {
                action.accept(channel);
            }
        })));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
