package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.ServerBinding;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many connections at once: 1,000 clients, made with the transport's own {@code connect}, each
 * send 10 numbered messages to an echo server; every reply arrives, in order per connection; every
 * connection then closes cleanly (1000 on both sides), and {@code openConnections()} returns to 0.
 * Every handler, client and server, sees its calls one at a time.
 */
@Timeout(60)
public abstract class ConcurrencyKit extends TransportKit {

    /** How many connections run at once. */
    protected static final int CONNECTIONS = 1000;
    /** How many messages each sends. */
    protected static final int MESSAGES = 10;

    /** Creates the kit. */
    protected ConcurrencyKit() {
    }

    @Test
    void aThousandConnectionsEchoInOrderAndCloseCleanly() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bind(router(server));
        URI uri = wsUri(binding, ECHO);

        List<Recorder> clients = new ArrayList<>();
        List<CompletableFuture<WebSocketSession>> connecting = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Recorder r = new Recorder();
            clients.add(r);
            connecting.add(transport().connect(ClientHandshake.of(uri), ProtocolConfig.defaults(Role.CLIENT), r, null));
        }
        List<WebSocketSession> sessions = new ArrayList<>();
        for (CompletableFuture<WebSocketSession> f : connecting) {
            sessions.add(await(f, java.time.Duration.ofSeconds(30)));
        }
        waitUntil("all " + CONNECTIONS + " connections to be counted open", WAIT,
                () -> binding.openConnections() == CONNECTIONS);

        for (int m = 0; m < MESSAGES; m++) {
            for (int c = 0; c < CONNECTIONS; c++) {
                sessions.get(c).sendText("connection " + c + " message " + m);
            }
        }
        for (int c = 0; c < CONNECTIONS; c++) {
            Recorder r = clients.get(c);
            r.next(Recorder.Kind.OPEN);
            for (int m = 0; m < MESSAGES; m++) {
                assertEquals("connection " + c + " message " + m, r.nextText(), "reply " + m + " on connection " + c);
            }
        }

        for (WebSocketSession s : sessions) {
            s.close(1000, "done");
        }
        for (int c = 0; c < CONNECTIONS; c++) {
            clients.get(c).expectClose(1000, null);
            clients.get(c).assertSerial();
        }
        awaitNoConnections(binding);
        assertEquals(CONNECTIONS, server.made().size(), "server handlers made");
        for (Recorder r : server.made()) {
            assertEquals(1000, await(r.closedEvent).code(), "close code seen by the server");
        }
        server.assertAllSerial();
    }
}
