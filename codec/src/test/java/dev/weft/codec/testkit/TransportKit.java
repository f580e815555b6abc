package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.codec.api.RequestRouter;
import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;

/**
 * What every kit shares: the transport under test, found by name through
 * {@link Transports#provider(String)}, servers bound on the loopback address, clients made with the
 * transport's own {@code connect}, and everything closed after each test.
 *
 * <p>A transport module runs a kit by extending it with a class ending in {@code Test} whose only
 * member is {@link #transportName()}. Nothing here knows any transport: the kit passes or fails on
 * the SPI and the shared conventions alone.
 */
public abstract class TransportKit {

    /** How long any single expected thing may take before the test fails instead of hanging. */
    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** The path every kit server upgrades. */
    protected static final String ECHO = "/echo";
    /** A plain HTTP route every kit server answers with {@link #HELLO_BODY}. */
    protected static final String HELLO = "/hello";
    /** The body of {@link #HELLO}. */
    protected static final String HELLO_BODY = "hello, weft\n";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Transport transport;

    /** Creates the kit. */
    protected TransportKit() {
    }

    /**
     * Returns the name of the transport under test, as its provider registers it.
     *
     * @return such as {@code nio} or {@code loom}
     */
    protected abstract String transportName();

    /**
     * Returns the options the kit's main transport is opened with; kits that test timers shorten them.
     *
     * @return the options
     */
    protected TransportOptions options() {
        return new TransportOptions(2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    /** Returns the transport under test, opened on first use with {@link #options()}. */
    protected final Transport transport() {
        if (transport == null) {
            transport = openTransport(options());
        }
        return transport;
    }

    /** Opens another instance of the transport under test; it is closed after the test. */
    protected final Transport openTransport(TransportOptions options) {
        return closeLater(Transports.provider(transportName()).open(options));
    }

    /** Registers something to close after the test, in reverse order of registration. */
    protected final <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    @AfterEach
    final void closeEverything() throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        resources.clear();
        transport = null;
        if (first != null) {
            throw first;
        }
    }

    // ---------------------------------------------------------------- servers

    /** Binds {@code router} on the loopback address, any port, plain TCP. */
    protected final ServerBinding bind(RequestRouter router) throws IOException {
        return bind(transport(), router, null);
    }

    /** Binds {@code router} on the loopback address, any port, on a given transport. */
    protected final ServerBinding bind(Transport on, RequestRouter router, SSLContext tls) throws IOException {
        return closeLater(on.bind(new InetSocketAddress("127.0.0.1", 0), router, HttpLimits.defaults(), tls));
    }

    /** A server handshake with no subprotocol, any origin and no extension. */
    protected static ServerHandshake plainHandshake() {
        return new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
    }

    /**
     * Returns the kit's standard router: {@link #ECHO} upgrades with a fresh handler from
     * {@code handlers} per connection, {@link #HELLO} answers 200 with {@link #HELLO_BODY},
     * {@code extra} may claim more paths, and anything else is a 404.
     */
    protected static RequestRouter router(Supplier<? extends WebSocketHandler> handlers, ProtocolConfig config,
                                          Map<String, Function<dev.weft.codec.http.HttpRequest, Route>> extra) {
        return request -> {
            if (request.path().equals(ECHO)) {
                return new Route.Upgrade(plainHandshake(), handlers.get(), config);
            }
            if (request.path().equals(HELLO)) {
                return new Route.Respond(HttpResponse.text(200, "text/plain; charset=utf-8", HELLO_BODY));
            }
            Function<dev.weft.codec.http.HttpRequest, Route> route = extra.get(request.path());
            if (route != null) {
                return route.apply(request);
            }
            return new Route.Respond(HttpResponse.text(404, "text/plain; charset=utf-8", "no such path\n"));
        };
    }

    /** The standard router with server defaults and no extra path. */
    protected static RequestRouter router(Supplier<? extends WebSocketHandler> handlers) {
        return router(handlers, ProtocolConfig.defaults(Role.SERVER), Map.of());
    }

    /** A recorder that keeps track of every handler a server made, for later assertions. */
    protected static final class Handlers implements Supplier<Recorder> {
        private final Set<Recorder> made = ConcurrentHashMap.newKeySet();
        private final boolean echo;

        /** @param echo whether the handlers echo what they receive */
        public Handlers(boolean echo) {
            this.echo = echo;
        }

        @Override
        public Recorder get() {
            Recorder r = new Recorder(echo);
            made.add(r);
            return r;
        }

        /** Every handler made so far. */
        public Set<Recorder> made() {
            return made;
        }

        /** Waits for the only handler a single connection made. */
        public Recorder only() {
            waitUntil("the server to upgrade a connection", WAIT, () -> !made.isEmpty());
            if (made.size() != 1) {
                fail("expected one upgraded connection, the server made " + made.size());
            }
            return made.iterator().next();
        }

        /** Fails if any handler saw overlapping calls or calls after onClose. */
        public void assertAllSerial() {
            for (Recorder r : made) {
                r.assertSerial();
            }
        }
    }

    /** A route that serves {@code file} whole, remembering the channel it opened. */
    protected static Route fileRoute(java.nio.file.Path file, java.util.concurrent.atomic.AtomicReference<java.nio.channels.FileChannel> opened) {
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
            opened.set(channel);
            long size = channel.size();
            dev.weft.codec.http.HttpHeaders headers = dev.weft.codec.http.HttpHeaders.builder().add("Content-Type", "application/octet-stream")
                    .add("Content-Length", Long.toString(size)).build();
            return new Route.RespondFile(HttpResponse.of(200, headers, null), new dev.weft.codec.engine.FileRegion(channel, 0, size));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- clients

    /** A {@code ws://127.0.0.1:port/path} URI for a binding. */
    protected static URI wsUri(ServerBinding binding, String path) {
        return URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + path);
    }

    /** Connects with the transport under test and waits for the session. */
    protected final WebSocketSession connect(URI uri, WebSocketHandler handler) {
        return connect(transport(), uri, handler, null);
    }

    /** Connects with a given transport and TLS context, and waits for the session. */
    protected static WebSocketSession connect(Transport on, URI uri, WebSocketHandler handler, SSLContext tls) {
        WebSocketSession session = await(on.connect(ClientHandshake.of(uri), ProtocolConfig.defaults(Role.CLIENT), handler, tls));
        assertNotNull(session, "connect completed with no session");
        return session;
    }

    // ---------------------------------------------------------------- waiting

    /** Waits for a future and returns its value; a failure or a hang fails the test. */
    protected static <T> T await(CompletableFuture<T> future) {
        return await(future, WAIT);
    }

    /** Waits for a future up to {@code limit} and returns its value. */
    protected static <T> T await(CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("nothing happened within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for a future to fail and returns the cause of its failure. */
    protected static Throwable failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, but it completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("neither success nor failure within " + WAIT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code condition} every 10 ms until it holds; fails naming {@code what} after {@code limit}. */
    protected static void waitUntil(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits until a binding has no open connection. */
    protected static void awaitNoConnections(ServerBinding binding) {
        waitUntil("openConnections() to return to 0 (it is " + binding.openConnections() + ")", WAIT,
                () -> binding.openConnections() == 0);
    }

    // ---------------------------------------------------------------- threads

    /** The prefix every platform thread of the transport under test carries: {@code weft-<name>-}. */
    protected final String threadPrefix() {
        return "weft-" + transportName() + "-";
    }

    /** The names of the live platform threads whose name starts with {@link #threadPrefix()}. */
    protected final Set<String> liveTransportThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(threadPrefix())) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
