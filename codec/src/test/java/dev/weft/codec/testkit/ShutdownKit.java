package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Opcode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ending a server and a transport: {@code shutdown(grace)} stops accepting, gives every open
 * WebSocket close code 1001 "server shutting down", completes as soon as the clients have
 * answered (well before the grace when they do), and force-closes a client that never answers
 * once the grace is over; {@code Transport.close()} ends every connection, and afterwards no
 * platform thread named {@code weft-<name>-} is alive.
 */
@Timeout(30)
public abstract class ShutdownKit extends TransportKit {

    /** Creates the kit. */
    protected ShutdownKit() {
    }

    @Test
    void shutdownGivesEveryClient1001() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        Transport clients = openTransport(options());
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            WebSocketSession s = connect(clients, wsUri(binding, ECHO), r, null);
            s.sendText("hello " + i);
            assertEquals("hello " + i, r.nextText());
        }
        Duration grace = Duration.ofSeconds(5);
        long start = System.nanoTime();
        await(binding.shutdown(grace));
        long took = (System.nanoTime() - start) / 1_000_000;
        for (Recorder r : recorders) {
            r.expectClose(1001, "server shutting down");
        }
        assertEquals(0, binding.openConnections(), "openConnections() when shutdown completed");
        assertTrue(took < grace.toMillis(), "shutdown took the whole grace (" + took + " ms) though every client answered");
        for (Recorder r : server.made()) {
            assertEquals(1001, await(r.closedEvent).code(), "close code seen by the server's handler");
        }
        Throwable refused = failureOf(clients.connect(ClientHandshake.of(wsUri(binding, ECHO)), ProtocolConfig.defaults(Role.CLIENT),
                new Recorder(), null));
        assertTrue(String.valueOf(refused.getMessage()).startsWith("connection refused: "),
                "connecting after shutdown: " + refused);
    }

    @Test
    void aClientThatNeverAnswersIsForceClosedAfterTheGrace() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.upgrade(ECHO);
        Duration grace = Duration.ofMillis(500);
        long start = System.nanoTime();
        CompletableFuture<Void> done = binding.shutdown(grace);
        RawClient.Message close = raw.readMessage();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(1001, close.closeCode());
        assertEquals("server shutting down", close.closeReason());
        await(done);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took >= grace.toMillis() / 2, "a client that never answered was dropped after only " + took + " ms");
        assertTrue(raw.awaitEof(WAIT), "the client was not disconnected");
        assertEquals(0, binding.openConnections());
    }

    @Test
    void closingTheTransportEndsEveryThread() throws Exception {
        Transport server = openTransport(options());
        Transport clients = openTransport(options());
        Handlers handlers = new Handlers(true);
        ServerBinding binding = bind(server, router(handlers), null);
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            connect(clients, wsUri(binding, ECHO), r, null).sendText("hi");
            assertEquals("hi", r.nextText());
        }
        RawClient raw = closeLater(RawClient.connect(binding.localAddress()));
        raw.writeRaw("GET " + HELLO + " HTTP/1.1\r\n");

        clients.close();
        for (Recorder r : recorders) {
            await(r.closedEvent);
        }
        server.close();
        assertTrue(raw.awaitEof(WAIT), "a connection survived the transport's close");
        waitUntil("every weft-" + transportName() + "- thread to end; alive: " + liveTransportThreads(), Duration.ofSeconds(5),
                () -> liveTransportThreads().isEmpty());
    }
}
