package dev.weft.codec.handshake;

import dev.weft.codec.extension.Extension;
import dev.weft.codec.http.HttpResponse;
import java.util.List;
import java.util.Objects;

/**
 * What a server decided about an opening handshake: accept it or refuse it. Either way there is
 * a response to send.
 */
public sealed interface HandshakeResult {

    /**
     * Returns the response to send to the client.
     *
     * @return the 101 for an acceptance, the error response for a refusal
     */
    HttpResponse response();

    /**
     * The handshake succeeded. Once the response is written the connection speaks WebSocket
     * (RFC 6455 §4.2.2 item 5), and the server may send frames at once.
     *
     * @param response    the {@code 101 Switching Protocols} response
     * @param subprotocol the subprotocol chosen, or {@code null} if none
     * @param extensions  the extensions in force, in the order they apply; unmodifiable
     */
    record Accepted(HttpResponse response, String subprotocol, List<Extension> extensions)
            implements HandshakeResult {

        /** Checks and copies the components. */
        public Accepted {
            Objects.requireNonNull(response, "response");
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * The handshake was refused (RFC 6455 §4.2.1: the server MUST stop processing the handshake
     * and answer with an HTTP error).
     *
     * @param response the error response, whose status says why, with any header the status
     *                 requires (405 names {@code Allow}, 426 names {@code Upgrade})
     * @param reason   what was wrong, in words fit for a log; also the response's body
     */
    record Rejected(HttpResponse response, String reason) implements HandshakeResult {

        /** Checks the components. */
        public Rejected {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
