package dev.weft.codec.handshake;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the subprotocol of a connection from the client's offer (RFC 6455 §4.2.2 item 4,
 * §1.9).
 *
 * <p>The rule Weft follows by default, {@link #clientPreference}: walk the client's
 * {@code Sec-WebSocket-Protocol} list in the client's order and take the first name the server
 * supports. The RFC leaves the choice to the server; honouring the client's order lets a client
 * list its newest protocol first and fall back gracefully. Names compare exactly, case included,
 * since they are opaque tokens (§11.5). If nothing matches, the response names no subprotocol and
 * the client decides whether to go on without one.
 *
 * <p>An application with another rule implements this interface; it must return one of the
 * offered names or nothing.
 */
@FunctionalInterface
public interface SubprotocolSelector {

    /**
     * Chooses a subprotocol.
     *
     * @param clientOffer the names the client offered, in its order; empty if it offered none
     * @return one of those names, or empty for no subprotocol
     */
    Optional<String> select(List<String> clientOffer);

    /**
     * Returns the default selector: the first name in the client's order that the server
     * supports.
     *
     * @param supported the names the server speaks
     * @return the selector
     */
    static SubprotocolSelector clientPreference(List<String> supported) {
        List<String> copy = List.copyOf(supported);
        return offer -> select(offer, copy);
    }

    /**
     * Applies the default rule once.
     *
     * @param clientOffer the names the client offered, in its order
     * @param supported   the names the server speaks; their order does not matter
     * @return the first offered name that is supported, or empty
     */
    static Optional<String> select(List<String> clientOffer, List<String> supported) {
        for (String name : clientOffer) {
            if (supported.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
