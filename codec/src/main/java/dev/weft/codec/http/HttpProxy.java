package dev.weft.codec.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP proxy that opens tunnels with {@code CONNECT} (RFC 9110 §9.3.6), as named by a URL such
 * as {@code http://proxy.example:3128} or {@code http://user:secret@proxy.example:3128}: the form
 * of {@code --proxy} and of the {@code https_proxy} and {@code http_proxy} variables.
 *
 * @param host     the proxy's host name or address (an IPv6 address without brackets)
 * @param port     the proxy's port
 * @param username the user for Basic authentication (RFC 7617), or {@code null} for none
 * @param password the password, or {@code null} for none
 */
public record HttpProxy(String host, int port, String username, String password) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if the host is empty or the port is not 1 to 65535
     */
    public HttpProxy {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a proxy needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is outside 1 to 65535");
        }
    }

    /**
     * Reads a proxy URL. A URL without a scheme ({@code proxy:3128}, as some environments set
     * {@code http_proxy}) is read as {@code http://}; without a port, 80 is used.
     *
     * @param url such as {@code http://user:secret@proxy.example:3128}
     * @return the proxy
     * @throws IllegalArgumentException if it is not an {@code http} URL with a host, or carries a
     *                                  path, query or fragment
     */
    public static HttpProxy parse(String url) {
        String text = url.strip();
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "http://" + text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad proxy URL '" + url + "': " + e.getReason());
        }
        if (!"http".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("bad proxy URL '" + url + "': only http:// proxies are supported");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("bad proxy URL '" + url + "': no host");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("bad proxy URL '" + url + "': a proxy URL has no path, query or fragment");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        try {
            return new HttpProxy(host, uri.getPort() < 0 ? 80 : uri.getPort(), user, password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad proxy URL '" + url + "': " + e.getMessage());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Returns the {@code Proxy-Authorization} value for Basic authentication (RFC 7617 §2).
     *
     * @return {@code Basic <base64(user:password)>}, or {@code null} without a user
     */
    public String authorization() {
        if (username == null) {
            return null;
        }
        String pair = username + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns {@code host:port}, brackets around an IPv6 address, for messages.
     *
     * @return the proxy's address as text
     */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Leaves the password out, so that a proxy can be logged. */
    @Override
    public String toString() {
        return "http://" + (username == null ? "" : username + ":***@") + authority();
    }
}
