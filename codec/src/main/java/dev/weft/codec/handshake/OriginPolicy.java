package dev.weft.codec.handshake;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which {@code Origin} a server accepts handshakes from (RFC 6455 §4.2.2, §10.2).
 *
 * <p>Browsers send the page's origin with every WebSocket handshake; checking it keeps other
 * sites' scripts from using a visitor's cookies to talk to this server. Other clients send no
 * {@code Origin}, and an absent one proves nothing either way, so the built-in policies allow it;
 * write a policy of your own to demand one.
 */
@FunctionalInterface
public interface OriginPolicy {

    /**
     * Decides about one handshake.
     *
     * @param origin the {@code Origin} header's value, or {@code null} if the request had none
     * @return whether the handshake may go on; {@code false} makes the server answer 403
     */
    boolean allows(String origin);

    /**
     * Returns a policy that allows every origin, for servers that use no ambient credentials.
     *
     * @return the permissive policy
     */
    static OriginPolicy any() {
        return origin -> true;
    }

    /**
     * Returns a policy that allows the listed origins, and requests without {@code Origin}.
     *
     * <p>An origin matches when scheme, host and port are equal, with scheme and host compared
     * ignoring case and a default port (80 for http and ws, 443 for https and wss) matching its
     * absence. {@code null} (the opaque origin of sandboxed pages and files) is never allowed.
     *
     * @param origins the allowed origins, such as {@code https://example.com}
     * @return the policy
     * @throws IllegalArgumentException if an entry is not a {@code scheme://host[:port]} origin
     */
    static OriginPolicy allowList(Collection<String> origins) {
        Set<String> allowed = new HashSet<>();
        for (String o : origins) {
            String normal = normalize(o);
            if (normal == null) {
                throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + o);
            }
            allowed.add(normal);
        }
        return origin -> {
            if (origin == null) {
                return true;
            }
            String normal = normalize(origin);
            return normal != null && allowed.contains(normal);
        };
    }

    /**
     * Reduces an origin to {@code scheme://host:port} in lower case, or {@code null} if it is not
     * a serialized origin (RFC 6454 §6.2): no path, query, fragment or user information.
     *
     * @param origin the origin text
     * @return the normal form, or {@code null}
     */
    private static String normalize(String origin) {
        if (origin == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (path != null && !path.isEmpty())) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
