package dev.weft.codec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CONNECT tunnels through an HTTP proxy (RFC 9110 §9.3.6, RFC 9112 §3.2.3, RFC 7617 Basic auth). */
class ProxyTunnelTest {

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theRequestNamesTheTargetInAuthorityForm() {
        assertEquals("CONNECT echo.example:443 HTTP/1.1\r\nHost: echo.example:443\r\n\r\n",
                text(new ProxyTunnel(HttpProxy.parse("http://proxy:3128"), "echo.example", 443).request()));
        assertEquals("CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
                text(new ProxyTunnel(HttpProxy.parse("proxy:3128"), "::1", 8080).request()));
    }

    @Test
    void credentialsGoInProxyAuthorization() {
        HttpProxy proxy = HttpProxy.parse("http://Aladdin:open%20sesame@proxy:3128");
        assertEquals("Aladdin", proxy.username());
        assertEquals("open sesame", proxy.password());
        // RFC 7617 §2's example pair.
        assertTrue(text(new ProxyTunnel(proxy, "h", 80).request()).contains(
                "\r\nProxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"));
        assertEquals("http://Aladdin:***@proxy:3128", proxy.toString(), "the password is never printed");
    }

    @Test
    void a200OpensTheTunnelAtEverySplitPointAndLeavesLaterBytes() throws Exception {
        byte[] answer = "HTTP/1.1 200 Connection established\r\nProxy-Agent: test\r\n\r\nTLS".getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= answer.length - 3; cut++) {
            ProxyTunnel tunnel = new ProxyTunnel(HttpProxy.parse("proxy:1"), "h", 443);
            ByteBuffer first = ByteBuffer.wrap(answer, 0, cut);
            boolean open = tunnel.receive(first);
            ByteBuffer rest = ByteBuffer.wrap(answer, cut, answer.length - cut);
            if (!open) {
                open = tunnel.receive(rest);
            }
            assertTrue(open, "cut " + cut);
            assertEquals("TLS", text(rest), "the bytes after the head are the tunnel's, cut " + cut);
        }
    }

    @Test
    void incompleteAnswersWait() throws Exception {
        ProxyTunnel tunnel = new ProxyTunnel(HttpProxy.parse("proxy:1"), "h", 443);
        assertFalse(tunnel.receive(bytes("HTTP/1.1 200 OK\r\n")));
        assertFalse(tunnel.isEstablished());
    }

    @Test
    void refusalsSayWhatTheProxyAnsweredAndWhatToDo() {
        ProxyRefusedException e = assertThrows(ProxyRefusedException.class, () -> new ProxyTunnel(HttpProxy.parse("proxy:3128"), "h", 443)
                .receive(bytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")));
        assertEquals(407, e.status());
        assertEquals("the proxy proxy:3128 answered 407 Proxy Authentication Required to CONNECT h:443"
                + " (it wants credentials: http://user:password@host:port)", e.getMessage());
        ProxyRefusedException forbidden = assertThrows(ProxyRefusedException.class, () -> new ProxyTunnel(HttpProxy.parse("proxy:3128"), "h", 25)
                .receive(bytes("HTTP/1.1 403 Forbidden\r\n\r\n")));
        assertEquals("the proxy proxy:3128 answered 403 Forbidden to CONNECT h:25 (it does not allow tunnels to h:25)", forbidden.getMessage());
        ProxyRefusedException garbage = assertThrows(ProxyRefusedException.class, () -> new ProxyTunnel(HttpProxy.parse("proxy:3128"), "h", 1)
                .receive(bytes("SSH-2.0-OpenSSH\r\n\r\n")));
        assertEquals(0, garbage.status());
        assertTrue(garbage.getMessage().startsWith("the proxy proxy:3128 sent a malformed answer: "), garbage.getMessage());
    }

    @Test
    void proxyUrlsAreReadAsEnvironmentsWriteThem() {
        assertEquals(new HttpProxy("proxy.example", 3128, null, null), HttpProxy.parse("http://proxy.example:3128/"));
        assertEquals(new HttpProxy("proxy.example", 80, null, null), HttpProxy.parse("proxy.example"));
        assertEquals(new HttpProxy("::1", 8080, null, null), HttpProxy.parse("http://[::1]:8080"));
        assertNull(HttpProxy.parse("HTTP://p:1").authorization());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://proxy:443", "socks5://proxy:1080", "http://proxy:0", "http://proxy:70000",
        "http://proxy:1/path", "http://:3128", "http://proxy:1?q"})
    void badProxyUrlsAreRefusedWithTheReason(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpProxy.parse(url));
        assertTrue(e.getMessage().startsWith("bad proxy URL '" + url + "'"), e.getMessage());
    }
}
