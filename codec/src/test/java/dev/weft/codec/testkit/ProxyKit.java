package dev.weft.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.api.WebSocketSession;
import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.frame.Role;
import dev.weft.codec.handshake.ClientHandshake;
import dev.weft.codec.http.HttpProxy;
import dev.weft.codec.http.ProxyRefusedException;
import dev.weft.codec.spi.ServerBinding;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients through an HTTP proxy's {@code CONNECT} tunnel (RFC 9110 §9.3.6), on the transport
 * under test: plain ws and wss (TLS inside the tunnel, the certificate checked against the
 * server's name, not the proxy's), Basic credentials, and a refusal reported as what the proxy
 * said. The proxy is {@link TestProxy}, started by each test on the loopback address.
 */
@Timeout(30)
public abstract class ProxyKit extends TransportKit {

    private static Certificates localhost;

    /** Creates the kit. */
    protected ProxyKit() {
    }

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        localhost = Certificates.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
    }

    private WebSocketSession connectThrough(HttpProxy proxy, URI uri, Recorder client, SSLContext tls) {
        return await(transport().connect(ClientHandshake.builder(uri).proxy(proxy).build(), ProtocolConfig.defaults(Role.CLIENT),
                client, tls));
    }

    @Test
    void wsGoesThroughTheTunnel() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        try (TestProxy proxy = new TestProxy(null)) {
            Recorder client = new Recorder();
            WebSocketSession session = connectThrough(HttpProxy.parse(proxy.url()), wsUri(binding, ECHO), client, null);
            session.sendText("through the proxy");
            assertEquals("through the proxy", client.nextText());
            assertEquals(List.of("CONNECT 127.0.0.1:" + binding.localAddress().getPort() + " HTTP/1.1"), proxy.requests());
        }
    }

    @Test
    void wssRunsTlsInsideTheTunnelAgainstTheServersName() throws Exception {
        ServerBinding binding = bind(transport(), router(new Handlers(true), ProtocolConfig.defaults(Role.SERVER), Map.of()),
                localhost.serverContext());
        try (TestProxy proxy = new TestProxy(null)) {
            Recorder client = new Recorder();
            URI uri = URI.create("wss://localhost:" + binding.localAddress().getPort() + ECHO);
            WebSocketSession session = connectThrough(HttpProxy.parse(proxy.url()), uri, client, localhost.clientContext());
            session.sendText("secret");
            assertEquals("secret", client.nextText());
            assertEquals(List.of("CONNECT localhost:" + binding.localAddress().getPort() + " HTTP/1.1"), proxy.requests());
        }
    }

    @Test
    void aProxyThatIsNotThereIsNamedAsTheProxy() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Throwable refused = failureOf(transport().connect(ClientHandshake.builder(wsUri(binding, ECHO))
                .proxy(HttpProxy.parse("http://127.0.0.1:" + port)).build(), ProtocolConfig.defaults(Role.CLIENT), new Recorder(), null));
        assertInstanceOf(java.net.ConnectException.class, refused);
        assertEquals("connection refused: the proxy 127.0.0.1:" + port, refused.getMessage());
    }

    @Test
    void basicCredentialsAreSentAndARefusalIsReportedAsTheProxysAnswer() throws Exception {
        ServerBinding binding = bind(router(new Handlers(true)));
        // "user:pass" in Basic.
        try (TestProxy proxy = new TestProxy("Basic dXNlcjpwYXNz")) {
            String address = proxy.url().substring("http://".length());
            Recorder client = new Recorder();
            WebSocketSession session = connectThrough(HttpProxy.parse("http://user:pass@" + address), wsUri(binding, ECHO), client, null);
            session.sendText("authorised");
            assertEquals("authorised", client.nextText());

            Throwable refused = failureOf(transport().connect(ClientHandshake.builder(wsUri(binding, ECHO))
                    .proxy(HttpProxy.parse(proxy.url())).build(), ProtocolConfig.defaults(Role.CLIENT), new Recorder(), null));
            ProxyRefusedException e = assertInstanceOf(ProxyRefusedException.class, refused);
            assertEquals(407, e.status());
            assertTrue(e.getMessage().startsWith("the proxy " + address + " answered 407"), e.getMessage());
        }
    }
}
