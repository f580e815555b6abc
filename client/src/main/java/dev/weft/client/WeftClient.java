package dev.weft.client;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.Keepalive;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.DecoderConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpProxy;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A WebSocket client: built once with its settings, then used for any number of connections.
 *
 * <pre>{@code
 * try (WeftClient client = WeftClient.builder().build()) {
 *     WebSocketSession session = client.connect(URI.create("ws://localhost:8000/websocket"), handler).join();
 *     session.sendText("hello");
 * }
 * }</pre>
 *
 * <p>Connections run on a transport chosen by name ({@code nio} by default, or {@code loom}), with
 * the same {@link WebSocketHandler} type servers use. Closing the client closes its transport and
 * every connection on it.
 */
public final class WeftClient implements AutoCloseable {

    private final Transport transport;
    private final SSLContext tls;
    private final ProtocolConfig config;
    private final List<String> subprotocols;
    private final HttpHeaders headers;
    private final String origin;
    private final Duration openTimeout;
    private final HttpProxy proxy;
    private final boolean proxyFromEnvironment;
    private final Map<String, String> environment;
    private final ReconnectPolicy reconnect;
    private final ReconnectListener reconnectListener;
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;
    /** Offers permessage-deflate when set; one factory, and its pool, for every connection. */
    private final PerMessageDeflate deflate;

    private WeftClient(Builder b) {
        this.tls = b.tls;
        this.config = ProtocolConfig.defaults(Role.CLIENT).withDecoder(b.decoder).withKeepalive(b.keepalive)
                .withOverflow(b.queueOverflow);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.headers = b.headers.build();
        this.origin = b.origin;
        this.openTimeout = b.connectTimeout;
        this.proxy = b.proxy;
        this.proxyFromEnvironment = b.proxyFromEnvironment;
        this.environment = b.environment;
        this.reconnect = b.reconnect;
        this.reconnectListener = b.reconnectListener;
        this.deflate = b.deflate;
        TransportOptions d = TransportOptions.defaults();
        // connectOnce holds connect, TLS and handshake together to the one timeout. The transport
        // enforces each phase a moment later, so that an attempt given up on here does not
        // linger there, and so that the failure reported is always the same one.
        Duration backstop = b.connectTimeout.plusSeconds(1);
        this.transport = Transports.provider(b.transport).open(new TransportOptions(b.threads, backstop,
                Duration.ZERO, d.closeWaitTimeout(), backstop));
        if (b.metrics != null) {
            transport.metrics(b.metrics);
        }
    }

    /**
     * Returns a builder with the defaults: NIO, 10 s to open a connection, the JDK's trust store,
     * no subprotocol, a keepalive ping after 20 s of silence given up after 20 s more, 5 s to
     * close, no reconnect.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects and runs the opening handshake.
     *
     * @param uri     a {@code ws://} or {@code wss://} URI
     * @param handler the application for this connection
     * @return completes with the open session, or exceptionally with an exception that
     *         {@link ClientErrors#describe(Throwable)} turns into one line
     * @throws IllegalArgumentException if the URI is not a WebSocket URI
     */
    public CompletableFuture<WebSocketSession> connect(URI uri, WebSocketHandler handler) {
        ClientHandshake.of(uri); // fails fast, here, on a bad URI
        proxyFor(uri); // and on a bad proxy variable
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        if (reconnect != null) {
            return new Reconnector(this, uri, handler, reconnect, reconnectListener).start();
        }
        return connectOnce(uri, handler);
    }

    /**
     * One attempt, held to the open timeout as a whole: name resolution, TCP connect, TLS and the
     * opening handshake together, whichever of them is slow.
     */
    CompletableFuture<WebSocketSession> connectOnce(URI uri, WebSocketHandler handler) {
        ClientHandshake handshake = ClientHandshake.builder(uri).origin(origin).subprotocols(subprotocols).headers(headers)
                .extensions(deflate == null ? List.of() : List.of(deflate)).proxy(proxyFor(uri)).build();
        CompletableFuture<WebSocketSession> attempt = transport.connect(handshake, config, handler, tls);
        CompletableFuture<WebSocketSession> result = new CompletableFuture<>();
        long ms = openTimeout.toMillis();
        ScheduledFuture<?> deadline = scheduler().schedule(() -> result.completeExceptionally(new SocketTimeoutException(
                "no WebSocket connection to " + handshake.host() + ":" + handshake.port() + " within " + describe(openTimeout)
                        + " (connect, TLS and opening handshake)")), ms, TimeUnit.MILLISECONDS);
        attempt.whenComplete((session, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (!result.complete(session)) {
                session.close(CloseCode.GOING_AWAY, "the client gave up waiting"); // opened too late: nobody waits for it
            }
        });
        return result;
    }

    /** The proxy to reach {@code uri} through: the one set on the builder, else the environment's, else none. */
    HttpProxy proxyFor(URI uri) {
        if (proxy != null) {
            return proxy;
        }
        return proxyFromEnvironment ? ProxyEnvironment.choose(uri, environment) : null;
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * Connects for blocking use, which reads naturally on virtual threads: send, then
     * {@link BlockingWebSocket#receive(Duration)} the next message.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return the open connection
     * @throws IOException if the connection or handshake fails; the message says why in one line
     */
    public BlockingWebSocket connectBlocking(URI uri) throws IOException {
        BlockingWebSocket socket = new BlockingWebSocket();
        try {
            socket.attach(connect(uri, socket.handler()).join());
        } catch (RuntimeException e) {
            Throwable cause = ClientErrors.unwrap(e);
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IOException(ClientErrors.describe(cause), cause);
        }
        return socket;
    }

    synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "weft-client-timer");
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes every connection of this client and releases its threads. */
    @Override
    public void close() {
        closed = true;
        transport.close();
        synchronized (this) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }

    /** Settings for a {@link WeftClient}. */
    public static final class Builder {
        private String transport = "nio";
        private int threads = 1;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private SSLContext tls;
        private Path caFile;
        private KeyManager[] keyManagers;
        private final List<String> subprotocols = new ArrayList<>();
        private final HttpHeaders.Builder headers = HttpHeaders.builder();
        private String origin;
        private DecoderConfig decoder = DecoderConfig.defaults(Role.CLIENT);
        private Keepalive keepalive = Keepalive.defaults();
        private dev.weft.codec.engine.QueueOverflow queueOverflow = dev.weft.codec.engine.QueueOverflow.REFUSE_SEND;
        private HttpProxy proxy;
        private boolean proxyFromEnvironment = true;
        private Map<String, String> environment = System.getenv();
        private ReconnectPolicy reconnect;
        private ReconnectListener reconnectListener = new ReconnectListener() { };
        private dev.weft.codec.observe.MetricsListener metrics;
        private PerMessageDeflate deflate;

        private Builder() {
        }

        /**
         * Offers permessage-deflate (RFC 7692) with the default settings: the client keeps its
         * context, lets the server choose the client's window, and asks nothing of the server.
         * Off unless called.
         *
         * @return this builder
         */
        public Builder deflate() {
            return deflate(DeflateConfig.defaults());
        }

        /**
         * Offers permessage-deflate with the given settings: what to ask of the server
         * ({@code server_no_context_takeover}, {@code server_max_window_bits}) and how to compress
         * ({@link DeflateConfig} says what each costs). A server answer that breaks the offer fails
         * the handshake, saying why.
         *
         * @param config the settings
         * @return this builder
         */
        public Builder deflate(DeflateConfig config) {
            return deflate(new PerMessageDeflate(config));
        }

        /**
         * Offers permessage-deflate through this factory, whose stream counts can be watched.
         *
         * @param factory the factory, or {@code null} to offer no compression
         * @return this builder
         */
        public Builder deflate(PerMessageDeflate factory) {
            this.deflate = factory;
            return this;
        }

        /**
         * Chooses the transport.
         *
         * @param name {@code nio} or {@code loom}
         * @return this builder
         */
        public Builder transport(String name) {
            this.transport = Objects.requireNonNull(name);
            return this;
        }

        /**
         * Sets the event loops (NIO) the client runs on; one is plenty for most clients.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets how long opening a connection may take: name resolution, TCP connect, TLS and the
         * opening handshake, together.
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("the connect timeout must be positive");
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Trusts the certificates in a PEM file (one or more CA certificates) for {@code wss://},
         * instead of the JDK's trust store.
         *
         * @param pem the CA file
         * @return this builder
         */
        public Builder trustPem(Path pem) {
            this.caFile = Objects.requireNonNull(pem);
            return this;
        }

        /**
         * Presents a client certificate: the key managers that hold it.
         *
         * @param keyManagers from a {@link javax.net.ssl.KeyManagerFactory}
         * @return this builder
         */
        public Builder clientCertificate(KeyManager... keyManagers) {
            this.keyManagers = keyManagers.clone();
            return this;
        }

        /**
         * Uses a ready TLS context, overriding {@link #trustPem} and {@link #clientCertificate}.
         *
         * @param context the context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.tls = Objects.requireNonNull(context);
            return this;
        }

        /**
         * Offers subprotocols, in order of preference.
         *
         * @param names the subprotocol names
         * @return this builder
         */
        public Builder subprotocols(String... names) {
            this.subprotocols.addAll(List.of(names));
            return this;
        }

        /**
         * Adds a header to every handshake request, such as {@code Authorization} or {@code Cookie}.
         *
         * @param name  the header name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            this.headers.add(name, value);
            return this;
        }

        /**
         * Sends an {@code Origin} header.
         *
         * @param origin such as {@code https://example.com}
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Sets the largest frame and message accepted from servers.
         *
         * @param maxFrame   bytes per frame
         * @param maxMessage bytes per message
         * @return this builder
         */
        public Builder limits(long maxFrame, long maxMessage) {
            this.decoder = decoder.withMaxFramePayloadLength(maxFrame).withMaxMessageLength(maxMessage);
            return this;
        }

        /**
         * Chooses what a send past the outbound queue's limit does when the server reads too
         * slowly: refuse the send (its future fails with
         * {@link dev.weft.codec.engine.SendRefusedException}; the default), or close with 1008
         * or 1013.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder queueOverflow(dev.weft.codec.engine.QueueOverflow policy) {
            this.queueOverflow = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Pings the server when it has sent nothing for this long (§5.5.2), which keeps NAT and
         * proxy mappings alive and finds a server that is gone.
         *
         * @param interval the interval; {@link Duration#ZERO} for no pings; 20 s if not set
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.keepalive = keepalive.withPingInterval(interval);
            return this;
        }

        /**
         * Gives the server up (the connection closes as 1006) when the pong to a keepalive ping
         * has not come within this time.
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
         * Reaches every server through this HTTP proxy's {@code CONNECT} tunnel, whatever the
         * environment says.
         *
         * @param url such as {@code http://proxy.example:3128} or {@code http://user:secret@proxy:3128}
         *            (Basic authentication)
         * @return this builder
         * @throws IllegalArgumentException if it is not an {@code http://} proxy URL
         */
        public Builder proxy(String url) {
            this.proxy = HttpProxy.parse(url);
            return this;
        }

        /**
         * Connects directly, ignoring {@code https_proxy} and {@code http_proxy}.
         *
         * @return this builder
         */
        public Builder noProxy() {
            this.proxy = null;
            this.proxyFromEnvironment = false;
            return this;
        }

        /**
         * Reads {@code https_proxy}, {@code http_proxy} and {@code no_proxy} from this map instead
         * of the process environment (for tests and embedding); see {@link #proxy(String)}.
         *
         * @param environment the variables
         * @return this builder
         */
        public Builder proxyEnvironment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            this.proxyFromEnvironment = true;
            return this;
        }

        /**
         * Sends this client's metrics somewhere: connections opened and closed (with close code),
         * messages and bytes each way, send-queue stalls. JFR events are emitted regardless.
         *
         * @param listener the listener; {@code null} for none (the default)
         * @return this builder
         */
        public Builder metrics(dev.weft.codec.observe.MetricsListener listener) {
            this.metrics = listener;
            return this;
        }

        /**
         * Reconnects automatically when a connection is lost (not when the application closes it).
         *
         * @param policy   back-off and attempt limit
         * @param listener told of each attempt and of giving up
         * @return this builder
         */
        public Builder reconnect(ReconnectPolicy policy, ReconnectListener listener) {
            this.reconnect = Objects.requireNonNull(policy);
            this.reconnectListener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Builds the client and starts its transport.
         *
         * @return the client
         * @throws IllegalArgumentException if the CA file cannot be read or holds no certificate,
         *                                  or the transport name is unknown
         */
        public WeftClient build() {
            if (tls == null && (caFile != null || keyManagers != null)) {
                tls = context(caFile, keyManagers);
            }
            return new WeftClient(this);
        }

        private static SSLContext context(Path caFile, KeyManager[] keyManagers) {
            try {
                TrustManagerFactory tmf = null;
                if (caFile != null) {
                    Collection<? extends Certificate> cas;
                    try (InputStream in = Files.newInputStream(caFile)) {
                        cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
                    }
                    if (cas.isEmpty()) {
                        throw new IllegalArgumentException("no certificate in CA file '" + caFile + "'");
                    }
                    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                    store.load(null, null);
                    int i = 0;
                    for (Certificate ca : cas) {
                        store.setCertificateEntry("ca-" + i++, ca);
                    }
                    tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(store);
                }
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers, tmf == null ? null : tmf.getTrustManagers(), null);
                return context;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read CA file '" + caFile + "': " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("bad CA file '" + caFile + "': " + e.getMessage(), e);
            }
        }
    }
}
