package dev.weft.codec.handshake;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.extension.ExtensionFactory;
import dev.weft.codec.extension.ExtensionOffer;
import dev.weft.codec.http.HttpHeaders;
import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;
import dev.weft.codec.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server's side of the opening handshake (RFC 6455 §4.2): reads a client's upgrade request
 * and decides on a response. Immutable and thread-safe if its policy, selector and factories are;
 * one instance serves every connection.
 *
 * <p>{@link #accept} checks the request in the order of §4.2.1 and refuses at the first fault:
 * <ol>
 *   <li>the method is not {@code GET}: 405 with {@code Allow: GET}. The RFC leaves the code open;
 *       405 tells the client exactly what to change, as RFC 9110 §15.5.6 intends;</li>
 *   <li>the version is below HTTP/1.1: 400;</li>
 *   <li>{@code Host} is missing or repeated: 400;</li>
 *   <li>there is no {@code Upgrade} at all: 426 with {@code Upgrade: websocket}; an
 *       {@code Upgrade} that does not name {@code websocket}: 400;</li>
 *   <li>{@code Connection} does not list {@code upgrade}: 400;</li>
 *   <li>{@code Sec-WebSocket-Version} is missing or not exactly {@code 13}: 426 with
 *       {@code Sec-WebSocket-Version: 13} (§4.4). Checked before the key, so that a client of an
 *       older draft, which has no such key, still learns which version to speak;</li>
 *   <li>{@code Sec-WebSocket-Key} is missing, repeated, or not the base64 of 16 bytes: 400;</li>
 *   <li>the {@link OriginPolicy} refuses the {@code Origin}: 403; more than one: 400;</li>
 *   <li>{@code Sec-WebSocket-Protocol} or {@code Sec-WebSocket-Extensions} is malformed: 400.</li>
 * </ol>
 * Otherwise it answers {@code 101 Switching Protocols} with the accept value, the subprotocol the
 * {@link SubprotocolSelector} chose, and the extensions the factories accepted.
 *
 * <p>A request without {@code Upgrade} is usually plain HTTP, for which a server would answer
 * otherwise; {@link #isUpgradeRequest} tells the two apart before calling {@link #accept}.
 * Whether to keep the connection after a refusal is the server's choice; none is forced here.
 */
public final class ServerHandshake {

    private static final byte[] NO_BODY = new byte[0];
    /** The two fields every answer names the protocol with, made once. */
    private static final HttpHeaders.Field UPGRADE = new HttpHeaders.Field("Upgrade", "websocket");
    private static final HttpHeaders.Field CONNECTION_UPGRADE = new HttpHeaders.Field("Connection", "Upgrade");

    private final SubprotocolSelector selector;
    private final OriginPolicy originPolicy;
    private final List<ExtensionFactory> extensions;

    /**
     * Creates a handshake that picks subprotocols by {@link SubprotocolSelector#clientPreference}.
     *
     * @param subprotocols the subprotocols this server speaks; may be empty
     * @param originPolicy which origins to accept
     * @param extensions   the extensions this server can use, in its order of preference
     * @throws IllegalArgumentException if a subprotocol is not a token or two factories share a
     *                                  name
     */
    public ServerHandshake(List<String> subprotocols, OriginPolicy originPolicy, List<ExtensionFactory> extensions) {
        this(SubprotocolSelector.clientPreference(checkTokens(subprotocols)), originPolicy, extensions);
    }

    /**
     * Creates a handshake with a selector of the application's own.
     *
     * @param selector     chooses the subprotocol from the client's offer
     * @param originPolicy which origins to accept
     * @param extensions   the extensions this server can use, in its order of preference
     * @throws IllegalArgumentException if two factories share a name
     */
    public ServerHandshake(SubprotocolSelector selector, OriginPolicy originPolicy, List<ExtensionFactory> extensions) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.originPolicy = Objects.requireNonNull(originPolicy, "originPolicy");
        this.extensions = List.copyOf(extensions);
        Set<String> names = new HashSet<>();
        for (ExtensionFactory f : this.extensions) {
            if (!names.add(f.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("two extension factories for " + f.name());
            }
        }
    }

    private static List<String> checkTokens(List<String> subprotocols) {
        for (String p : subprotocols) {
            if (!HttpHeaders.isToken(p)) {
                throw new IllegalArgumentException("subprotocol name is not a token: " + p);
            }
        }
        return subprotocols;
    }

    /**
     * Returns whether a request asks for a WebSocket: its {@code Upgrade} lists {@code websocket}
     * and its {@code Connection} lists {@code upgrade}, ignoring case. A server routes such a
     * request to {@link #accept} and serves any other as plain HTTP.
     *
     * @param request a parsed request
     * @return whether it is a WebSocket upgrade attempt
     */
    public static boolean isUpgradeRequest(HttpRequest request) {
        return request.wantsUpgrade("websocket");
    }

    /**
     * Decides on a client's opening handshake.
     *
     * @param request the parsed request
     * @return {@link HandshakeResult.Accepted} with the 101 response and what was negotiated, or
     *         {@link HandshakeResult.Rejected} with the error response and the reason
     * @throws IllegalStateException if the selector returned a subprotocol the client did not
     *                               offer
     */
    public HandshakeResult accept(HttpRequest request) {
        HttpHeaders h = request.headers();
        // §4.2.1 item 1: an HTTP/1.1 or later GET.
        if (!request.method().equals("GET")) {
            return reject(HttpStatus.METHOD_NOT_ALLOWED, "method " + Quote.of(request.method()) + " is not GET",
                    HttpHeaders.builder().add("Allow", "GET"));
        }
        if (!request.version().isAtLeast(1, 1)) {
            return reject(HttpStatus.BAD_REQUEST, "WebSocket needs HTTP/1.1, not " + request.version());
        }
        UpgradeFields f = UpgradeFields.of(h);
        // §4.2.1 item 2: a Host naming this server.
        if (f.hosts != 1) {
            return reject(HttpStatus.BAD_REQUEST, f.hosts == 0 ? "missing Host" : "more than one Host header");
        }
        // §4.2.1 items 3 and 4: Upgrade: websocket, Connection: Upgrade.
        if (f.upgrades == 0) {
            return reject(HttpStatus.UPGRADE_REQUIRED, "not a WebSocket upgrade: no Upgrade header", upgradeHeaders());
        }
        if (!h.containsToken("Upgrade", "websocket")) {
            return reject(HttpStatus.BAD_REQUEST, "Upgrade does not name websocket");
        }
        if (!h.containsToken("Connection", "upgrade")) {
            return reject(HttpStatus.BAD_REQUEST, "Connection does not list upgrade");
        }
        // §4.2.1 item 6 and §4.4: only version 13; say so, so the client can retry with it.
        if (f.versions != 1 || !f.version.equals("13")) {
            String reason = f.versions == 0 ? "missing Sec-WebSocket-Version"
                    : "unsupported Sec-WebSocket-Version " + Quote.of(String.join(", ", h.all("Sec-WebSocket-Version")));
            return reject(HttpStatus.UPGRADE_REQUIRED, reason, upgradeHeaders().add("Sec-WebSocket-Version", "13"));
        }
        // §4.2.1 item 5: a key that decodes to 16 bytes.
        if (f.keys != 1) {
            return reject(HttpStatus.BAD_REQUEST, f.keys == 0 ? "missing Sec-WebSocket-Key" : "more than one Sec-WebSocket-Key");
        }
        String key = f.key;
        if (!AcceptKey.isValidKey(key)) {
            return reject(HttpStatus.BAD_REQUEST, "Sec-WebSocket-Key is not the base64 of 16 bytes");
        }
        // §4.2.2 item 1 and §10.2: the server may refuse origins it does not trust, with 403.
        if (f.origins > 1) {
            return reject(HttpStatus.BAD_REQUEST, "more than one Origin header");
        }
        String origin = f.origin;
        if (!originPolicy.allows(origin)) {
            return reject(HttpStatus.FORBIDDEN, "origin " + Quote.of(origin == null ? "(none)" : origin) + " is not allowed");
        }
        List<String> offeredProtocols = f.protocols == 0 ? List.of() : h.tokens("Sec-WebSocket-Protocol");
        for (String p : offeredProtocols) {
            if (!HttpHeaders.isToken(p)) {
                return reject(HttpStatus.BAD_REQUEST, "malformed Sec-WebSocket-Protocol " + Quote.of(p));
            }
        }
        List<ExtensionOffer> offers = List.of();
        if (f.extensions > 0) {
            try {
                List<String> offered = h.all("Sec-WebSocket-Extensions");
                if (extensions.isEmpty()) {
                    // Nothing to weigh the offers against: only their form is checked.
                    ExtensionOffer.check(offered);
                } else {
                    offers = ExtensionOffer.parse(offered);
                }
            } catch (IllegalArgumentException e) {
                return reject(HttpStatus.BAD_REQUEST, "malformed Sec-WebSocket-Extensions: " + e.getMessage());
            }
        }

        String subprotocol = chooseSubprotocol(offeredProtocols);
        List<Extension> agreed = negotiate(offers);
        HttpHeaders.Builder response = upgradeHeaders().add("Sec-WebSocket-Accept", AcceptKey.of(key));
        if (subprotocol != null) {
            response.add("Sec-WebSocket-Protocol", subprotocol);
        }
        if (!agreed.isEmpty()) {
            List<String> elements = new ArrayList<>();
            for (Extension e : agreed) {
                elements.add(e.agreed().toHeaderValue());
            }
            response.add("Sec-WebSocket-Extensions", String.join(", ", elements));
        }
        HttpResponse ok = HttpResponse.of(HttpStatus.SWITCHING_PROTOCOLS, response.build(), NO_BODY);
        return new HandshakeResult.Accepted(ok, subprotocol, agreed);
    }

    private String chooseSubprotocol(List<String> offered) {
        Optional<String> chosen = selector.select(offered);
        if (chosen.isPresent() && !offered.contains(chosen.get())) {
            // §4.2.2 item 4: the server's value must be one the client sent.
            throw new IllegalStateException("subprotocol selector chose '" + chosen.get() + "', which the client did not offer");
        }
        return chosen.orElse(null);
    }

    /**
     * Asks each factory, in the server's order, about the client's offers of its extension, in the
     * client's order (§9.1). An extension whose RSV bits an earlier one already claimed is left
     * out: two meanings for one bit could not be told apart on the wire.
     */
    private List<Extension> negotiate(List<ExtensionOffer> offers) {
        if (offers.isEmpty() || extensions.isEmpty()) {
            return List.of();
        }
        Map<String, List<ExtensionOffer>> byName = new LinkedHashMap<>();
        for (ExtensionOffer o : offers) {
            byName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o);
        }
        List<Extension> agreed = new ArrayList<>();
        int claimedRsv = 0;
        for (ExtensionFactory factory : extensions) {
            List<ExtensionOffer> forThis = byName.get(factory.name().toLowerCase(Locale.ROOT));
            if (forThis == null) {
                continue;
            }
            Optional<Extension> accepted = factory.accept(List.copyOf(forThis));
            if (accepted.isPresent() && (accepted.get().rsvBits() & claimedRsv) == 0) {
                agreed.add(accepted.get());
                claimedRsv |= accepted.get().rsvBits();
            }
        }
        return agreed;
    }

    private static HttpHeaders.Builder upgradeHeaders() {
        // RFC 9110 §7.8: whoever sends Upgrade also lists it in Connection.
        return HttpHeaders.builder().add(UPGRADE).add(CONNECTION_UPGRADE);
    }

    private static HandshakeResult.Rejected reject(int status, String reason) {
        return reject(status, reason, HttpHeaders.builder());
    }

    private static HandshakeResult.Rejected reject(int status, String reason, HttpHeaders.Builder headers) {
        HttpHeaders h = headers.add("Content-Type", "text/plain; charset=utf-8").build();
        HttpResponse response = HttpResponse.of(status, h, (reason + "\n").getBytes(StandardCharsets.UTF_8));
        return new HandshakeResult.Rejected(response, reason);
    }
}
