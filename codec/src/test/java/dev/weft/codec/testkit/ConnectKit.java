package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.HandshakeException;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a failed connect or bind tells the user: {@code connection refused: host:port},
 * {@code cannot resolve host 'x'}, {@code connect to host:port timed out after N ms}, a refused
 * WebSocket handshake as a {@link HandshakeException} with the server's status, and
 * {@code address in use: host:port} from {@code bind}. The handler of a failed connect is never
 * called.
 */
@Timeout(30)
public abstract class ConnectKit extends TransportKit {

    /** Creates the kit. */
    protected ConnectKit() {
    }

    private Throwable connectFailure(Transport on, URI uri, Recorder handler) {
        Throwable failure = failureOf(on.connect(ClientHandshake.of(uri), ProtocolConfig.defaults(Role.CLIENT), handler, null));
        assertTrue(!handler.hasPending(), "the handler of a failed connect was called: " + handler.drain());
        return failure;
    }

    @Test
    void aRefusedConnectionSaysSo() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Throwable failure = connectFailure(transport(), URI.create("ws://127.0.0.1:" + port + "/"), new Recorder());
        assertEquals("connection refused: 127.0.0.1:" + port, failure.getMessage());
    }

    @Test
    void anUnknownHostSaysSo() {
        Throwable failure = connectFailure(transport(), URI.create("ws://no-such-host.invalid:80/"), new Recorder());
        assertEquals("cannot resolve host 'no-such-host.invalid'", failure.getMessage());
    }

    @Test
    void aConnectThatHangsTimesOut() throws Exception {
        // A listener with a full accept queue that never accepts: further SYNs go unanswered.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", full.getLocalPort());
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(address, 200);
                    } catch (java.net.SocketTimeoutException e) {
                        break; // the queue is full
                    }
                }
                Transport quick = openTransport(new TransportOptions(1, Duration.ofSeconds(5), Duration.ZERO,
                        Duration.ofSeconds(2), Duration.ofMillis(500)));
                long start = System.nanoTime();
                Throwable failure = connectFailure(quick, URI.create("ws://127.0.0.1:" + full.getLocalPort() + "/"), new Recorder());
                long took = (System.nanoTime() - start) / 1_000_000;
                assertEquals("connect to 127.0.0.1:" + full.getLocalPort() + " timed out after 500 ms", failure.getMessage());
                assertTrue(took >= 400 && took < 5000, "timed out after " + took + " ms, asked for 500");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aRefusedHandshakeIsAHandshakeException() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        Throwable failure = connectFailure(transport(), wsUri(binding, "/nowhere"), new Recorder());
        HandshakeException refused = assertInstanceOf(HandshakeException.class, failure);
        assertEquals(404, refused.status());
        assertEquals("server answered 404 Not Found", refused.getMessage());
        awaitNoConnections(binding);
    }

    @Test
    void bindingABusyPortSaysSo() throws Exception {
        ServerBinding first = bind(router(new Handlers(true)));
        int port = first.localAddress().getPort();
        BindException e = assertThrows(BindException.class, () -> closeLater(transport().bind(
                new InetSocketAddress("127.0.0.1", port), router(new Handlers(true)), HttpLimits.defaults(), null)));
        assertEquals("address in use: 127.0.0.1:" + port, e.getMessage());
    }
}
