package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.spi.ServerBinding;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a certificate made for the test by {@code keytool}: wss echo and the closing handshake;
 * a client that does not trust the certificate, and one that reaches it by a name the certificate
 * does not carry, both fail with a message starting {@code TLS handshake failed: } and never see
 * {@code onOpen}; https requests (a response and a file) on the same port; TLS 1.2 and 1.3 both
 * accepted.
 */
@Timeout(60)
public abstract class TlsKit extends TransportKit {

    private static Certificates localhost;
    private static Certificates elsewhere;

    /** Creates the kit. */
    protected TlsKit() {
    }

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        localhost = Certificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        elsewhere = Certificates.generate(dir, "elsewhere.example", "dns:elsewhere.example");
    }

    private ServerBinding bindTls(Handlers server, Certificates certificate, Map<String, java.util.function.Function<dev.weft.codec.http.HttpRequest, dev.weft.codec.api.Route>> extra) throws Exception {
        return bind(transport(), router(server, ProtocolConfig.defaults(Role.SERVER), extra), certificate.serverContext());
    }

    private static URI wssUri(ServerBinding binding, String host) {
        return URI.create("wss://" + host + ":" + binding.localAddress().getPort() + ECHO);
    }

    @Test
    void wssEchoesAndClosesCleanly() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bindTls(server, localhost, Map.of());
        Recorder client = new Recorder();
        WebSocketSession session = connect(transport(), wssUri(binding, "localhost"), client, localhost.clientContext());
        session.sendText("over TLS");
        assertEquals("over TLS", client.nextText());
        byte[] big = RawClient.pattern(1024 * 1024 + 3, 5);
        session.sendBinary(ByteBuffer.wrap(big));
        client.expectBinary(big);
        session.close(1000, "bye");
        client.expectClose(1000, "");
        server.only().expectCloseAfterOpen(1000);
        awaitNoConnections(binding);
    }

    @Test
    void anAddressInTheCertificateWorksToo() throws Exception {
        ServerBinding binding = bindTls(new Handlers(true), localhost, Map.of());
        Recorder client = new Recorder();
        WebSocketSession session = connect(transport(), wssUri(binding, "127.0.0.1"), client, localhost.clientContext());
        session.sendText("by address");
        assertEquals("by address", client.nextText());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFails() throws Exception {
        Handlers server = new Handlers(true);
        ServerBinding binding = bindTls(server, localhost, Map.of());
        Recorder client = new Recorder();
        // No context: the JDK's default trust, which does not include the test's certificate.
        Throwable failure = failureOf(transport().connect(ClientHandshake.of(wssUri(binding, "localhost")),
                ProtocolConfig.defaults(Role.CLIENT), client, null));
        assertTrue(String.valueOf(failure.getMessage()).startsWith("TLS handshake failed: "),
                "message of the failure: " + failure);
        assertTrue(!client.hasPending(), "the handler of a failed connect was called: " + client.drain());
        assertTrue(server.made().isEmpty(), "the server upgraded a connection whose TLS failed");
        awaitNoConnections(binding);
    }

    @Test
    void aCertificateForAnotherNameFails() throws Exception {
        ServerBinding binding = bindTls(new Handlers(true), elsewhere, Map.of());
        Recorder client = new Recorder();
        // The client trusts the certificate, but it names elsewhere.example, not localhost.
        Throwable failure = failureOf(transport().connect(ClientHandshake.of(wssUri(binding, "localhost")),
                ProtocolConfig.defaults(Role.CLIENT), client, elsewhere.clientContext()));
        assertTrue(String.valueOf(failure.getMessage()).startsWith("TLS handshake failed: "),
                "message of the failure: " + failure);
        assertTrue(!client.hasPending(), "the handler of a failed connect was called");
        awaitNoConnections(binding);
    }

    @Test
    void httpsIsAnsweredOnTheSamePort(@TempDir Path dir) throws Exception {
        byte[] content = RawClient.pattern(200 * 1024 + 1, 3);
        Path file = Files.write(dir.resolve("secret.bin"), content);
        AtomicReference<FileChannel> opened = new AtomicReference<>();
        ServerBinding binding = bindTls(new Handlers(true), localhost, Map.of("/file", r -> fileRoute(file, opened)));
        try (RawClient raw = closeLater(RawClient.connectTls(binding.localAddress(), localhost.clientContext()))) {
            raw.writeRaw("GET " + HELLO + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawClient.HttpReply hello = raw.readHttpResponse();
            assertEquals(200, hello.head().status());
            assertEquals(HELLO_BODY, hello.text());
            raw.writeRaw("GET /file HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawClient.HttpReply reply = raw.readHttpResponse();
            assertEquals(200, reply.head().status());
            assertArrayEquals(content, reply.body(), "the file as served over TLS");
        }
        waitUntil("the transport to close the file's channel", WAIT, () -> !opened.get().isOpen());
        awaitNoConnections(binding);
    }

    @Test
    void tls12AndTls13AreBothSpoken() throws Exception {
        ServerBinding binding = bindTls(new Handlers(true), localhost, Map.of());
        for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
            SSLContext context = localhost.clientContext();
            try (RawClient raw = closeLater(RawClient.connectTls(binding.localAddress(), context, version))) {
                assertEquals(version, ((SSLSocket) raw.socket()).getSession().getProtocol());
                raw.upgrade(ECHO);
                raw.sendText("over " + version);
                assertEquals("over " + version, raw.readMessage().text());
            }
        }
    }
}
