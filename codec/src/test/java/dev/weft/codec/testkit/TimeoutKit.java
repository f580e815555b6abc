package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.Keepalive;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The transport's timers, from {@link TransportOptions}: an idle WebSocket is closed with 1001
 * "idle timeout" (and traffic keeps it alive); a client that sends half a request is dropped at
 * the handshake timeout, not before; a peer that never answers a close frame is dropped at the
 * engine's close timeout; a connection due to close whose last output stops moving (its peer
 * stopped reading) is dropped at the transport's close-wait timeout, while one whose peer reads
 * slowly but steadily gets all of it. Every time, {@code openConnections()} returns to 0.
 *
 * <p>The server runs with short timeouts; clients made with {@code connect} run on a second
 * instance of the transport whose idle timeout is off, so that only the server's timer can fire.
 *
 * <p>Its tests run at once: each mostly waits for a timer, each has its own transports, ports
 * and files, and the timing checks are lower bounds that waiting alongside others cannot break.
 */
@Timeout(30)
@Execution(ExecutionMode.CONCURRENT)
public abstract class TimeoutKit extends TransportKit {

    /** The server's handshake timeout. */
    protected static final Duration HANDSHAKE = Duration.ofMillis(600);
    /** The server's idle timeout. */
    protected static final Duration IDLE = Duration.ofMillis(800);
    /** The server's close timeout. */
    protected static final Duration CLOSE_WAIT = Duration.ofMillis(600);

    /** Creates the kit. */
    protected TimeoutKit() {
    }

    @Override
    protected TransportOptions options() {
        return new TransportOptions(2, HANDSHAKE, IDLE, CLOSE_WAIT, Duration.ofSeconds(5));
    }

    private Transport patientClients() {
        return openTransport(new TransportOptions(1, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
    }

    @Test
    void anIdleWebSocketIsClosedWith1001() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Recorder client = new Recorder();
        WebSocketSession session = connect(patientClients(), wsUri(binding, ECHO), client, null);

        // Traffic for twice the idle period keeps the connection open.
        long busyUntil = System.nanoTime() + IDLE.multipliedBy(2).toNanos();
        int n = 0;
        long lastSent = 0;
        while (System.nanoTime() < busyUntil) {
            lastSent = System.nanoTime();
            session.sendText("keep-alive " + n);
            assertEquals("keep-alive " + n, client.nextText());
            n++;
            Thread.sleep(IDLE.toMillis() / 4);
        }
        assertTrue(session.isOpen(), "a connection with traffic was closed as idle");
        assertFalse(client.isClosed(), "a connection with traffic was closed as idle");

        // The server's last traffic came after the last send: its idle period began later.
        long quietSince = lastSent;
        client.expectClose(1001, "idle timeout");
        long waited = (System.nanoTime() - quietSince) / 1_000_000;
        assertTrue(waited >= IDLE.toMillis() / 2, "closed as idle after only " + waited + " ms");
        server.only().expectCloseAfterOpen(1001);
        awaitNoConnections(binding);
    }

    /**
     * Idle means no byte either way, as in Jetty's and Netty's idle timeouts and uWS's: keepalive
     * pings and their pongs are traffic. With keepalive on, a peer that answers is kept however
     * quiet its application is, and one that does not is given up by the ping timeout (1006), not
     * by the idle timeout; the idle timeout is for connections without pings.
     */
    @Test
    void keepalivePingsAndPongsAreTrafficToTheIdleTimeout() throws Exception {
        Keepalive fast = new Keepalive(IDLE.dividedBy(4), IDLE, Duration.ofSeconds(1));
        ServerBinding binding = bind(router(new Handlers(true), ProtocolConfig.defaults(Role.SERVER).withKeepalive(fast),
                java.util.Map.of()));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        long until = System.nanoTime() + IDLE.multipliedBy(5).dividedBy(2).toNanos();
        int pings = 0;
        while (System.nanoTime() < until) {
            RawClient.Message m = raw.readMessage(WAIT);
            assertEquals(Opcode.PING, m.opcode(), "a peer that answers every ping was sent " + m.opcode()
                    + (m.opcode() == Opcode.CLOSE ? " " + m.closeCode() + " " + m.closeReason() : ""));
            raw.sendFrame(Opcode.PONG, true, m.data());
            pings++;
        }
        assertTrue(pings >= 4, "only " + pings + " keepalive pings in " + IDLE.multipliedBy(5).dividedBy(2));
        assertEquals(1, binding.openConnections(), "a peer that answered its pings was dropped");
        raw.sendClose(1000, "done");
        assertEquals(Opcode.CLOSE, raw.readMessage().opcode());
        awaitNoConnections(binding);
    }

    @Test
    void halfARequestIsDroppedAtTheHandshakeTimeout() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        long start = System.nanoTime(); // before the connection, so before the server's timer starts
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.writeRaw("GET " + ECHO + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
        waitUntil("the half-open connection to be counted", WAIT, () -> binding.openConnections() == 1);
        assertTrue(raw.awaitEof(WAIT), "the server kept a half request open past its handshake timeout");
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= HANDSHAKE.toMillis() / 2, "dropped after only " + waited + " ms, before the handshake timeout");
        awaitNoConnections(binding);
    }

    @Test
    void aSilentConnectionIsDroppedAtTheHandshakeTimeout() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        assertTrue(raw.awaitEof(WAIT), "the server kept a connection that sent nothing");
        awaitNoConnections(binding);
    }

    @Test
    void aPeerThatNeverAnswersACloseIsDroppedAtTheCloseWaitTimeout() throws Exception {
        Handlers server = new Handlers(true);
        // The close timeout is the engine's, per connection (Keepalive), no longer the transport's.
        ServerBinding binding = bind(router(server, ProtocolConfig.defaults(Role.SERVER)
                .withKeepalive(Keepalive.defaults().withCloseTimeout(CLOSE_WAIT)), java.util.Map.of()));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        long start = System.nanoTime(); // before the request that makes the server close
        raw.sendText("close 4002 bye");
        RawClient.Message close = raw.readMessage();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(4002, close.closeCode());
        assertEquals("bye", close.closeReason());
        // No answer: the server must give up on the closing handshake.
        assertTrue(raw.awaitEof(WAIT), "the server waited forever for a close frame");
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= CLOSE_WAIT.toMillis() / 2, "dropped after only " + waited + " ms, before the close-wait timeout");
        server.only().expectCloseAfterOpen(1006);
        awaitNoConnections(binding);
    }
    /** A file large enough that a peer which reads nothing leaves most of it unsent. */
    private static final int LARGE = 8 * 1024 * 1024;

    private java.nio.file.Path largeFile() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("weft-close-wait", ".bin");
        closeLater(() -> java.nio.file.Files.deleteIfExists(file));
        java.nio.file.Files.write(file, new byte[LARGE]);
        return file;
    }

    private static RawClient smallWindow(ServerBinding binding) throws java.io.IOException {
        return RawClient.connect(binding.localAddress(), s -> {
            s.setReceiveBufferSize(64 * 1024);
        });
    }

    @Test
    void aResponseThatEndsTheConnectionIsDroppedWhenItsPeerStopsReading() throws Exception {
        var opened = new java.util.concurrent.atomic.AtomicReference<java.nio.channels.FileChannel>();
        java.nio.file.Path file = largeFile();
        ServerBinding binding = bind(router(new Handlers(true), ProtocolConfig.defaults(Role.SERVER),
                java.util.Map.of("/large", request -> fileRoute(file, opened))));
        RawClient raw = closeLater(smallWindow(binding));
        raw.writeRaw("GET /large HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        // Read nothing: the response stays stuck in the socket, and the server must let it go.
        waitUntil("the server to serve the file", WAIT, () -> opened.get() != null);
        waitUntil("the server to drop a response its peer stopped reading", WAIT, () -> !opened.get().isOpen());
        awaitNoConnections(binding);
    }

    /**
     * A peer that reads a long response slowly but steadily gets all of it, whether the response
     * ends the connection (the close-wait timeout bounds a stall, not how long the last response
     * takes) or the connection is kept alive (the handshake timeout, which bounds a slow request,
     * counts from the last response's progress, not from the connection's start).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "Connection: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"close", "keep-alive"})
    void aPeerThatReadsSlowlyButSteadilyGetsTheWholeResponse(String connection) throws Exception {
        var opened = new java.util.concurrent.atomic.AtomicReference<java.nio.channels.FileChannel>();
        java.nio.file.Path file = largeFile();
        // Timeouts of its own, longer than the kit's, so that a loaded machine's pauses do not
        // pass for a stall; the slow reading outlasts them.
        Duration timeout = Duration.ofMillis(2_000);
        Duration slowFor = timeout.plusMillis(500);
        Transport server = openTransport(new TransportOptions(2, timeout, Duration.ZERO, timeout, Duration.ofSeconds(5)));
        ServerBinding binding = bind(server, router(new Handlers(true), ProtocolConfig.defaults(Role.SERVER),
                java.util.Map.of("/large", request -> fileRoute(file, opened))), null);
        RawClient raw = closeLater(smallWindow(binding));
        raw.writeRaw("GET /large HTTP/1.1\r\nHost: test\r\nConnection: " + connection + "\r\n\r\n");
        // Pauses far shorter than the timeouts, adding up to more than them.
        java.io.InputStream in = raw.socket().getInputStream();
        raw.socket().setSoTimeout((int) WAIT.toMillis());
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        long start = System.nanoTime();
        try {
            for (int n; total <= LARGE && (n = in.read(chunk)) >= 0; ) {
                total += n;
                if (System.nanoTime() - start < slowFor.toNanos()) {
                    Thread.sleep(20);
                }
            }
        } catch (java.io.IOException e) {
            // reset: the assertion says how far it got
        }
        // The head, then the whole file: more than the file's length.
        assertTrue(total > LARGE, "the response was cut after " + total + " bytes of " + LARGE + "-byte file");
        raw.close();
        awaitNoConnections(binding);
    }
}
