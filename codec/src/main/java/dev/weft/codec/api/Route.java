package dev.weft.codec.api;

import dev.weft.codec.engine.ProtocolConfig;
import dev.weft.codec.handshake.ServerHandshake;
import dev.weft.codec.http.HttpResponse;
import java.util.Objects;

/** What a server does with one HTTP request: a {@link RequestRouter}'s answer. */
public sealed interface Route {

    /**
     * Upgrade to WebSocket: run the opening handshake and, if it succeeds, hand the connection to
     * {@code handler}. A failed handshake is answered with the handshake's own status (400, 403,
     * 426, ...).
     *
     * @param handshake the server's handshake rules (subprotocols, origins, extensions)
     * @param handler   the application for this connection
     * @param config    the connection's limits
     */
    record Upgrade(ServerHandshake handshake, WebSocketHandler handler, ProtocolConfig config) implements Route {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if any is {@code null}
         */
        public Upgrade {
            Objects.requireNonNull(handshake, "handshake");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * Answer with a response whose body is part of a file, sent with zero copy where the transport
     * can (plain TCP) and through its buffers otherwise (TLS).
     *
     * @param head the status and headers; its body must be {@code null} and its
     *             {@code Content-Length} must equal the region's length
     * @param body the file region; the transport closes its channel after sending
     */
    record RespondFile(HttpResponse head, dev.weft.codec.engine.FileRegion body) implements Route {
        /**
         * Checks the components.
         *
         * @throws IllegalArgumentException if the head carries a body or a wrong Content-Length
         */
        public RespondFile {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(body, "body");
            if (head.body() != null) {
                throw new IllegalArgumentException("the head of a file response has no body of its own");
            }
            if (!String.valueOf(body.count()).equals(head.headers().first("Content-Length"))) {
                throw new IllegalArgumentException("Content-Length must be the region's length, " + body.count());
            }
        }
    }

    /**
     * Answer later: the response is worked out off the connection's thread (a file opened, a
     * directory listed, a database asked) and written when {@code answer} completes. Meanwhile
     * the connection reads nothing more, so a pipelined request waits its turn, and an event loop
     * serving it stays free for every other connection on it.
     *
     * <p>{@code answer} must complete with a {@link Respond} or a {@link RespondFile}. Completing
     * exceptionally, or with another route, answers 500 and logs a warning.
     *
     * @param answer completes, on any thread, with the route that answers the request
     */
    record Deferred(java.util.concurrent.CompletableFuture<? extends Route> answer) implements Route {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if {@code answer} is {@code null}
         */
        public Deferred {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * Answer with a plain HTTP response.
     *
     * @param response the response, with its whole body
     */
    record Respond(HttpResponse response) implements Route {
        /**
         * Checks the component.
         *
         * @throws NullPointerException if {@code response} is {@code null}
         */
        public Respond {
            Objects.requireNonNull(response, "response");
        }
    }
}
