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

    @Test
    void badArgumentsGiveUsageAndExitTwo(@TempDir Path dir) {
        for (List<String> args : List.of(List.of("-bogus"), List.of("-url", "http://example.com/"), List.of("-url", "ws://"),
                List.of("-url"), List.of("--timeout", "0"), List.of("--transport", "carrier-pigeon"),
                List.of("-ca", dir.resolve("missing.pem").toString(), "-url", "wss://localhost/"))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + " -> " + r);
            assertTrue(r.err().startsWith("weft client: "), args + " -> " + r.err());
            assertTrue(r.err().contains("Usage: weft client"), args + " -> " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
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
