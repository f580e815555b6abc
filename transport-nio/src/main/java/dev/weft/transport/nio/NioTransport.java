package dev.weft.transport.nio;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ClientConnection;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.internal.SafeLog;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The NIO transport: a fixed set of selector event loops, named {@code weft-nio-loop-N}, that
 * serve every server and client connection opened through it.
 */
final class NioTransport implements Transport, NioChannel.Owner {

    /** The transport's log; every class here logs through it. */
    static final SafeLog LOG = new SafeLog("dev.weft.transport.nio");

    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TransportOptions options;
    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<NioServerBinding> bindings = ConcurrentHashMap.newKeySet();
    private final Set<NioChannel> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile dev.weft.codec.observe.MetricsListener metrics = dev.weft.codec.observe.MetricsListener.NONE;

    NioTransport(TransportOptions options) {
        dev.weft.codec.observe.WeftEvents.prepare(); // JFR's first-use cost, here rather than on a loop
        this.options = options;
        LOG.prepare();
        int n = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        this.loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop("weft-nio-loop-" + i);
            loops[i].start();
        }
    }

    TransportOptions options() {
        return options;
    }

    EventLoop loop(int i) {
        return loops[i];
    }

    void forEachLoop(java.util.function.Consumer<EventLoop> action) {
        for (EventLoop loop : loops) {
            action.accept(loop);
        }
    }

    EventLoop nextLoop() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    static String[] tlsProtocols(SSLEngine engine) {
        Set<String> supported = Set.of(engine.getSupportedProtocols());
        return TLS_PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
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
        return "nio";
    }

    @Override
    public ServerBinding bind(InetSocketAddress address, RequestRouter router, HttpLimits limits, SSLContext tls) throws IOException {
        ensureOpen();
        NioServerBinding binding = new NioServerBinding(this, address, router, limits, tls);
        bindings.add(binding);
        return binding;
    }

    void unbind(NioServerBinding binding) {
        bindings.remove(binding);
    }

    /**
     * Connects to the proxy and opens a tunnel to the handshake's server, blocking, on the
     * connect's own virtual thread; the event loop gets a socket that already reaches the server.
     */
    private static SocketChannel tunnel(dev.weft.codec.http.HttpProxy proxy, InetAddress address, ClientHandshake handshake,
                                        long deadline) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                socket.socket().connect(new InetSocketAddress(address, proxy.port()), (int) Math.min(Integer.MAX_VALUE, left));
            } catch (java.net.SocketTimeoutException e) {
                throw new java.net.SocketTimeoutException("connect to the proxy " + proxy.authority() + " timed out");
            } catch (java.net.ConnectException e) {
                throw new java.net.ConnectException("connection refused: the proxy " + proxy.authority());
            }
            ProxyDial.open(socket, new dev.weft.codec.http.ProxyTunnel(proxy, handshake.host(), handshake.port()),
                    proxy.authority(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // it was never used
            }
        }
    }

    @Override
    public CompletableFuture<WebSocketSession> connect(ClientHandshake handshake, ProtocolConfig config,
                                                       WebSocketHandler handler, SSLContext tls) {
        ensureOpen();
        CompletableFuture<WebSocketSession> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        String host = handshake.host();
        int port = handshake.port();
        dev.weft.codec.http.HttpProxy proxy = handshake.proxy();
        // Name resolution blocks (and so does the short CONNECT exchange with a proxy): keep them
        // off the event loops.
        Thread.ofVirtual().name("weft-nio-resolve").start(() -> {
            InetAddress address;
            String dialed = proxy == null ? host : proxy.host();
            try {
                address = InetAddress.getByName(dialed);
            } catch (UnknownHostException e) {
                future.completeExceptionally(new UnknownHostException("cannot resolve host '" + dialed + "'"));
                return;
            }
            SocketChannel tunnelled = null;
            if (proxy != null) {
                try {
                    tunnelled = tunnel(proxy, address, handshake, deadline);
                } catch (IOException e) {
                    future.completeExceptionally(e);
                    return;
                }
            }
            SocketChannel through = tunnelled;
            int dialedPort = proxy == null ? port : proxy.port();
            SSLContext context;
            try {
                context = handshake.secure() ? (tls != null ? tls : SSLContext.getDefault()) : null;
            } catch (NoSuchAlgorithmException e) {
                closeQuietly(through);
                future.completeExceptionally(e);
                return;
            }
            EventLoop loop = nextLoop();
            loop.execute(() -> {
                SocketChannel socket;
                try {
                    socket = through != null ? through : SocketChannel.open();
                    socket.configureBlocking(false);
                    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    future.completeExceptionally(e);
                    return;
                }
                ClientConnection connection = new ClientConnection(handshake, config);
                connection.observe(metrics, new InetSocketAddress(address, dialedPort));
                NioChannel channel = new NioChannel(loop, socket, connection, this, this,
                        new InetSocketAddress(address, dialedPort), handler);
                clients.add(channel);
                channel.startConnecting(new InetSocketAddress(address, dialedPort), deadline, future, c -> {
                    if (context == null) {
                        return new PlainWire(socket);
                    }
                    SSLEngine engine = context.createSSLEngine(host, port);
                    engine.setUseClientMode(true);
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setProtocols(tlsProtocols(engine));
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    if (!isIpLiteral(host)) {
                        parameters.setServerNames(List.of(new SNIHostName(host)));
                    }
                    engine.setSSLParameters(parameters);
                    return new TlsWire(socket, engine, c::resumeAfterTlsTasks);
                });
            });
        });
        return future;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    @Override
    public void closed(NioChannel channel) {
        clients.remove(channel);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the transport is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NioServerBinding binding : List.copyOf(bindings)) {
            binding.close();
        }
        // Stopping a loop aborts every channel left on it, clients included.
        Arrays.stream(loops).forEach(EventLoop::shutdown);
    }

    @Override
    public String toString() {
        return "NioTransport[" + loops.length + " loops]";
    }
}
