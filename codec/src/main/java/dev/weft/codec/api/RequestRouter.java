package dev.weft.codec.api;

import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;

/**
 * Decides what a server does with each request on a connection: the application's entry point on
 * the server side. Called on the connection's thread, once per request.
 */
@FunctionalInterface
public interface RequestRouter {

    /**
     * Routes a request.
     *
     * @param request the parsed request
     * @return what to do with it
     */
    Route route(HttpRequest request);

    /**
     * Finishes an answer the connection makes by itself, without a route: to a malformed request
     * (400, 414, 431, 501, 505), a refused opening handshake (400, 403, 405, 426) or a router that
     * failed (500). A server adds here the fields it sends on every answer, such as {@code Date}
     * and {@code Server} (RFC 9110 §6.6.1, §10.2.4). Called on the connection's thread; if it
     * throws, the answer goes out unchanged.
     *
     * @param refusal the answer, which closes the connection
     * @return the answer to send; by default {@code refusal} itself
     */
    default HttpResponse refusal(HttpResponse refusal) {
        return refusal;
    }
}
