package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.http.HttpProxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code https_proxy}, {@code http_proxy} and {@code no_proxy}, read as curl, Go and Python read them. */
class ProxyEnvironmentTest {

    private static final HttpProxy SECURE = new HttpProxy("sp", 3128, null, null);
    private static final HttpProxy PLAIN = new HttpProxy("pp", 8080, null, null);

    private static HttpProxy choose(String uri, Map<String, String> env) {
        return ProxyEnvironment.choose(URI.create(uri), env);
    }

    @Test
    void theSchemePicksTheVariable() {
        Map<String, String> env = Map.of("https_proxy", "http://sp:3128", "http_proxy", "pp:8080");
        assertEquals(SECURE, choose("wss://echo.example/", env));
        assertEquals(PLAIN, choose("ws://echo.example/", env));
        assertNull(choose("ws://echo.example/", Map.of("https_proxy", "http://sp:3128")));
    }

    @Test
    void lowerCaseComesFirstThenUpperCase() {
        assertEquals(SECURE, choose("wss://h/", Map.of("HTTPS_PROXY", "http://sp:3128")));
        assertEquals(SECURE, choose("wss://h/", Map.of("https_proxy", "http://sp:3128", "HTTPS_PROXY", "http://other:1")));
    }

    @Test
    void noProxyNamesHostsDomainsAndPorts() {
        Map<String, String> env = Map.of("https_proxy", "http://sp:3128",
                "no_proxy", "internal.example, .corp.example,*.lab.example  db.example:8443,10.1.2.3");
        assertNull(choose("wss://internal.example/", env));
        assertNull(choose("wss://a.internal.example/", env), "a domain covers its subdomains");
        assertNull(choose("wss://x.corp.example/", env));
        assertNull(choose("wss://corp.example/", env));
        assertNull(choose("wss://y.lab.example/", env));
        assertNull(choose("wss://db.example:8443/", env));
        assertEquals(SECURE, choose("wss://db.example/", env), "another port is not excluded");
        assertNull(choose("wss://10.1.2.3/", env));
        assertEquals(SECURE, choose("wss://notinternal.example/", env), "a suffix is not a subdomain");
        assertNull(choose("wss://anything/", Map.of("https_proxy", "http://sp:3128", "NO_PROXY", "*")));
    }

    @Test
    void loopbackNeverGoesThroughTheEnvironmentsProxy() {
        Map<String, String> env = Map.of("https_proxy", "http://sp:3128", "http_proxy", "http://pp:8080");
        assertNull(choose("ws://localhost:8000/", env));
        assertNull(choose("ws://127.0.0.1:8000/", env));
        assertNull(choose("wss://[::1]:8443/", env));
    }

    @Test
    void aBadVariableIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> choose("wss://h/", Map.of("https_proxy", "socks5://p:1080")));
        assertTrue(e.getMessage().startsWith("https_proxy: bad proxy URL 'socks5://p:1080'"), e.getMessage());
    }

    @Test
    void theBuilderPrefersAnExplicitProxyAndCanIgnoreTheEnvironment() {
        Map<String, String> env = Map.of("http_proxy", "http://pp:8080");
        URI uri = URI.create("ws://echo.example/");
        try (WeftClient fromEnv = WeftClient.builder().proxyEnvironment(env).build();
             WeftClient explicit = WeftClient.builder().proxyEnvironment(env).proxy("http://sp:3128").build();
             WeftClient direct = WeftClient.builder().proxyEnvironment(env).noProxy().build()) {
            assertEquals(PLAIN, fromEnv.proxyFor(uri));
            assertEquals(SECURE, explicit.proxyFor(uri));
            assertNull(direct.proxyFor(uri));
        }
    }
}
