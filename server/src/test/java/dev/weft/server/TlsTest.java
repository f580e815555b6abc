package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS from PEM files made by openssl: wss:// and https:// on one port, on every transport, with
 * each key form (PKCS#8 RSA and EC, traditional RSA, SEC 1 EC) and a CA-signed chain; and the
 * one-line errors for files that cannot serve.
 */
@Timeout(120)
class TlsTest {

    @TempDir
    static Path dir;
    static Certificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = Certificates.make(dir);
        new java.util.Random(443).nextBytes(BIG);
        Files.write(dir.resolve("big.bin"), BIG);
    }

    static final byte[] BIG = new byte[700_000];

    /** transport, certificate file, key file, the certificate a client trusts. */
    static List<Object[]> setups() {
        String[][] pairs = {
            {"rsa.crt", "rsa-pkcs8.key", "rsa.crt"},
            {"rsa.crt", "rsa-traditional.key", "rsa.crt"},
            {"ec.crt", "ec-pkcs8.key", "ec.crt"},
            {"ec.crt", "ec-sec1.key", "ec.crt"},
            {"chain.crt", "leaf-ecparam.key", "ca.crt"},
        };
        List<Object[]> all = new ArrayList<>();
        for (String transport : Servers.transports()) {
            for (String[] p : pairs) {
                all.add(new Object[] {transport, p[0], p[1], p[2]});
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0}: {1} + {2}")
    @MethodSource("setups")
    void wssAndHttpsOnOnePort(String transport, String certificate, String key, String trusted) throws Exception {
        SSLContext serverContext = PemFiles.serverContext(certs.path(certificate), certs.path(key));
        SSLContext client = certs.trusting(trusted);
        try (WeftServer server = Servers.tutorial(transport, dir).tls(serverContext).build().start()) {
            assertTrue(server.isSecure());
            assertEquals("wss://127.0.0.1:" + server.port() + "/websocket", server.webSocketUri("/websocket").toString());
            assertEquals("https://127.0.0.1:" + server.port() + "/", server.httpUri("/").toString());
            try (WsClient ws = WsClient.connect(server.webSocketUri("/websocket"), List.of("reverse"), null, client)) {
                ws.session.sendTextAndWait("Hello, world!");
                assertEquals("!dlrow ,olleH", ws.nextText());
            }
            RawHttp.Response rest = RawHttp.exchange(client.getSocketFactory(), server.port(), "GET", "/rest");
            assertEquals(200, rest.status());
            assertEquals("{\"result\": 123}", rest.text());
            // A file body goes through the TLS wire's buffers rather than zero-copy.
            RawHttp.Response file = RawHttp.exchange(client.getSocketFactory(), server.port(), "GET", "/big.bin");
            assertEquals(200, file.status());
            assertArrayEquals(BIG, file.body());
        }
    }

    @Test
    void theChainIsReadInOrder() throws Exception {
        var chain = PemFiles.readCertificates(certs.path("chain.crt"));
        assertEquals(2, chain.size());
        assertEquals("CN=localhost", chain.get(0).getSubjectX500Principal().getName());
        assertEquals("CN=Weft Test CA", chain.get(1).getSubjectX500Principal().getName());
    }

    @Test
    void unusableFilesSayWhatIsWrongInOneLine() throws Exception {
        Files.writeString(dir.resolve("garbage.pem"), "not a pem file\n");
        assertError("no such file", "rsa.crt", "missing.key");
        assertError("no such file", "missing.crt", "rsa-pkcs8.key");
        assertError("does not belong to the certificate", "rsa.crt", "ec-pkcs8.key");
        assertError("does not belong to the certificate", "ec.crt", "leaf-ecparam.key");
        assertError("does not belong to the certificate", "chain.crt", "rsa-traditional.key");
        assertError("holds no certificate", "rsa-pkcs8.key", "rsa-pkcs8.key");
        assertError("holds no private key", "rsa.crt", "rsa.crt");
        assertError("encrypted private key", "rsa.crt", "encrypted.key");
        assertError("is not a PEM file", "garbage.pem", "rsa-pkcs8.key");
        assertError("it is a directory", "rsa.crt", ".");
    }

    private static void assertError(String expected, String certificate, String key) {
        IOException e = assertThrows(IOException.class,
                () -> PemFiles.serverContext(certs.path(certificate), certs.path(key)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
