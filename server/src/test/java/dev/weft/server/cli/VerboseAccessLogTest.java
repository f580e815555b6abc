package dev.weft.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code weft server --verbose}: an access-log line per HTTP request (peer, method and target,
 * status, body bytes, time) and per WebSocket session (path, subprotocol, time open, close code),
 * on each transport.
 */
@Timeout(60)
class VerboseAccessLogTest {

    @TempDir
    Path dir;
    private ServerCommandTest.Run running;

    @AfterEach
    void stop() {
        if (running != null && running.command().server() != null) {
            running.command().server().close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "loom"})
    void everyRequestAndSessionIsALine(String transport) throws Exception {
        ServerCommandTest.Run r = ServerCommandTest.run("--port", "0", "--host", "127.0.0.1", "--root", dir.toString(),
                "--transport", transport, "--verbose");
        running = r;
        assertEquals(0, r.code(), r.err());
        int port = r.command().server().port();

        try (Socket http = new Socket("127.0.0.1", port)) {
            http.getOutputStream().write("GET /rest HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = http.getInputStream();
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"));
        }
        // The JDK's client: the session below is the server's view of it.
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("reverse")
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/websocket"), new java.net.http.WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);

        Pattern request = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ \"GET /rest\" 200 15 B [\\d.]+ ms$");
        Pattern session = Pattern.compile(
                "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ WS /websocket \\(reverse\\) \\d+\\.\\d s 1000 NORMAL_CLOSURE by peer$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(request.matcher(r.out()).find() && session.matcher(r.out()).find()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(request.matcher(r.out()).find(), r.out());
        assertTrue(session.matcher(r.out()).find(), r.out());
    }
}
