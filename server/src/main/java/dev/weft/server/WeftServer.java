package dev.weft.server;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.engine.Keepalive;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.engine.QueueOverflow;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.frame.AssemblyBudget;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.HandshakeResult;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.handshake.SubprotocolSelector;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpStatus;
import dev.weft.codec.observe.MetricsListener;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.TransportProvider;
import dev.weft.codec.spi.Transports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket and HTTP server on one port: WebSocket endpoints with named subprotocols, HTTP
 * handlers, and static files, on any Weft transport.
 *
 * <pre>{@code
 * WeftServer server = WeftServer.builder()
 *         .port(0)                                   // any free port; port() tells which
 *         .webSocket("/websocket", Subprotocol.echo(), Subprotocol.reverse())
 *         .http("/rest", request -> HttpResponse.text(200, "application/json", "{\"result\": 123}"))
 *         .staticRoot(Path.of("public"))
 *         .build()
 *         .start();
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Requests are routed by exact path: a WebSocket endpoint first, then an HTTP handler, then the
 * static files (and the built-in test pages). {@link #tutorial()} is the server of the Mongoose
 * and libwebsockets tutorials, which {@code ./weft server} runs.
 *
 * <p>A server owns its transport, its threads and one timer thread for protocols that push on
 * their own; {@link #close()} or {@link #shutdown(Duration)} releases them all.
 */
public final class WeftServer implements AutoCloseable {

    /**
     * The share of the maximum heap that unfinished inbound messages may hold together, over all
     * connections, unless {@link Builder#assemblyBudget(long)} says otherwise: a quarter, so that a
     * crowd of peers each leaving a large message unfinished gets 1013 (try again later) long
     * before the heap runs out.
     */
    public static final double DEFAULT_ASSEMBLY_BUDGET_FRACTION = 0.25;

    /** The body of the tutorial's {@code /rest} answer. */
    public static final String REST_RESULT = "{\"result\": 123}";

    private final String host;
    private final int requestedPort;
    private final String transportName;
    private final TransportProvider provider;
    private final TransportOptions transportOptions;
    private final SSLContext tls;
    private final OriginPolicy originPolicy;
    private final ProtocolConfig protocolConfig;
    private final AssemblyBudget assemblyBudget;
    private final Map<String, Endpoint> webSockets;
    private final Map<String, HttpHandler> httpHandlers;
    private final StaticFiles files;
    private final Consumer<String> log;
    private final boolean logRequests;
    private final ContextFields contextFields;
    private final MetricsListener metrics;
    private final ServerLog serverLog;
    private final Duration logInterval;
    private java.util.concurrent.ScheduledFuture<?> logFlush;

    private Transport transport;
    private ServerBinding binding;
    private ScheduledExecutorService timer;
    private boolean stopped;
    private boolean released;
    private CompletableFuture<Void> shutdown;

    private WeftServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.transportName = b.transport;
        this.provider = Transports.provider(b.transport);
        TransportOptions d = TransportOptions.defaults();
        this.transportOptions = new TransportOptions(b.threads, b.handshakeTimeout != null ? b.handshakeTimeout : d.handshakeTimeout(),
                b.idleTimeout != null ? b.idleTimeout : d.idleTimeout(), d.closeWaitTimeout(), d.connectTimeout());
        this.tls = b.tls;
        this.originPolicy = b.allowedOrigins.isEmpty() ? OriginPolicy.any() : OriginPolicy.allowList(b.allowedOrigins);
        ProtocolConfig config = ProtocolConfig.defaults(Role.SERVER).withKeepalive(b.keepalive);
        if (b.maxMessageSize > 0) {
            DecoderConfig decoder = config.decoder();
            config = config.withDecoder(decoder.withMaxMessageLength(b.maxMessageSize)
                    .withMaxFramePayloadLength(Math.min(decoder.maxFramePayloadLength(), b.maxMessageSize)));
        }
        if (b.highWaterMark > 0) {
            config = config.withOutboundLimits(b.highWaterMark, b.lowWaterMark, b.maxQueuedBytes);
        }
        // One budget for every connection of this server: their unfinished messages together.
        this.assemblyBudget = b.assemblyBudget >= 0 ? AssemblyBudget.of(b.assemblyBudget)
                : AssemblyBudget.ofHeap(DEFAULT_ASSEMBLY_BUDGET_FRACTION);
        this.protocolConfig = config.withOverflow(b.queueOverflow).withAssemblyBudget(assemblyBudget);
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        List<ExtensionFactory> extensions = b.deflate == null ? List.of() : List.of(b.deflate);
        b.webSockets.forEach((path, protocols) -> endpoints.put(path, Endpoint.of(protocols, originPolicy, extensions)));
        this.webSockets = Map.copyOf(endpoints);
        this.httpHandlers = Map.copyOf(b.httpHandlers);
        this.files = new StaticFiles(b.staticRoot, b.builtInPages, b.serveDotfiles);
        this.contextFields = new ContextFields(Clock.systemUTC(), b.serverHeader);
        this.log = b.log == null ? null : safe(b.log);
        this.logRequests = b.logRequests;
        this.logInterval = b.logInterval;
        Consumer<String> lines = log != null ? log : safe(line -> {
            if (LOG.isLoggable(System.Logger.Level.INFO)) {
                LOG.log(System.Logger.Level.INFO, line);
            }
        });
        this.serverLog = new ServerLog(lines, logRequests && log != null, logInterval);
        this.metrics = b.metrics == null ? serverLog : MetricsListener.all(List.of(serverLog, b.metrics));
    }

    /** Wraps the application's log so that whatever it throws stays out of the connection that logs. */
    private static Consumer<String> safe(Consumer<String> log) {
        return line -> {
            try {
                log.accept(line);
            } catch (Throwable lost) {
                // a lost log line costs less than a failed connection or loop
            }
        };
    }

    private static final System.Logger LOG = System.getLogger("dev.weft.server");

    /**
     * Returns a builder for an empty server: no routes (every request 404), {@code localhost}
     * port 8000 (this machine only), the {@code nio} transport, plain TCP, any origin.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder for the tutorial server: {@code /websocket} speaking {@code echo} (also
     * with no subprotocol), {@code reverse} and {@code dumb-increment-protocol}; {@code /rest}
     * answering {@value #REST_RESULT}; static files from the current directory, dotfiles
     * excepted; and the built-in pages {@code /test.html} and {@code /lws.html}. It listens on
     * {@code localhost:8000}, as the Mongoose tutorial does. Every setting can still be changed.
     *
     * @return a new builder with the tutorial's routes
     */
    public static Builder tutorial() {
        return builder()
                .webSocket("/websocket", Subprotocol.echo(), Subprotocol.reverse(), Subprotocol.dumbIncrement())
                .http("/rest", request -> HttpResponse.text(HttpStatus.OK, "application/json", REST_RESULT))
                .staticRoot(Path.of(""))
                .builtInPages(true);
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this server
     * @throws java.net.BindException if the port is in use; its message says which
     * @throws IOException            if the address cannot be bound for another reason
     * @throws IllegalStateException  if the server was already started
     */
    public synchronized WeftServer start() throws IOException {
        if (transport != null || stopped) {
            throw new IllegalStateException("the server was already started");
        }
        InetSocketAddress address = host == null ? new InetSocketAddress(requestedPort)
                : new InetSocketAddress(host, requestedPort);
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException("cannot resolve host '" + host + "'");
        }
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform()
                .name("weft-server-timer").daemon(true).factory());
        timerPool.setRemoveOnCancelPolicy(true);
        Transport opened = provider.open(transportOptions);
        try {
            opened.metrics(metrics);
        } catch (UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "the " + transportName + " transport reports no metrics");
        }
        try {
            binding = opened.bind(address, new RequestRouter() {
                @Override
                public Route route(HttpRequest request) {
                    return WeftServer.this.route(request);
                }

                @Override
                public HttpResponse refusal(HttpResponse refusal) {
                    return contextFields.addTo(refusal);
                }
            }, HttpLimits.defaults(), tls);
        } catch (IOException | RuntimeException e) {
            opened.close();
            timerPool.shutdownNow();
            throw e;
        }
        transport = opened;
        timer = timerPool;
        // Refusals held back by the rate limit are summed up when their interval ends, even if no
        // refusal comes after to trigger it.
        logFlush = timerPool.scheduleAtFixedRate(serverLog::flush, logInterval.toNanos(), logInterval.toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS);
        return this;
    }

    private Route route(HttpRequest request) {
        return contextFields.addTo(decide(request));
    }

    private Route decide(HttpRequest request) {
        String path = request.path();
        Endpoint endpoint = webSockets.get(path);
        if (endpoint != null && !ServerHandshake.isUpgradeRequest(request)
                && endpoint.handshake().accept(request) instanceof HandshakeResult.Rejected refused) {
            // Plain HTTP at a WebSocket path (a browser opening /websocket): the handshake's refusal
            // (426, 405, 400), answered here as any HTTP answer so it carries Date and Server. It
            // is refused before any extension is negotiated, so nothing is left to release.
            return new Route.Respond(refused.response());
        }
        if (endpoint != null) {
            // A fresh handler per connection: it picks the protocol once the handshake has chosen.
            ConnectionHandler handler = new ConnectionHandler(path, endpoint.protocols(), endpoint.fallback(), timer, log,
                    logRequests);
            return new Route.Upgrade(endpoint.handshake(), handler, protocolConfig);
        }
        if (ServerHandshake.isUpgradeRequest(request)) {
            return new Route.Respond(Responses.text(HttpStatus.NOT_FOUND, "no WebSocket endpoint at " + path));
        }
        // Handlers and files may block (a file opened, a directory listed, a database asked): they
        // run on a virtual thread of their own, so an event loop only ever moves bytes.
        CompletableFuture<Route> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("weft-http " + path).start(() -> {
            try {
                answer.complete(answer(request));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        return new Route.Deferred(answer);
    }

    private Route answer(HttpRequest request) {
        String path = request.path();
        HttpHandler handler = httpHandlers.get(path);
        if (handler != null) {
            HttpResponse response = handler.handle(request);
            return new Route.Respond(request.method().equals("HEAD") ? Responses.headOnly(response) : response);
        }
        return files.serve(request);
    }

    /** A WebSocket path: its handshake rules and its protocols by name, the first being the fallback. */
    private record Endpoint(ServerHandshake handshake, Map<String, Subprotocol> protocols, Subprotocol fallback) {
        static Endpoint of(List<Subprotocol> list, OriginPolicy origins, List<ExtensionFactory> extensions) {
            Map<String, Subprotocol> byName = new LinkedHashMap<>();
            for (Subprotocol p : list) {
                byName.putIfAbsent(p.name(), p);
            }
            // The client's offer, in the client's order: the first name spoken here wins (§4.2.2).
            ServerHandshake handshake = new ServerHandshake(
                    SubprotocolSelector.clientPreference(List.copyOf(byName.keySet())), origins, extensions);
            return new Endpoint(handshake, Map.copyOf(byName), list.get(0));
        }
    }

    /**
     * Returns the port the server listens on, the real one when port 0 was asked for.
     *
     * @return the port
     * @throws IllegalStateException if the server is not started
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address
     * @throws IllegalStateException if the server is not started
     */
    public synchronized InetSocketAddress localAddress() {
        if (binding == null) {
            throw new IllegalStateException("the server is not started");
        }
        return binding.localAddress();
    }

    /**
     * Returns the URI of one of this server's paths as a client on this machine would use it:
     * {@code ws://localhost:PORT/websocket}, {@code wss://} with TLS.
     *
     * @param path the path, such as {@code /websocket}
     * @return the WebSocket URI
     */
    public URI webSocketUri(String path) {
        return URI.create((tls != null ? "wss://" : "ws://") + displayHost() + ":" + port() + path);
    }

    /**
     * Returns the URI of one of this server's paths for HTTP: {@code http://} or {@code https://}.
     *
     * @param path the path, such as {@code /test.html}
     * @return the HTTP URI
     */
    public URI httpUri(String path) {
        return URI.create((tls != null ? "https://" : "http://") + displayHost() + ":" + port() + path);
    }

    private String displayHost() {
        if (host == null) {
            return "localhost";
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                return "localhost";
            }
        } catch (IOException e) {
            // keep the name as given
        }
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * Returns whether the server speaks TLS (wss:// and https://).
     *
     * @return whether a TLS context was given
     */
    public boolean isSecure() {
        return tls != null;
    }

    /**
     * Returns the name of the transport the server runs on.
     *
     * @return such as {@code nio}
     */
    public String transportName() {
        return transportName;
    }

    /**
     * Returns the paths of the WebSocket endpoints.
     *
     * @return the paths, unordered
     */
    public List<String> webSocketPaths() {
        return List.copyOf(webSockets.keySet());
    }

    /**
     * Returns how many connections are open, handshaking and plain HTTP ones included.
     *
     * @return the count, 0 when not started
     */
    public synchronized int openConnections() {
        return binding == null ? 0 : binding.openConnections();
    }

    /**
     * Returns the budget that this server's unfinished inbound messages share.
     *
     * @return the budget, with its limit and what is held now
     */
    public AssemblyBudget assemblyBudget() {
        return assemblyBudget;
    }

    /** Returns how many tasks wait on the timer: for tests that check protocols stop their ticks. */
    synchronized int scheduledTasks() {
        return timer instanceof ScheduledThreadPoolExecutor pool ? pool.getQueue().size() - (logFlush != null ? 1 : 0) : 0;
    }

    /**
     * Shuts down gracefully: stops accepting, sends 1001 (going away) to every WebSocket client,
     * waits up to {@code grace} for their closing handshakes, then drops whatever is left and
     * releases the transport and the timer.
     *
     * @param grace how long to wait for clean closes
     * @return completes when everything is released
     */
    public synchronized CompletableFuture<Void> shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (shutdown == null) {
            stopped = true;
            shutdown = binding == null || released ? CompletableFuture.completedFuture(null)
                    : binding.shutdown(grace).whenComplete((ok, error) -> release());
        }
        return shutdown;
    }

    private synchronized void release() {
        if (!released) {
            released = true;
            transport.close();
            timer.shutdownNow();
        }
    }

    /** Stops at once: drops every connection and releases the transport and the timer. */
    @Override
    public synchronized void close() {
        stopped = true;
        if (binding != null && !released) {
            binding.close();
            release();
        }
    }

    /**
     * Collects a server's settings. Not thread-safe; {@link #build()} checks them.
     */
    public static final class Builder {
        private String host = "localhost";
        private int port = 8000;
        private String transport = "nio";
        private int threads;
        private SSLContext tls;
        private final List<String> allowedOrigins = new ArrayList<>();
        private long maxMessageSize;
        private long assemblyBudget = -1;
        private long highWaterMark;
        private long lowWaterMark;
        private long maxQueuedBytes;
        private QueueOverflow queueOverflow = QueueOverflow.REFUSE_SEND;
        private Duration idleTimeout;
        private Keepalive keepalive = Keepalive.defaults();
        private final Map<String, List<Subprotocol>> webSockets = new LinkedHashMap<>();
        private final Map<String, HttpHandler> httpHandlers = new LinkedHashMap<>();
        private Path staticRoot;
        private boolean builtInPages;
        private boolean serveDotfiles;
        private String serverHeader = ContextFields.PRODUCT;
        private Consumer<String> log;
        private boolean logRequests;
        private MetricsListener metrics;
        private Duration logInterval = ServerLog.INTERVAL;
        private Duration handshakeTimeout;
        private PerMessageDeflate deflate;

        private Builder() {
        }

        /**
         * Sends the server's metrics somewhere: connections opened and closed (by close code),
         * handshakes refused (by status), HTTP requests, messages and bytes each way, send-queue
         * stalls. The README shows how to bind them to Micrometer.
         *
         * @param listener the listener; {@code null} for none (the default)
         * @return this builder
         */
        public Builder metrics(MetricsListener listener) {
            this.metrics = listener;
            return this;
        }

        /**
         * Sets how long a connection may take to send a whole request (and, for a WebSocket, to
         * finish the opening handshake); a slower one is dropped and logged as timed out.
         *
         * @param timeout the timeout, positive; the transport's default (10 s) if not set
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Sets the interval refused handshakes are rate-limited over in the log; for tests. */
        Builder logInterval(Duration interval) {
            this.logInterval = interval;
            return this;
        }

        /**
         * Accepts permessage-deflate (RFC 7692) on every WebSocket endpoint, with the default
         * settings (see {@link DeflateConfig#defaults()}). Off unless called: compression costs
         * each connection that uses it up to about 300 KiB of native zlib memory with context
         * takeover, which a server with many idle connections should choose knowingly.
         *
         * @return this builder
         */
        public Builder deflate() {
            return deflate(DeflateConfig.defaults());
        }

        /**
         * Accepts permessage-deflate with the given settings; {@link DeflateConfig} says what each
         * costs per connection.
         *
         * @param config the settings, such as {@code DeflateConfig.defaults().withNoContextTakeover(true)}
         * @return this builder
         */
        public Builder deflate(DeflateConfig config) {
            return deflate(new PerMessageDeflate(config));
        }

        /**
         * Accepts permessage-deflate through this factory, whose stream counts can be watched.
         *
         * @param factory the factory, or {@code null} to switch compression off
         * @return this builder
         */
        public Builder deflate(PerMessageDeflate factory) {
            this.deflate = factory;
            return this;
        }

        /**
         * Sets the interface to listen on. The default, {@code localhost}, accepts connections
         * from this machine only; {@code 0.0.0.0} (or {@code null}) opens the server to the
         * network on every interface.
         *
         * @param host a host name or address; {@code null} for all interfaces
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Sets the port.
         *
         * @param port 1 to 65535, or 0 for any free port (see {@link WeftServer#port()}); 8000 by
         *             default
         * @return this builder
         * @throws IllegalArgumentException if the port is out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Chooses the transport by name.
         *
         * @param name {@code nio} (the default), {@code loom}, or another on the class path
         * @return this builder
         */
        public Builder transport(String name) {
            this.transport = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the transport's thread count.
         *
         * @param threads event loops or carrier hint; 0 (the default) for one per processor
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must not be negative: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Serves TLS: wss:// and https:// on the same port.
         *
         * @param context the server's TLS context, such as one from {@link PemFiles#serverContext};
         *                {@code null} for plain TCP (the default)
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /**
         * Adds origins whose browsers may open WebSockets here; handshakes from other origins get
         * 403. With none (the default) every origin is allowed. Requests without an
         * {@code Origin} (non-browser clients) are always allowed.
         *
         * @param origins origins such as {@code https://example.com}
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            return allowedOrigins(Arrays.asList(origins));
        }

        /**
         * Adds allowed origins; see {@link #allowedOrigins(String...)}.
         *
         * @param origins origins such as {@code https://example.com}
         * @return this builder
         */
        public Builder allowedOrigins(List<String> origins) {
            allowedOrigins.addAll(origins);
            return this;
        }

        /**
         * Limits the size of one inbound WebSocket message; a longer one closes the connection
         * with 1009 (message too big).
         *
         * @param bytes the limit; 0 for the codec's default (64 MiB per message, 16 MiB per frame)
         * @return this builder
         */
        public Builder maxMessageSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("max message size must not be negative: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Bounds the bytes that unfinished inbound messages may hold together, over every
         * connection: a connection whose message would take the total past it is failed with
         * 1013 (try again later). By default a quarter of the maximum heap
         * ({@link #DEFAULT_ASSEMBLY_BUDGET_FRACTION}).
         *
         * @param bytes the budget
         * @return this builder
         */
        public Builder assemblyBudget(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("assembly budget must not be negative: " + bytes);
            }
            this.assemblyBudget = bytes;
            return this;
        }

        /**
         * Bounds each connection's outbound queue. Above {@code high} queued bytes the server
         * stops reading from the peer until the queue is back at {@code low}; a send that would
         * pass {@code max} is handled as {@link #queueOverflow(QueueOverflow)} says. Each queued
         * message counts {@link ProtocolConfig#QUEUED_OUTPUT_OVERHEAD} bytes on top of its own,
         * so the limits bound memory even for tiny messages. By default 1 MiB, 256 KiB and 64 MiB.
         *
         * @param high the high-water mark
         * @param low  the low-water mark
         * @param max  the hard limit
         * @return this builder
         * @throws IllegalArgumentException unless 0 ≤ low ≤ high ≤ max
         */
        public Builder outboundQueue(long high, long low, long max) {
            if (low < 0 || low > high || high > max) {
                throw new IllegalArgumentException("need 0 <= low <= high <= max: " + low + ", " + high + ", " + max);
            }
            this.highWaterMark = high;
            this.lowWaterMark = low;
            this.maxQueuedBytes = max;
            return this;
        }

        /**
         * Chooses what a send past the outbound queue's hard limit does: refuse the send (its
         * future fails with {@link dev.weft.codec.engine.SendRefusedException}; the default), or
         * close the connection with 1008 or 1013.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder queueOverflow(QueueOverflow policy) {
            this.queueOverflow = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Closes connections silent for this long: no byte either way (a WebSocket gets 1001).
         * Keepalive pings and pongs are traffic, so while {@link #pingInterval pings} are on this
         * closes no peer that answers them; a peer that does not is given up by the
         * {@link #pingTimeout ping timeout}. To close live but quiet WebSockets, turn pings off.
         *
         * @param timeout the timeout; {@link Duration#ZERO} for never; the transport's default
         *                (5 minutes) if not set
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idle timeout must not be negative: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Pings a WebSocket peer that has sent nothing for this long (§5.5.2), to find peers that
         * vanished without closing and to keep NAT and proxy mappings alive.
         *
         * @param interval the interval; {@link Duration#ZERO} for no pings; 20 s if not set
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.keepalive = keepalive.withPingInterval(interval);
            return this;
        }

        /**
         * Gives a peer up (closing its connection as 1006) when the pong to a keepalive ping has
         * not come within this time.
         *
         * @param timeout the timeout; {@link Duration#ZERO} to never give up; 20 s if not set
         * @return this builder
         */
        public Builder pingTimeout(Duration timeout) {
            this.keepalive = keepalive.withPingTimeout(timeout);
            return this;
        }

        /**
         * Drops TCP when the closing handshake takes longer than this (§7.1.1).
         *
         * @param timeout the timeout; {@link Duration#ZERO} to wait as long as TCP lives; 5 s if
         *                not set
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.keepalive = keepalive.withCloseTimeout(timeout);
            return this;
        }

        /**
         * Adds a WebSocket endpoint. The subprotocol is chosen from the client's
         * {@code Sec-WebSocket-Protocol} offer, in the client's order, first one spoken here; a
         * client that offers none of them gets no subprotocol and the first one listed here.
         *
         * @param path      the exact path, such as {@code /websocket}
         * @param protocols the subprotocols, the first being the fallback
         * @return this builder
         * @throws IllegalArgumentException if no protocol is given or the path does not start
         *                                  with {@code /}
         */
        public Builder webSocket(String path, Subprotocol... protocols) {
            checkPath(path);
            if (protocols.length == 0) {
                throw new IllegalArgumentException("a WebSocket endpoint needs at least one subprotocol");
            }
            webSockets.put(path, List.of(protocols));
            return this;
        }

        /**
         * Adds an HTTP handler for one path.
         *
         * @param path    the exact path, such as {@code /rest}
         * @param handler answers every request for it
         * @return this builder
         */
        public Builder http(String path, HttpHandler handler) {
            checkPath(path);
            httpHandlers.put(path, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Serves files from a directory for the paths no other route takes.
         *
         * @param root the directory; {@code null} for no files (the default)
         * @return this builder
         */
        public Builder staticRoot(Path root) {
            this.staticRoot = root;
            return this;
        }

        /**
         * Serves the built-in test pages {@code /test.html} (the Mongoose page) and
         * {@code /lws.html} (the libwebsockets page) when the static root has no such file.
         *
         * @param on whether to serve them
         * @return this builder
         */
        public Builder builtInPages(boolean on) {
            this.builtInPages = on;
            return this;
        }

        /**
         * Serves and lists dotfiles, names starting with {@code .} such as {@code .git} or
         * {@code .env}. By default they answer 404 and are left out of listings, so serving a
         * checkout or a home folder does not hand out its repository or credentials.
         *
         * @param on whether to serve them
         * @return this builder
         */
        public Builder serveDotfiles(boolean on) {
            this.serveDotfiles = on;
            return this;
        }

        /**
         * Sets the {@code Server} field of plain HTTP answers (RFC 9110 §10.2.4); {@code Weft} by
         * default.
         *
         * @param product the value, such as {@code Weft}; {@code null} to send no {@code Server}
         * @return this builder
         * @throws IllegalArgumentException if the value is empty or has control characters
         */
        public Builder serverHeader(String product) {
            if (product != null && (product.isBlank() || product.chars().anyMatch(c -> c < 0x20 || c == 0x7F))) {
                throw new IllegalArgumentException("not a Server field value: '" + product + "'");
            }
            this.serverHeader = product;
            return this;
        }

        /**
         * Sends the server's log lines somewhere: one per WebSocket connection opened and closed
         * (with the close code), and refused or timed-out handshakes, at most
         * {@value ServerLog#REFUSALS_PER_INTERVAL} per 10 s and a count of the rest. Without it,
         * refusals go to the {@code dev.weft.server} {@link System.Logger} at INFO.
         *
         * @param lines receives each line, from the connections' threads
         * @return this builder
         */
        public Builder log(Consumer<String> lines) {
            this.log = lines;
            return this;
        }

        /**
         * Logs every plain HTTP request (peer, method, target, status, body bytes, time taken)
         * and every WebSocket session when it ends (path, subprotocol, time open, close code),
         * and connection errors too; needs {@link #log}.
         *
         * @param on whether to log requests
         * @return this builder
         */
        public Builder logRequests(boolean on) {
            this.logRequests = on;
            return this;
        }

        /**
         * Checks the settings and makes the server, not yet started.
         *
         * @return the server
         * @throws IllegalArgumentException if the transport is unknown, an origin is malformed, or
         *                                  the static root is not a directory
         */
        public WeftServer build() {
            if (staticRoot != null && !Files.isDirectory(staticRoot)) {
                throw new IllegalArgumentException("not a directory: " + staticRoot);
            }
            return new WeftServer(this);
        }

        private static void checkPath(String path) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("a route path starts with '/': " + path);
            }
        }
    }
}
