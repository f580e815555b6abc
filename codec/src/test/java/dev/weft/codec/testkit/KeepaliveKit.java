package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.Keepalive;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.CloseCode;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.AcceptKey;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.ServerBinding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Keepalive and dead-peer detection (RFC 6455 §5.5.2, §5.5.3) through a transport: the engine
 * decides, the transport only wakes it at its deadlines. A peer that stops answering at the TCP
 * level (it neither reads nor pongs, as a vanished host or a frozen process looks) is given up
 * within the ping interval plus the ping timeout, with 1006, and its connection is released; one
 * that answers is kept however long it stays silent; a connection that only pushes to a peer that
 * never reads is ended too. Server and client alike.
 *
 * <p>Runs with a 200 ms interval and a 200 ms timeout, so each case takes well under a second
 * when the transport works. Its tests run at once, as {@link TimeoutKit}'s do: each waits on
 * timers with transports of its own.
 */
@Timeout(30)
@Execution(ExecutionMode.CONCURRENT)
public abstract class KeepaliveKit extends TransportKit {

    /** The ping interval every test here runs with. */
    protected static final Duration INTERVAL = Duration.ofMillis(200);
    /** The ping timeout every test here runs with. */
    protected static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Keepalive FAST = new Keepalive(INTERVAL, TIMEOUT, Duration.ofSeconds(1));

    /** Creates the kit. */
    protected KeepaliveKit() {
    }

    private ServerBinding fastServer(Handlers handlers) throws IOException {
        return bind(router(handlers, ProtocolConfig.defaults(Role.SERVER).withKeepalive(FAST), Map.of()));
    }

    private static void assertGivenUp(Recorder.Event closed) {
        assertEquals(CloseCode.ABNORMAL_CLOSURE, closed.code(), "a peer that does not answer is closed as 1006: " + closed.text());
        assertTrue(closed.text().contains("no pong"), "the reason names the keepalive: " + closed.text());
    }

    @Test
    void aPeerThatStopsAnsweringIsGivenUp() throws Exception {
        Handlers handlers = new Handlers(true);
        ServerBinding binding = fastServer(handlers);
        RawClient peer = closeLater(RawClient.connect(binding.localAddress()));
        // Before the upgrade: the server's silence is counted from the request it reads after
        // this, however late this thread gets to run once the upgrade is answered.
        long start = System.nanoTime();
        peer.upgrade(ECHO);
        // From now on the peer neither reads nor writes: the server's ping waits in its socket.
        Recorder.Event closed = await(handlers.only().closedEvent);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertGivenUp(closed);
        assertTrue(took >= INTERVAL.plus(TIMEOUT).toMillis() - 50, "gave the peer up after only " + took + " ms");
        assertTrue(peer.awaitEof(WAIT), "the server did not drop TCP");
        awaitNoConnections(binding);
    }

    @Test
    void aPeerThatAnswersIsKeptThroughLongSilences() throws Exception {
        Handlers handlers = new Handlers(true);
        // A patient ping timeout, so that a pong delayed by a loaded machine is not taken for a
        // dead peer; the silence below is three times as long, so a peer that did not answer
        // would still be given up before it ends.
        Duration patience = Duration.ofSeconds(1);
        ServerBinding binding = bind(router(handlers, ProtocolConfig.defaults(Role.SERVER)
                .withKeepalive(new Keepalive(INTERVAL, patience, Duration.ofSeconds(1))), Map.of()));
        Recorder client = new Recorder();
        WebSocketSession session = connect(wsUri(binding, ECHO), client);
        // Silence from the application; the client's engine answers each ping.
        Thread.sleep(patience.plus(INTERVAL).multipliedBy(3).toMillis());
        assertTrue(session.isOpen(), "a peer answering pings was given up");
        session.sendText("still here");
        assertEquals("still here", client.nextText());
        assertTrue(client.drain().stream().noneMatch(e -> e.kind() == Recorder.Kind.CLOSE));
        assertTrue(handlers.only().drain().stream().anyMatch(e -> e.kind() == Recorder.Kind.PONG),
                "the server saw no pong: it never pinged");
    }

    @Test
    void aPushOnlyConnectionToAPeerThatNeverReadsIsEnded() throws Exception {
        Handlers handlers = new Handlers(false);
        ServerBinding binding = fastServer(handlers);
        // A small receive buffer, so the server's pushes fill the path quickly.
        RawClient peer = closeLater(RawClient.connect(binding.localAddress(), s -> {
            s.setReceiveBufferSize(4096);
        }));
        peer.upgrade(ECHO);
        WebSocketSession session = await(handlers.only().opened);
        Thread pusher = Thread.ofVirtual().start(() -> {
            ByteBuffer chunk = ByteBuffer.wrap(new byte[16 * 1024]);
            while (session.isOpen()) {
                if (session.isWritable()) {
                    session.sendBinary(chunk.duplicate());
                } else {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        try {
            assertGivenUp(await(handlers.only().closedEvent));
            awaitNoConnections(binding);
        } finally {
            pusher.interrupt();
        }
    }

    @Test
    void aClientGivesUpAServerThatStopsAnswering() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    Socket s = silent.accept();
                    answerUpgradeThenFreeze(s);
                    accepted.complete(s);
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
            Recorder client = new Recorder();
            URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/");
            await(transport().connect(ClientHandshake.of(uri), ProtocolConfig.defaults(Role.CLIENT).withKeepalive(FAST), client, null));
            try (Socket server = await(accepted)) {
                assertGivenUp(await(client.closedEvent));
                assertEquals(-1, readUntilEof(server.getInputStream()), "the client did not drop TCP");
            }
        }
    }

    @Test
    void zeroTurnsPingsOff() throws Exception {
        Handlers handlers = new Handlers(true);
        ServerBinding binding = bind(router(handlers, ProtocolConfig.defaults(Role.SERVER)
                .withKeepalive(FAST.withPingInterval(Duration.ZERO)), Map.of()));
        RawClient peer = closeLater(RawClient.connect(binding.localAddress()));
        peer.upgrade(ECHO);
        Thread.sleep(INTERVAL.plus(TIMEOUT).multipliedBy(2).toMillis());
        peer.sendText("still open?");
        assertEquals("still open?", peer.readMessage().text(), "a silent peer was pinged or dropped with pings off");
    }

    /** Reads the upgrade request, answers 101, and from then on neither reads nor writes. */
    private static void answerUpgradeThenFreeze(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client left during its request");
            }
            head.write(b);
        }
        Matcher key = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)").matcher(head.toString(StandardCharsets.ISO_8859_1));
        if (!key.find()) {
            throw new IOException("no key in " + head);
        }
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of(key.group(1)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Skips what arrives (the client's pings) until the stream ends; returns -1 then. */
    private static int readUntilEof(InputStream in) throws IOException {
        byte[] skip = new byte[1024];
        int n;
        while ((n = in.read(skip)) >= 0) {
            // a ping or two
        }
        return n;
    }
}
