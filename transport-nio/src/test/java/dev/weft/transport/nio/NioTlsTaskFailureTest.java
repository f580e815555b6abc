package dev.weft.transport.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.Route;
import dev.weft.codec.http.HttpLimits;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.spi.ServerBinding;
import dev.weft.codec.spi.Transport;
import dev.weft.codec.spi.TransportOptions;
import dev.weft.codec.spi.Transports;
import dev.weft.codec.testkit.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS handshake's delegated tasks run off the loop; one that throws an {@link Error} (here the
 * server's key manager, choosing its certificate) fails its own connection at once, where it used
 * to leave the connection waiting for tasks that had died, until the handshake timeout. The next
 * connection handshakes as usual.
 */
@Timeout(60)
class NioTlsTaskFailureTest {

    @Test
    void aTlsTaskThatThrowsAnErrorFailsOnlyItsConnection(@TempDir Path dir) throws Exception {
        Certificates certificates = Certificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = "weft-test".toCharArray(); // what Certificates stores its key with
        try (InputStream in = Files.newInputStream(dir.resolve("localhost.p12"))) {
            store.load(in, password);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        AtomicInteger failures = new AtomicInteger(1);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {new FailingOnce((X509ExtendedKeyManager) factory.getKeyManagers()[0], failures)}, null, null);

        Transport transport = Transports.provider("nio").open(TransportOptions.defaults());
        try (ServerBinding binding = transport.bind(new InetSocketAddress("127.0.0.1", 0),
                request -> new Route.Respond(HttpResponse.text(200, "text/plain", "hello")), HttpLimits.defaults(), server)) {
            SSLContext client = certificates.clientContext();
            try (SSLSocket first = open(client, binding)) {
                // Failed, not hung: a hung handshake would end in the read timeout instead.
                IOException e = assertThrows(IOException.class, first::startHandshake);
                assertFalse(e instanceof SocketTimeoutException, "the connection hung: " + e);
            }
            assertTrue(failures.get() <= 0, "the key manager did throw");
            try (SSLSocket second = open(client, binding)) {
                second.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            }
        } finally {
            transport.close();
        }
    }

    private static SSLSocket open(SSLContext client, ServerBinding binding) throws IOException {
        Socket plain = new Socket();
        plain.connect(binding.localAddress(), 5_000);
        plain.setSoTimeout(5_000); // the server's handshake timeout is 10 s
        return (SSLSocket) client.getSocketFactory().createSocket(plain, "localhost", binding.localAddress().getPort(), true);
    }

    /** A key manager whose first choice of certificate throws, as a defect in one would. */
    private static final class FailingOnce extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager real;
        private final AtomicInteger failures;

        FailingOnce(X509ExtendedKeyManager real, AtomicInteger failures) {
            this.real = real;
            this.failures = failures;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            if (failures.getAndDecrement() > 0) {
                throw new StackOverflowError("a defect in the key manager");
            }
            return real.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return real.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return real.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return real.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return real.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return real.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return real.getPrivateKey(alias);
        }
    }
}
