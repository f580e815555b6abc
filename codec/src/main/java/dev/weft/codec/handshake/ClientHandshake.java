package dev.weft.codec.handshake;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpProxy;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponseHead;
import dev.weft.codec.http.HttpStatus;
import dev.weft.codec.http.HttpVersion;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The client's side of the opening handshake (RFC 6455 §4.1): one attempt to open one
 * connection. It writes the upgrade request and checks the server's answer against it.
 *
 * <p>Built from a {@code ws://} or {@code wss://} URI and options; the key is drawn once, when
 * the handshake is built, so {@link #requestBytes()} always writes the same request and
 * {@link #validate} checks the answer to it. Immutable.
 *
 * <pre>{@code
 * ClientHandshake handshake = ClientHandshake.builder(URI.create("wss://example.com/chat"))
 *         .subprotocols(List.of("chat.v2", "chat.v1"))
 *         .build();
 * // connect to handshake.host() : handshake.port(), TLS if handshake.secure()
 * // write handshake.requestBytes(), parse the answer with an HttpResponseParser, then:
 * ClientHandshake.Result result = handshake.validate(head);
 * }</pre>
 */
public final class ClientHandshake {

    /** Headers the handshake writes itself; extra headers may not replace them. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-accept",
            "origin", "content-length", "transfer-encoding");

    private final URI uri;
    private final boolean secure;
    private final String host;
    private final int port;
    private final String key;
    private final List<String> subprotocols;
    private final Map<String, ExtensionFactory> offered;
    private final HttpRequest request;
    private final HttpProxy proxy;

    private ClientHandshake(Builder b) {
        this.proxy = b.proxy;
        URI u = b.uri;
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("a WebSocket URI uses ws or wss (RFC 6455 §3), not " + u);
        }
        if (u.isOpaque() || u.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URI has no host: " + u);
        }
        if (u.getRawFragment() != null) {
            throw new IllegalArgumentException("WebSocket URI must not have a fragment (RFC 6455 §3): " + u);
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("WebSocket URI must not carry user information: " + u);
        }
        this.uri = u;
        this.secure = scheme.equals("wss");
        int defaultPort = secure ? 443 : 80;
        if (u.getPort() == 0 || u.getPort() > 65535) {
            // A TCP port is 16 bits and port 0 cannot be connected to (RFC 793, RFC 6335 §6).
            throw new IllegalArgumentException("WebSocket URI has port " + u.getPort() + ", outside 1 to 65535: " + u);
        }
        this.port = u.getPort() < 0 ? defaultPort : u.getPort();
        String authorityHost = u.getHost(); // an IPv6 literal keeps its brackets here
        this.host = authorityHost.startsWith("[") ? authorityHost.substring(1, authorityHost.length() - 1) : authorityHost;
        this.subprotocols = List.copyOf(b.subprotocols);
        Set<String> seen = new HashSet<>();
        for (String p : subprotocols) {
            if (!HttpHeaders.isToken(p)) {
                throw new IllegalArgumentException("subprotocol name is not a token: " + p);
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("subprotocol offered twice: " + p);
            }
        }
        this.key = b.random == null ? AcceptKey.newKey() : AcceptKey.newKey(b.random);

        // §4.1 items 1–10, in the order the RFC lists them.
        HttpHeaders.Builder h = HttpHeaders.builder()
                .add("Host", port == defaultPort ? authorityHost : authorityHost + ":" + port)
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", key)
                .add("Sec-WebSocket-Version", "13");
        if (b.origin != null) {
            h.add("Origin", b.origin);
        }
        if (!subprotocols.isEmpty()) {
            h.add("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        this.offered = new LinkedHashMap<>();
        List<String> elements = new ArrayList<>();
        for (ExtensionFactory f : b.extensions) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (offered.containsKey(name)) {
                throw new IllegalArgumentException("two extension factories for " + name);
            }
            List<ExtensionOffer> offers = f.offers();
            if (!offers.isEmpty()) {
                offered.put(name, f);
                for (ExtensionOffer o : offers) {
                    elements.add(o.toHeaderValue());
                }
            }
        }
        if (!elements.isEmpty()) {
            h.add("Sec-WebSocket-Extensions", String.join(", ", elements));
        }
        for (HttpHeaders.Field f : b.headers) {
            if (OWN_HEADERS.contains(f.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + f.name() + " is set by the handshake itself");
            }
            h.add(f.name(), f.value());
        }
        // Non-ASCII in the path or query must travel percent-encoded, and so must the brackets
        // java.net.URI lets through in a query but RFC 3986 §3.4 does not allow there.
        URI ascii = URI.create(u.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String target = (ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery())
                .replace("[", "%5B").replace("]", "%5D");
        this.request = HttpRequest.of("GET", target, HttpVersion.HTTP_1_1, h.build());
    }

    /**
     * Starts a handshake for a URI.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return a builder for the options
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * Makes a handshake with no options: no origin, subprotocols, extensions or extra headers.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return the handshake
     * @throws IllegalArgumentException if the URI is not a WebSocket URI (see {@link Builder#build})
     */
    public static ClientHandshake of(URI uri) {
        return builder(uri).build();
    }

    /**
     * Returns the URI this handshake opens.
     *
     * @return the URI as given
     */
    public URI uri() {
        return uri;
    }

    /**
     * Returns whether the connection runs over TLS ({@code wss}).
     *
     * @return whether the scheme is {@code wss}
     */
    public boolean secure() {
        return secure;
    }

    /**
     * Returns the host to connect to.
     *
     * @return the host name or address, an IPv6 address without brackets
     */
    public String host() {
        return host;
    }

    /**
     * Returns the HTTP proxy to tunnel through: the transport connects to it instead of
     * {@link #host()}, opens a tunnel to {@link #host()}:{@link #port()} with a
     * {@link dev.weft.codec.http.ProxyTunnel}, and then runs TLS and this handshake inside.
     *
     * @return the proxy, or {@code null} to connect directly
     */
    public HttpProxy proxy() {
        return proxy;
    }

    /**
     * Returns the port to connect to.
     *
     * @return the URI's port, or 80 for ws and 443 for wss
     */
    public int port() {
        return port;
    }

    /**
     * Returns the {@code Sec-WebSocket-Key} of this attempt.
     *
     * @return the key, the base64 of 16 random bytes
     */
    public String key() {
        return key;
    }

    /**
     * Returns the upgrade request.
     *
     * @return the request head
     */
    public HttpRequest request() {
        return request;
    }

    /**
     * Writes the upgrade request.
     *
     * @return a new buffer holding the request, from position 0 to its limit, owned by the caller
     */
    public ByteBuffer requestBytes() {
        return request.encode();
    }

    /**
     * Checks the server's answer (RFC 6455 §4.1, the client's checks in order). Unless it returns,
     * the client MUST fail the connection.
     *
     * @param response the response head as parsed
     * @return what was negotiated
     * @throws HandshakeException naming the first fault: {@code server answered 404 Not Found},
     *                            {@code response lacks Upgrade: websocket},
     *                            {@code response lacks Connection: Upgrade},
     *                            {@code response lacks Sec-WebSocket-Accept},
     *                            {@code Sec-WebSocket-Accept mismatch},
     *                            {@code server accepted extension 'x', which was not offered},
     *                            {@code server chose subprotocol 'x', which was not offered},
     *                            and a few more for malformed extension answers
     */
    public Result validate(HttpResponseHead response) {
        HttpHeaders h = response.headers();
        // Item 1: only 101 completes the handshake; anything else is handled as plain HTTP.
        if (response.status() != HttpStatus.SWITCHING_PROTOCOLS) {
            String reason = response.reason().isEmpty() ? "" : " " + response.reason();
            throw new HandshakeException(response.status(), "server answered " + response.status() + reason);
        }
        // Item 2: Upgrade must be websocket, ignoring case.
        List<String> upgrade = h.tokens("Upgrade");
        if (upgrade.size() != 1 || !upgrade.get(0).equalsIgnoreCase("websocket")) {
            throw new HandshakeException("response lacks Upgrade: websocket");
        }
        // Item 3: Connection must list upgrade, ignoring case.
        if (!h.containsToken("Connection", "upgrade")) {
            throw new HandshakeException("response lacks Connection: Upgrade");
        }
        // Item 4: the accept value proves the server read our key.
        List<String> accept = h.all("Sec-WebSocket-Accept");
        if (accept.isEmpty()) {
            throw new HandshakeException("response lacks Sec-WebSocket-Accept");
        }
        if (accept.size() != 1 || !accept.get(0).equals(AcceptKey.of(key))) {
            throw new HandshakeException("Sec-WebSocket-Accept mismatch");
        }
        List<Extension> extensions = acceptedExtensions(h);
        // Item 6: a subprotocol, if any, must be one we offered; a list is never a valid answer.
        String subprotocol = null;
        List<String> chosen = h.all("Sec-WebSocket-Protocol");
        if (!chosen.isEmpty()) {
            subprotocol = String.join(", ", chosen);
            if (!subprotocols.contains(subprotocol)) {
                throw new HandshakeException("server chose subprotocol " + Quote.of(subprotocol) + ", which was not offered");
            }
        }
        return new Result(subprotocol, extensions);
    }

    /** Item 5: every extension in the answer must be one we offered, at most once each. */
    private List<Extension> acceptedExtensions(HttpHeaders h) {
        List<ExtensionOffer> agreed;
        try {
            agreed = ExtensionOffer.parse(h.all("Sec-WebSocket-Extensions"));
        } catch (IllegalArgumentException e) {
            throw new HandshakeException("malformed Sec-WebSocket-Extensions: " + e.getMessage());
        }
        List<Extension> extensions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer a : agreed) {
            ExtensionFactory factory = offered.get(a.name());
            if (factory == null) {
                throw new HandshakeException("server accepted extension " + Quote.of(a.name()) + ", which was not offered");
            }
            if (!seen.add(a.name())) {
                throw new HandshakeException("server accepted extension " + Quote.of(a.name()) + " twice");
            }
            try {
                extensions.add(factory.accepted(a));
            } catch (IllegalArgumentException e) {
                throw new HandshakeException("server's terms for extension " + Quote.of(a.name())
                        + " are unacceptable: " + e.getMessage());
            }
        }
        return extensions;
    }

    /**
     * What the handshake negotiated.
     *
     * @param subprotocol the subprotocol the server chose, or {@code null} if none
     * @param extensions  the extensions in force, in the order the server listed them; unmodifiable
     */
    public record Result(String subprotocol, List<Extension> extensions) {

        /** Copies the extension list. */
        public Result {
            extensions = List.copyOf(extensions);
        }
    }

    /** Options for a {@link ClientHandshake}. Not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private String origin;
        private List<String> subprotocols = List.of();
        private List<ExtensionFactory> extensions = List.of();
        private HttpHeaders headers = HttpHeaders.empty();
        private Random random;
        private HttpProxy proxy;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * Sets the {@code Origin} to send; browsers always send one, other clients need not.
         *
         * @param origin such as {@code https://example.com}, or {@code null} to send none
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Sets the subprotocols to offer, in order of preference.
         *
         * @param subprotocols tokens, each at most once
         * @return this builder
         */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        /**
         * Sets the extensions to offer, in order of preference.
         *
         * @param extensions one factory per extension name
         * @return this builder
         */
        public Builder extensions(List<ExtensionFactory> extensions) {
            this.extensions = List.copyOf(extensions);
            return this;
        }

        /**
         * Sets extra headers to send, such as {@code Authorization} or {@code Cookie}.
         *
         * @param headers the headers; none may be one the handshake writes itself
         * @return this builder
         */
        public Builder headers(HttpHeaders headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /**
         * Reaches the server through an HTTP proxy's {@code CONNECT} tunnel.
         *
         * @param proxy the proxy, or {@code null} to connect directly (the default)
         * @return this builder
         */
        public Builder proxy(HttpProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Sets the source of the key's random bytes; tests pass a seeded one. The default is a
         * {@link java.security.SecureRandom}.
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Checks the options and draws the key.
         *
         * @return the handshake
         * @throws IllegalArgumentException if the URI's scheme is not ws or wss, it has no host, a
         *                                  fragment or user information; if a subprotocol is not a
         *                                  token or is repeated; if two factories share a name; if
         *                                  an extra header is one the handshake writes, or the
         *                                  origin is not a valid header value
         */
        public ClientHandshake build() {
            return new ClientHandshake(this);
        }
    }
}
