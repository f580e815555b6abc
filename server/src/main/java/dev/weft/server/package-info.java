/**
 * The Weft server as a library: {@link dev.weft.server.WeftServer} serves WebSocket endpoints
 * with named {@link dev.weft.server.Subprotocol}s, {@link dev.weft.server.HttpHandler}s and
 * static files on one port, on any transport; {@link dev.weft.server.PemFiles} makes its TLS
 * context from PEM files.
 *
 * <p>{@link dev.weft.server.WeftServer#tutorial()} is the server of the Mongoose and
 * libwebsockets tutorials, which {@code ./weft server} runs.
 */
package dev.weft.server;
