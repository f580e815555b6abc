package dev.weft.transport.nio;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.engine.ServerConnection;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.spi.ServerBinding;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A listening socket. Accepting runs on the first event loop; each new connection goes to the
 * next loop in turn and stays there for its whole life.
 */
final class NioServerBinding implements ServerBinding, EventLoop.Selectable, NioChannel.Owner {

    private final NioTransport transport;
    private final ServerSocketChannel server;
    private final EventLoop acceptLoop;
    private final RequestRouter router;
    private final HttpLimits limits;
    private final SSLContext tls;
    private final InetSocketAddress local;
    private final Set<NioChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting = true;

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
            throw new BindException("address in use: " + address.getHostString() + ":" + address.getPort());
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
                server.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, this);
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
    }

    @Override
    public void onSelected(SelectionKey key) {
        try {
            SocketChannel socket;
            while (accepting && (socket = server.accept()) != null) {
                adopt(socket);
            }
        } catch (IOException e) {
            // e.g. out of file descriptors: keep serving the connections we have
            System.getLogger("dev.weft.transport.nio").log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
        }
    }

    private void adopt(SocketChannel socket) throws IOException {
        socket.configureBlocking(false);
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteAddress();
        EventLoop loop = transport.nextLoop();
        NioChannel channel = new NioChannel(loop, socket, new ServerConnection(router, limits), this, transport, remote, null);
        channels.add(channel);
        loop.execute(() -> {
            try {
                Wire wire;
                if (tls == null) {
                    wire = new PlainWire(socket);
                } else {
                    SSLEngine engine = tls.createSSLEngine();
                    engine.setUseClientMode(false);
                    engine.setEnabledProtocols(NioTransport.tlsProtocols(engine));
                    wire = new TlsWire(socket, engine, channel::resumeAfterTlsTasks);
                }
                channel.startServing(wire);
            } catch (IOException | RuntimeException e) {
                channel.abort();
            }
        });
    }

    @Override
    public void closed(NioChannel channel) {
        channels.remove(channel);
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public int openConnections() {
        return channels.size();
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
        for (NioChannel channel : List.copyOf(channels)) {
            channel.loop.execute(channel::goAway);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + grace.toNanos();
        Thread.ofVirtual().name("weft-nio-shutdown").start(() -> {
            while (!channels.isEmpty() && System.nanoTime() - deadline < 0) {
                sleep(10);
            }
            for (NioChannel channel : List.copyOf(channels)) {
                channel.loop.execute(channel::abort);
            }
            while (!channels.isEmpty()) {
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
        for (NioChannel channel : List.copyOf(channels)) {
            channel.loop.execute(channel::abort);
        }
        transport.unbind(this);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
