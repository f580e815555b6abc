package dev.weft.server;

import dev.weft.codec.http.HttpRequest;
import dev.weft.codec.http.HttpResponse;

/**
 * Answers plain HTTP requests on one path of a {@link WeftServer}.
 *
 * <p>Called on the connection's thread, which on the NIO transport is an event loop shared with
 * other connections: answer quickly and do not block. A handler that throws gets the client a
 * 500. For {@code HEAD} the server sends the response's head only, so a handler need not tell
 * the two apart.
 */
@FunctionalInterface
public interface HttpHandler {

    /**
     * Answers a request.
     *
     * @param request the request head; any request body has been skipped
     * @return the response, with its whole body
     */
    HttpResponse handle(HttpRequest request);
}
