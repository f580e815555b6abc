package dev.weft.codec.extension;

import java.util.List;
import java.util.Optional;

/**
 * Negotiates one kind of extension in the opening handshake (RFC 6455 §9.1).
 *
 * <p>A server consults its factories in order of preference and accepts at most one offer per
 * factory; a client offers what its factories propose and checks that the server accepted
 * nothing it did not offer.
 */
public interface ExtensionFactory {

    /**
     * Returns the extension name this factory negotiates.
     *
     * @return the name, lower case
     */
    String name();

    /**
     * Server side: considers the client's offers of this extension, in the client's order of
     * preference, and accepts the first it can honour.
     *
     * @param offers the client's offers whose name is {@link #name()}, in order
     * @return the extension to use, or empty to decline them all
     */
    Optional<Extension> accept(List<ExtensionOffer> offers);

    /**
     * Client side: returns what to offer, in order of preference.
     *
     * @return the offers for the request header
     */
    List<ExtensionOffer> offers();

    /**
     * Client side: takes the server's acceptance.
     *
     * @param agreed the element of the server's response naming this extension
     * @return the extension to use
     * @throws IllegalArgumentException if the parameters are not ones this client can honour
     */
    Extension accepted(ExtensionOffer agreed);
}
