package dev.weft.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.Route;
import dev.weft.codec.api.WebSocketHandler;
import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.handshake.OriginPolicy;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** wss:// and https:// on one port through the NIO transport's TLS wire, with a certificate made here. */
@Timeout(60)
class NioTlsSmokeTest {

    @TempDir
    static Path dir;
    static SSLContext serverContext;
    static SSLContext clientContext;

    private final Transport transport = Transports.provider("nio").open(TransportOptions.defaults());

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void close() {
        transport.close();
    }

    private ServerBinding server() throws Exception {
        ServerHandshake handshake = new ServerHandshake(List.of(), OriginPolicy.any(), List.of());
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText(text);
            }
        };
        return transport.bind(new InetSocketAddress("127.0.0.1", 0), request -> request.path().equals("/websocket")
                ? new Route.Upgrade(handshake, echo, ProtocolConfig.defaults(Role.SERVER))
                : new Route.Respond(HttpResponse.text(200, "text/plain", "plain over TLS")), HttpLimits.defaults(), serverContext);
    }

    @Test
    void wssEcho() throws Exception {
        ServerBinding server = server();
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        WebSocketSession session = transport.connect(
                ClientHandshake.of(URI.create("wss://localhost:" + server.localAddress().getPort() + "/websocket")),
                ProtocolConfig.defaults(Role.CLIENT), new WebSocketHandler() {
                    @Override
                    public void onText(WebSocketSession s, String text) {
                        got.add(text);
                    }
                }, clientContext).get(20, TimeUnit.SECONDS);
        String big = "x".repeat(100_000);
        session.sendTextAndWait("hello");
        session.sendTextAndWait(big);
        assertEquals("hello", got.poll(10, TimeUnit.SECONDS));
        assertEquals(big, got.poll(10, TimeUnit.SECONDS));
        session.closeAndWait(1000, "");
    }

    @Test
    void httpsOnTheSamePort() throws Exception {
        ServerBinding server = server();
        try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("localhost", server.localAddress().getPort())) {
            socket.getOutputStream().write("GET /rest HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.endsWith("plain over TLS"), response);
        }
    }

    @Test
    void untrustedCertificateFailsTheConnect() throws Exception {
        ServerBinding server = server();
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        trustsNothing.init(null, null, null); // the JDK's default trust store, which knows no test certificate
        ExecutionException e = assertThrows(ExecutionException.class, () -> transport.connect(
                ClientHandshake.of(URI.create("wss://localhost:" + server.localAddress().getPort() + "/websocket")),
                ProtocolConfig.defaults(Role.CLIENT), new WebSocketHandler() { }, trustsNothing).get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().startsWith("TLS handshake failed: "), e.getCause().getMessage());
    }
}
