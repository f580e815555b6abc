package dev.weft.client;

import dev.weft.codec.http.HttpProxy;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy the environment asks for, by the conventions curl, Go and Python share:
 * {@code https_proxy} for {@code wss://} and {@code http_proxy} for {@code ws://} (lower case
 * first, then upper case), unless {@code no_proxy} names the host. A {@code no_proxy} entry is a
 * host or a domain ({@code example.com} and {@code .example.com} both cover every name under
 * it), optionally with {@code :port}; {@code *} turns proxies off. As in Go, loopback hosts
 * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) never go through a proxy taken from the
 * environment; one given explicitly applies to them too.
 */
final class ProxyEnvironment {
    private ProxyEnvironment() {
    }

    /**
     * Returns the proxy for {@code target}, or {@code null} to connect directly.
     *
     * @param target a ws or wss URI
     * @param env    the environment, such as {@link System#getenv()}
     * @throws IllegalArgumentException if the variable that applies is not a usable proxy URL
     */
    static HttpProxy choose(URI target, Map<String, String> env) {
        boolean secure = "wss".equalsIgnoreCase(target.getScheme());
        String url = variable(env, secure ? "https_proxy" : "http_proxy");
        if (url == null || url.isBlank()) {
            return null;
        }
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        int port = target.getPort() > 0 ? target.getPort() : secure ? 443 : 80;
        if (isLoopback(host) || excluded(host, port, variable(env, "no_proxy"))) {
            return null;
        }
        try {
            return HttpProxy.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((secure ? "https_proxy" : "http_proxy") + ": " + e.getMessage(), e);
        }
    }

    private static String variable(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null ? v : env.get(name.toUpperCase(Locale.ROOT));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("::1");
    }

    static boolean excluded(String host, int port, String noProxy) {
        if (noProxy == null) {
            return false;
        }
        for (String raw : noProxy.split("[,\\s]+")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                    continue;
                }
                entry = entry.substring(0, colon);
            }
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            if (entry.startsWith("[") && entry.endsWith("]")) {
                entry = entry.substring(1, entry.length() - 1);
            }
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }
}
