package dev.weft.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import dev.weft.server.WeftServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code weft server}'s command line: exit codes, one-line errors without stack traces, the
 * listening line and the connection log, run in-process; and SIGTERM in a real process.
 */
@Timeout(60)
class ServerCommandTest {

    @TempDir
    Path dir;
    private ServerCommand running;
    private static final Transport CLIENTS = Transports.provider("nio").open(TransportOptions.defaults());

    /** One run: its exit code, and what it printed so far (a started server goes on logging). */
    record Run(int code, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr, ServerCommand command) {
        String out() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServerCommand command = new ServerCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = ServerCommand.execute(command, args);
        return new Run(code, out, err, command);
    }

    @AfterEach
    void stop() {
        if (running != null && running.server() != null) {
            running.server().close();
        }
    }

    @AfterAll
    static void closeClients() {
        CLIENTS.close();
    }

    @Test
    void helpGoesToStdoutWithExit0() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: weft server"), r.out());
        for (String option : List.of("--port", "--host", "--transport", "--root", "--serve-dotfiles", "--no-server-header",
                "--tls-cert", "--tls-key", "--allowed-origin", "--max-message-size", "--idle-timeout", "--ping-interval",
                "--ping-timeout", "--close-timeout", "--assembly-budget", "--queue-overflow", "refuse-send",
                "close-policy-violation", "close-try-again-later", "--quiet", "--verbose")) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--port x", "--port 70000", "--port -1", "--bogus", "--transport carrier-pigeon", "--root /no/such/dir",
        "--tls-cert only.pem", "--tls-key only.pem", "--allowed-origin not-an-origin", "--max-message-size lots",
        "--max-message-size 0", "--idle-timeout 5x", "--idle-timeout -3s", "--ping-interval 5x", "--ping-timeout -1s",
        "--close-timeout soon", "--assembly-budget lots", "--assembly-budget 0", "--queue-overflow drop",
        "--quiet --verbose", "extra-argument"})
    void badOptionsExit2WithOneLineAndUsage(String args) {
        Run r = run(args.split(" "));
        assertEquals(2, r.code(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("weft server: "), first);
        assertTrue(r.err().contains("Usage: weft server"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace:\n" + r.err());
        assertEquals("", r.out());
    }

    @Test
    void unusableTlsFilesExit2WithOneLine() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "nothing here");
        Run r = run("--port", "0", "--tls-cert", dir.resolve("cert.pem").toString(),
                "--tls-key", dir.resolve("missing.pem").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("weft server: "), r.err());
        assertTrue(r.err().contains("is not a PEM file"), r.err());
    }

    @Test
    void portInUseExits1WithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            Run r = run("--port", Integer.toString(port), "--root", dir.toString());
            assertEquals(1, r.code(), r.err());
            assertEquals("weft server: cannot listen on port " + port + ": the port is in use", r.err().strip());
            assertEquals("", r.out());
        }
    }

    @Test
    void startsPrintsWhereAndLogsConnections() throws Exception {
        Run r = run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString());
        running = r.command();
        assertEquals(0, r.code(), r.err());
        WeftServer server = r.command().server();
        assertNotNull(server);
        String[] lines = r.out().split("\n");
        assertEquals("Starting WS listener on ws://127.0.0.1:" + server.port() + "/websocket (bound to 127.0.0.1:"
                + server.port() + ": this machine only; --host 0.0.0.0 opens it to the network)", lines[0]);
        assertTrue(lines[1].startsWith("Serving " + dir.toRealPath()), lines[1]);

        Client client = Client.connect("ws://127.0.0.1:" + server.port() + "/websocket", "reverse", null);
        client.session.sendTextAndWait("abc");
        assertEquals("cba", client.received.poll(10, TimeUnit.SECONDS));
        client.session.closeAndWait(1000, "bye");
        assertEquals("closed 1000", client.received.poll(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!r.out().contains(" closed ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String log = r.out();
        assertTrue(Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ connected to /websocket \\(reverse\\)$")
                .matcher(log).find(), log);
        assertTrue(Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ closed 1000 \\(NORMAL_CLOSURE\\) \"bye\"$")
                .matcher(log).find(), log);
    }

    @Test
    void quietPrintsOnlyTheListeningLineAndOptionsReachTheServer() throws Exception {
        Run r = run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString(), "--quiet",
                "--max-message-size", "1k", "--allowed-origin", "https://good.example", "--idle-timeout", "30s");
        running = r.command();
        assertEquals(0, r.code(), r.err());
        int port = r.command().server().port();
        String listening = "Starting WS listener on ws://127.0.0.1:" + port + "/websocket (bound to 127.0.0.1:" + port
                + ": this machine only; --host 0.0.0.0 opens it to the network)\n";
        assertEquals(listening, r.out());
        String url = "ws://127.0.0.1:" + port + "/websocket";
        Client client = Client.connect(url, null, "https://good.example");
        client.session.sendText("x".repeat(1025));
        assertEquals("closed 1009", client.received.poll(10, TimeUnit.SECONDS));
        CompletableFuture<WebSocketSession> refused = Client.attempt(url, "https://evil.example");
        Throwable e = refused.handle((s, t) -> t).get(10, TimeUnit.SECONDS);
        assertEquals("server answered 403 Forbidden", e.getMessage());
        assertEquals(listening, r.out(), "quiet: no log lines");
    }

    @Test
    void listensOnLocalhostByDefaultAndSaysWhere() throws Exception {
        Run r = run("--port", "0", "--root", dir.toString(), "--quiet");
        running = r.command();
        assertEquals(0, r.code(), r.err());
        WeftServer server = r.command().server();
        assertTrue(server.localAddress().getAddress().isLoopbackAddress(), server.localAddress().toString());
        String ip = server.localAddress().getAddress().getHostAddress();
        assertEquals("Starting WS listener on ws://localhost:" + server.port() + "/websocket (bound to " + ip + ":"
                + server.port() + ": this machine only; --host 0.0.0.0 opens it to the network)\n", r.out());
    }

    @Test
    void hostEveryInterfaceIsSaidSo() throws Exception {
        Run r = run("--port", "0", "--host", "0.0.0.0", "--root", dir.toString(), "--quiet");
        running = r.command();
        assertEquals(0, r.code(), r.err());
        WeftServer server = r.command().server();
        assertTrue(server.localAddress().getAddress().isAnyLocalAddress(), server.localAddress().toString());
        assertEquals("Starting WS listener on ws://localhost:" + server.port() + "/websocket (bound to 0.0.0.0:"
                + server.port() + ": every interface, open to the network)\n", r.out());
    }

    @Test
    void dotfilesAndServerHeaderOptionsReachTheServer() throws Exception {
        Files.writeString(dir.resolve(".env"), "SECRET=1\n");
        Run plain = run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString(), "--quiet");
        running = plain.command();
        assertEquals(0, plain.code(), plain.err());
        String answer = get(plain.command().server().port(), "/.env");
        assertTrue(answer.startsWith("HTTP/1.1 404 "), answer);
        assertTrue(answer.contains("\r\nServer: Weft\r\n"), answer);
        running.server().close();

        Run open = run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString(), "--quiet", "--serve-dotfiles",
                "--no-server-header");
        running = open.command();
        assertEquals(0, open.code(), open.err());
        answer = get(open.command().server().port(), "/.env");
        assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("SECRET=1\n"), answer);
        assertFalse(answer.contains("\r\nServer:"), answer);
    }

    @Test
    void anUnknownHostExits1WithOneLine() {
        Run r = run("--port", "0", "--host", "no-such-host.invalid", "--root", dir.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("weft server: cannot listen on no-such-host.invalid:0: cannot resolve host 'no-such-host.invalid'",
                r.err().strip());
    }

    /** One HTTP/1.1 GET with Connection: close; the whole answer as text. */
    private static String get(int port, String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void assemblyBudgetAndQueueOverflowReachTheServer() throws Exception {
        Run r = run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString(), "--quiet",
                "--assembly-budget", "3m", "--queue-overflow", "close-try-again-later");
        running = r.command();
        assertEquals(0, r.code(), r.err());
        assertEquals(3L << 20, r.command().server().assemblyBudget().limit());
        assertEquals(dev.weft.codec.engine.QueueOverflow.CLOSE_TRY_AGAIN_LATER, r.command().queueOverflow());
    }

    @Test
    void keepaliveOptionsReachTheServer() throws Exception {
        Run r = run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString(), "--quiet",
                "--ping-interval", "200ms", "--ping-timeout", "300ms");
        running = r.command();
        assertEquals(0, r.code(), r.err());
        try (java.net.Socket peer = new java.net.Socket("127.0.0.1", r.command().server().port())) {
            peer.setSoTimeout(10_000);
            peer.getOutputStream().write(("GET /websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            // A peer that never answers: the server pings it after 200 ms, then drops it 300 ms later.
            byte[] all = peer.getInputStream().readAllBytes();
            String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
            int body = text.indexOf("\r\n\r\n") + 4;
            assertTrue(text.startsWith("HTTP/1.1 101"), text);
            assertTrue(all.length > body && (all[body] & 0xff) == 0x89, "a ping followed the 101");
        }
    }

    /** A WebSocket client whose texts and close land in a queue. */
    static final class Client implements WebSocketHandler {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocketSession session;

        static Client connect(String url, String subprotocol, String origin) throws Exception {
            Client c = new Client();
            ClientHandshake.Builder h = ClientHandshake.builder(URI.create(url));
            if (subprotocol != null) {
                h.subprotocols(List.of(subprotocol));
            }
            if (origin != null) {
                h.origin(origin);
            }
            c.session = CLIENTS.connect(h.build(), ProtocolConfig.defaults(Role.CLIENT), c, null).get(10, TimeUnit.SECONDS);
            return c;
        }

        static CompletableFuture<WebSocketSession> attempt(String url, String origin) {
            return CLIENTS.connect(ClientHandshake.builder(URI.create(url)).origin(origin).build(),
                    ProtocolConfig.defaults(Role.CLIENT), new Client(), null);
        }

        @Override
        public void onText(WebSocketSession s, String text) {
            received.add(text);
        }

        @Override
        public void onClose(WebSocketSession s, int code, String reason) {
            received.add("closed " + code);
        }
    }
}
