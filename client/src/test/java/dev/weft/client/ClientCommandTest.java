package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.spi.Transports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ./weft client} end to end: replies on stdout, one-line failures with exit 1, usage with exit 2. */
@Timeout(60)
class ClientCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClientCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<String> transports() {
        return Transports.available().stream();
    }

    @ParameterizedTest(name = "server {0}")
    @MethodSource("transports")
    void printsTheEchoAndExitsZero(String transport) throws Exception {
        try (EchoFixture server = new EchoFixture(transport, null)) {
            for (String client : Transports.available()) {
                Run r = run("-url", "ws://127.0.0.1:" + server.port() + "/websocket", "--transport", client);
                assertEquals(new Run(0, "GOT ECHO REPLY: [hello]\n", ""), r, "client on " + client);
            }
            Run many = run("-url", "ws://127.0.0.1:" + server.port() + "/websocket", "one", "two words", "ünïcødé 😀");
            assertEquals("GOT ECHO REPLY: [one]\nGOT ECHO REPLY: [two words]\nGOT ECHO REPLY: [ünïcødé 😀]\n", many.out());
            String large = "x".repeat(200_000);
            assertEquals("GOT ECHO REPLY: [" + large + "]\n", run("-url", "ws://127.0.0.1:" + server.port() + "/websocket", large).out());
        }
    }

    @Test
    void subprotocolReverseGetsTheReversedReply() throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null)) {
            Run r = run("-url", "ws://127.0.0.1:" + server.port() + "/websocket", "-subprotocol", "reverse", "Hello, world!");
            assertEquals(new Run(0, "GOT MESSAGE (reverse): [!dlrow ,olleH]\n", ""), r, "a reversed line is no echo");
            // A palindrome comes back unchanged, yet on reverse it is still not an echo.
            assertEquals("GOT MESSAGE (reverse): [abba]\n",
                    run("-url", "ws://127.0.0.1:" + server.port() + "/websocket", "-subprotocol", "reverse", "abba").out());
        }
    }

    @Test
    void optionsTakeOneDashAndTwoDashesAlike(@TempDir Path dir) throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null)) {
            String url = "ws://127.0.0.1:" + server.port() + "/websocket";
            Run single = run("-url", url, "-subprotocol", "reverse", "abc");
            Run dashes = run("--url", url, "--subprotocol", "reverse", "abc");
            Run equals = run("--url=" + url, "--subprotocol=reverse", "abc");
            assertEquals(new Run(0, "GOT MESSAGE (reverse): [cba]\n", ""), single);
            assertEquals(single, dashes);
            assertEquals(single, equals);
        }
        TestCertificate cert = new TestCertificate(dir);
        try (EchoFixture server = new EchoFixture("nio", cert.serverContext)) {
            String url = "wss://localhost:" + server.port() + "/websocket";
            assertEquals(new Run(0, "GOT ECHO REPLY: [hi]\n", ""), run("--url", url, "--ca", cert.caPem.toString(), "hi"));
            assertEquals(new Run(0, "GOT ECHO REPLY: [hi]\n", ""), run("-url", url, "-ca", cert.caPem.toString(), "hi"));
        }
    }

    @Test
    void helpListsBothFormsAndExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: weft client"), r.out());
        for (String option : List.of("-url, --url", "-ca, --ca", "-subprotocol, --subprotocol", "--transport", "--timeout")) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertEquals(r, run("-h"));
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Run r = run("-url", "ws://127.0.0.1:" + port + "/websocket");
        assertEquals(new Run(1, "", "weft client: connection refused: 127.0.0.1:" + port + "\n"), r);
    }

    @Test
    void nameNotResolved() {
        Run r = run("-url", "ws://no-such-host.invalid/websocket");
        assertEquals(new Run(1, "", "weft client: cannot resolve host 'no-such-host.invalid'\n"), r);
    }

    @Test
    void handshakeRefusedSaysTheStatus() throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null)) {
            Run r = run("-url", "ws://127.0.0.1:" + server.port() + "/nowhere");
            assertEquals(new Run(1, "", "weft client: server answered 404 Not Found\n"), r);
        }
    }

    @Test
    void serverClosingIsReportedWithItsCode() throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null)) {
            Run r = run("-url", "ws://127.0.0.1:" + server.port() + "/close");
            assertEquals(1, r.code());
            assertEquals("weft client: server closed the connection with 4000 (go away)\n", r.err());
        }
    }

    @Test
    void wssIsTrustedThroughCaAndRefusedWithout(@TempDir Path dir) throws Exception {
        TestCertificate cert = new TestCertificate(dir);
        try (EchoFixture server = new EchoFixture("nio", cert.serverContext)) {
            String url = "wss://localhost:" + server.port() + "/websocket";
            assertEquals(new Run(0, "GOT ECHO REPLY: [hello]\n", ""), run("-url", url, "-ca", cert.caPem.toString()));
            Run refused = run("-url", url);
            assertEquals(1, refused.code());
            assertEquals("weft client: TLS handshake failed: the server's certificate is not trusted (pass its CA with -ca)\n", refused.err());
        }
        TestCertificate localhostOnly = new TestCertificate(dir, "dns:localhost");
        try (EchoFixture server = new EchoFixture("nio", localhostOnly.serverContext)) {
            Run wrongName = run("-url", "wss://127.0.0.1:" + server.port() + "/websocket", "-ca", localhostOnly.caPem.toString());
            assertEquals(1, wrongName.code());
            assertTrue(wrongName.err().startsWith("weft client: TLS handshake failed: the server's certificate is not for this host"), wrongName.err());
        }
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void certificatesOutOfTheirDatesAreReportedAsSuch(String transport, @TempDir Path dir) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        ChainCertificates expired = new ChainCertificates(dir, now.minusSeconds(10 * 86_400), now.minusSeconds(86_400));
        try (EchoFixture server = new EchoFixture("nio", expired.serverContext)) {
            Run r = run("-url", "wss://localhost:" + server.port() + "/websocket", "-ca", expired.caPem.toString(), "--transport", transport);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().startsWith("weft client: TLS handshake failed: the server's certificate has expired ("), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        ChainCertificates early = new ChainCertificates(dir, now.plusSeconds(86_400), now.plusSeconds(10 * 86_400));
        try (EchoFixture server = new EchoFixture("nio", early.serverContext)) {
            Run r = run("-url", "wss://localhost:" + server.port() + "/websocket", "-ca", early.caPem.toString(), "--transport", transport);
            assertTrue(r.err().startsWith("weft client: TLS handshake failed: the server's certificate is not valid yet ("), r.err());
        }
        ChainCertificates valid = new ChainCertificates(dir, now.minusSeconds(86_400), now.plusSeconds(86_400));
        try (EchoFixture server = new EchoFixture("nio", valid.serverContext)) {
            Run ok = run("-url", "wss://localhost:" + server.port() + "/websocket", "-ca", valid.caPem.toString(), "--transport", transport);
            assertEquals(new Run(0, "GOT ECHO REPLY: [hello]\n", ""), ok, "the same chain within its dates is accepted");
            Run untrusted = run("-url", "wss://localhost:" + server.port() + "/websocket", "--transport", transport);
            assertEquals("weft client: TLS handshake failed: the server's certificate is not trusted (pass its CA with -ca)\n", untrusted.err());
        }
    }

    @Test
    void badArgumentsGiveUsageAndExitTwo(@TempDir Path dir) {
        for (List<String> args : List.of(List.of("-bogus"), List.of("-url", "http://example.com/"), List.of("-url", "ws://"),
                List.of("-url"), List.of("--timeout", "0"), List.of("--transport", "carrier-pigeon"),
                List.of("-url", "ws://127.0.0.1:99999/"), List.of("-url", "ws://127.0.0.1:99999/", "--transport", "loom"),
                List.of("--ping-interval", "soon"), List.of("--ping-timeout", "-1s"), List.of("--close-timeout", "5x"),
                List.of("-ca", dir.resolve("missing.pem").toString(), "-url", "wss://localhost/"))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + " -> " + r);
            assertTrue(r.err().startsWith("weft client: "), args + " -> " + r.err());
            assertTrue(r.err().contains("Usage: weft client"), args + " -> " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void theTimeoutCoversAHandshakeThatNeverComes(String transport) throws Exception {
        // TCP is accepted, the request read, and no answer ever comes.
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> ScriptedServer.ignoreTheRest(in))) {
            long start = System.nanoTime();
            Run r = run("-url", server.url(), "--transport", transport, "--timeout", "1");
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.code(), r.toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals("weft client: no WebSocket connection to 127.0.0.1:" + server.port()
                    + " within 1 s (connect, TLS and opening handshake)\n", r.err());
            assertTrue(took < 8_000, "a 1 s timeout took " + took + " ms: the handshake is not covered");
        }
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void anUnansweredCloseIsReportedTheSameWhateverTheTimeout(String transport) throws Exception {
        // Echoes one message, then reads the close and never answers it.
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.upgrade(in, out);
            byte[] frame = ScriptedServer.readFrame(in);
            ScriptedServer.sendText(out, java.util.Arrays.copyOfRange(frame, 1, frame.length));
            ScriptedServer.ignoreTheRest(in);
        })) {
            for (String timeout : List.of("1", "2")) {
                Run r = run("-url", server.url(), "--transport", transport, "--timeout", timeout);
                assertEquals(new Run(1, "GOT ECHO REPLY: [hello]\n", "weft client: the server did not answer the close within "
                        + timeout + " s\n"), r, "--timeout " + timeout);
            }
        }
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void theClientsOwnProtocolFailureIsReportedAsTheServersFault(String transport) throws Exception {
        // Answers the message with a masked frame, which a server must never send (§5.1).
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.upgrade(in, out);
            ScriptedServer.readFrame(in);
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2});
            out.flush();
            ScriptedServer.ignoreTheRest(in);
        })) {
            Run r = run("-url", server.url(), "--transport", transport);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().startsWith("weft client: the server broke the protocol: "), r.err());
            assertTrue(r.err().endsWith("(closed with 1002)\n"), r.err());
            assertFalse(r.err().contains("server closed the connection"), r.err());
        }
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void aServerThatStopsAnsweringIsGivenUpByTheKeepalive(String transport) throws Exception {
        try (ScriptedServer server = new ScriptedServer((s, in, out) -> {
            ScriptedServer.upgrade(in, out);
            // Reads nothing and answers nothing from now on, as a frozen peer.
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Run r = run("-url", server.url(), "--transport", transport, "--ping-interval", "200ms", "--ping-timeout", "200ms");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().startsWith("weft client: the connection was lost: keepalive: no pong within 200 ms"), r.err());
        }
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void proxyTunnelsToTheServerAndItsRefusalIsOneLine(String transport) throws Exception {
        try (EchoFixture server = new EchoFixture("nio", null);
             dev.weft.codec.testkit.TestProxy proxy = new dev.weft.codec.testkit.TestProxy("Basic dXNlcjpwYXNz")) {
            String url = "ws://127.0.0.1:" + server.port() + "/websocket";
            String address = proxy.url().substring("http://".length());
            Run r = run("-url", url, "--transport", transport, "--proxy", "http://user:pass@" + address);
            assertEquals(new Run(0, "GOT ECHO REPLY: [hello]\n", ""), r);
            assertEquals("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1", proxy.requests().get(0));
            Run refused = run("-url", url, "--transport", transport, "--proxy", "http://user:wrong@" + address);
            assertEquals(new Run(1, "", "weft client: the proxy " + address + " answered 407 Proxy Authentication Required to CONNECT 127.0.0.1:"
                    + server.port() + " (it refused the credentials)\n"), refused);
        }
        Run bad = run("--proxy", "socks5://p:1080");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("weft client: bad proxy URL 'socks5://p:1080'"), bad.err());
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("transports")
    void everyConnectFailureIsOneLineWithExit1OnEachTransport(String transport) throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertEquals(new Run(1, "", "weft client: connection refused: 127.0.0.1:" + port + "\n"),
                run("-url", "ws://127.0.0.1:" + port + "/websocket", "--transport", transport));
        assertEquals(new Run(1, "", "weft client: cannot resolve host 'no-such-host.invalid'\n"),
                run("-url", "ws://no-such-host.invalid/websocket", "--transport", transport));
        try (EchoFixture server = new EchoFixture("nio", null)) {
            assertEquals(new Run(1, "", "weft client: server answered 404 Not Found\n"),
                    run("-url", "ws://127.0.0.1:" + server.port() + "/nowhere", "--transport", transport));
        }
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Run r = run("--verbose", "-url", "ws://127.0.0.1:" + port + "/websocket");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
