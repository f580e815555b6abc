package dev.weft.codec.api;

import dev.weft.codec.http.HttpRequest;

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
}
