package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server behind nginx, the reverse proxy most deployments put in front of it: nginx
 * terminates TLS and passes the WebSocket upgrade (RFC 6455 §4.1, RFC 9110 §7.8) on to Weft over
 * plain HTTP/1.1, on each transport. Text and binary echo, order, a close code the client chose
 * and one the server chose (1009) all pass through, and nginx's access log shows the 101; and the
 * server's keepalive pings hold a silent connection open past nginx's {@code proxy_read_timeout}.
 *
 * <p>nginx comes from Debian's package ({@code .ci/run} installs it). Where it is missing the test
 * says so in one line and is skipped; under CI ({@code CI} set) a missing nginx fails instead.
 */
@Timeout(120)
class BehindNginxTest {

    @TempDir
    static Path dir;
    static Certificates certs;
    static Path nginx;

    @BeforeAll
    static void findNginxAndMakeCertificates() throws Exception {
        Optional<Path> binary = Nginx.binary();
        if (binary.isEmpty()) {
            String line = "nginx is not installed (apt-get install nginx): the behind-a-proxy test cannot run";
            if (System.getenv("CI") != null) {
                fail(line + ", and CI must run it");
            }
            System.out.println("BehindNginxTest: " + line + "; skipped");
            Assumptions.abort(line);
        }
        nginx = binary.get();
        certs = Certificates.make(dir);
    }

    static List<String> transports() {
        return Servers.transports();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void echoAndCloseCodesPassThroughNginx(String transport) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site-" + transport));
        Path proxyDir = Files.createDirectories(dir.resolve("nginx-" + transport));
        try (WeftServer server = Servers.tutorial(transport, site).maxMessageSize(1024).build().start();
             Nginx proxy = Nginx.start(nginx, proxyDir, certs.path("ec.crt"), certs.path("ec-pkcs8.key"), server.port(),
                     Duration.ofSeconds(1))) {
            java.net.URI uri = java.net.URI.create("wss://localhost:" + proxy.port() + "/websocket");
            SSLContext tls = certs.trusting("ec.crt");

            try (WsClient ws = WsClient.connect(uri, List.of("echo"), null, tls)) {
                ws.session.sendTextAndWait("Hello through nginx");
                assertEquals("Hello through nginx", ws.nextText(), proxy.logs());
                byte[] bytes = new byte[1000];
                new Random(6455).nextBytes(bytes);
                ws.session.sendBinaryAndWait(ByteBuffer.wrap(bytes.clone()));
                assertArrayEquals(bytes, ws.nextBinary());
                for (int i = 0; i < 50; i++) {
                    ws.session.sendText("message " + i);
                }
                for (int i = 0; i < 50; i++) {
                    assertEquals("message " + i, ws.nextText());
                }
                ws.session.close(4000, "done here");
                assertEquals(4000, ws.awaitClose().code(), "the close code the client chose, echoed through nginx");
            }

            try (WsClient ws = WsClient.connect(uri, List.of("echo"), null, tls)) {
                ws.session.sendText("x".repeat(2000));
                assertEquals(1009, ws.awaitClose().code(), "the server's 1009 for a message over its limit, through nginx");
            }

            String access = Files.readString(proxyDir.resolve("access.log"), StandardCharsets.UTF_8);
            assertTrue(access.contains("\"GET /websocket HTTP/1.1\" 101 "), "nginx's access log shows no upgrade:\n" + access);
        }
    }

    /**
     * nginx drops an upgraded connection that stays silent longer than its
     * {@code proxy_read_timeout} (1 s here); the server's keepalive pings (every 300 ms) and the
     * client's pongs keep it open through 2 s of silence from the application. Without pings the
     * same silence loses the connection (1006): so it is the pings that keep it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void keepalivePingsHoldTheConnectionPastNginxsReadTimeout(String transport) throws Exception {
        Path site = Files.createDirectories(dir.resolve("keepalive-site-" + transport));
        for (boolean pings : new boolean[] {true, false}) {
            Path proxyDir = Files.createDirectories(dir.resolve("keepalive-nginx-" + transport + "-" + pings));
            Duration interval = pings ? Duration.ofMillis(300) : Duration.ZERO;
            try (WeftServer server = Servers.tutorial(transport, site).pingInterval(interval).build().start();
                 Nginx proxy = Nginx.start(nginx, proxyDir, certs.path("ec.crt"), certs.path("ec-pkcs8.key"), server.port(),
                         Duration.ofSeconds(1));
                 WsClient ws = WsClient.connect(java.net.URI.create("wss://localhost:" + proxy.port() + "/websocket"),
                         List.of("echo"), null, certs.trusting("ec.crt"))) {
                ws.session.sendTextAndWait("before the silence");
                assertEquals("before the silence", ws.nextText());
                Object during = ws.events.poll(2000, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (pings) {
                    assertNull(during, "with pings the connection must stay open and quiet; " + proxy.logs());
                    ws.session.sendTextAndWait("after the silence");
                    assertEquals("after the silence", ws.nextText());
                } else {
                    // The control: nginx gives up on the silent connection, and the client sees it drop.
                    Object closed = during != null ? during : ws.awaitClose();
                    WsClient.Closed c = assertInstanceOf(WsClient.Closed.class, closed, "without pings nginx should drop the connection");
                    assertEquals(1006, c.code(), "without pings nginx should have dropped the connection after 1 s");
                }
            }
        }
    }
}
